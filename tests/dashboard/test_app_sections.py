"""Pages draw one detail section at a time (``show=`` in the URL), each of which opens."""

from __future__ import annotations

import pytest
from test_app import figures, run_app

#: page → its detail sections (slugs), the default first
SECTIONS = {
    "outcomes": ("agencies", "applications", "level", "applicant", "backlog"),
    "denials": ("trend", "agencies", "outliers"),
    "licensing": ("agencies", "level", "region", "documents", "fees"),
    "appeals": ("trend", "level", "agencies"),
    "quality": ("year", "agencies"),
}


@pytest.mark.parametrize(("page", "slug"), [(p, s) for p, slugs in SECTIONS.items() for s in slugs])
def test_every_section_opens_from_its_link(dash_db, monkeypatch, page, slug):
    at = run_app(dash_db, monkeypatch, page, show=slug)
    assert at.query_params["show"] in (slug, [slug])
    assert figures(at), "a section draws its chart"


def test_agency_comparison_sections(dash_db, monkeypatch):
    """机关对比 needs an agency; both of its sections open for it."""
    from test_app import key_of

    for slug in ("trends", "applications"):
        at = run_app(dash_db, monkeypatch, "agencies", focus=key_of("乙市行政审批局"), show=slug)
        assert at.query_params["show"] in (slug, [slug])
        assert len(figures(at)) == 1


@pytest.mark.parametrize("page", SECTIONS)
def test_a_page_opens_on_its_default_section_and_switches(dash_db, monkeypatch, page):
    at = run_app(dash_db, monkeypatch, page)
    default, other = SECTIONS[page][:2]
    assert at.query_params["show"] in (default, [default])
    control = at.segmented_control(key=f"{page}-show")
    before = len(at.get("plotly_chart"))
    control.set_value(control.options[1]).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["show"] in (other, [other])
    assert len(at.get("plotly_chart")) >= 1 and before >= 2
