"""ReportMeta: the one metadata record; its JSON is the ``meta`` of ``xxgk parse --json``."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from etl.agencies.enrich import enrich_meta
from etl.reportmeta import ReportMeta
from etl.template import META_FIELDS

MATCHED = ReportMeta(
    agency="保定市行政审批局",
    year=2024,
    template="2021",
    published_on=date(2025, 1, 20),
    published_on_source="落款日期",
    template_reason="2021 markers 3 vs 2019 markers 0",
)


def test_every_labelled_meta_field_is_a_field_of_the_record():
    assert set(META_FIELDS) <= {f.name for f in dataclasses.fields(ReportMeta)}


def test_json_before_enrichment_has_no_place_ids():
    out = MATCHED.to_json()
    assert list(out) == [*META_FIELDS, "template_reason"]
    assert out["published_on"] == "2025-01-20" and out["province"] is None
    json.dumps(out)  # plain JSON values only


def test_enrichment_returns_a_new_record_with_place_and_id(tmp_path: Path):
    placed = enrich_meta(MATCHED, tmp_path / "report.txt").meta
    assert MATCHED.agency_id is None  # the matcher's record is unchanged
    assert placed.placed and placed.agency_id is not None
    assert (placed.province, placed.city, placed.level) == ("河北省", "保定市", "市级")
    out = placed.to_json()
    assert list(out)[-3:] == ["adcode", "agency_id", "is_office_on_behalf"]
    assert placed.organ.key == f"id:{placed.agency_id}"


def test_the_record_cannot_be_changed_in_place():
    with pytest.raises(dataclasses.FrozenInstanceError):
        MATCHED.year = 2023  # type: ignore[misc]
