import pytest
from hypothesis import HealthCheck, given, settings
from render_helpers import check_rules, expected_sequence

from etl.synthetic.html import render_html
from etl.synthetic.text import render_text
from etl.template import derived_keys, get_template
from tests.fixtures.strategies import consistent_reports, consistent_values

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("template_id", ["2019", "2021"])
def test_consistent_values_obey_every_rule(template_id):
    @FAST
    @given(consistent_values(template_id))
    def check(values):
        assert check_rules(template_id, values) == []
        t = get_template(template_id)
        assert set(values) == set(t.keys()) | set(derived_keys(t))

    check()


@pytest.mark.parametrize("template_id", ["2019", "2021"])
def test_consistent_reports_render_every_number(template_id):
    @FAST
    @given(consistent_reports(template_id))
    def check(spec):
        assert spec.template == template_id
        text = render_text(spec, "tab")
        numbers = [f for line in text.splitlines() if "\t" in line for f in line.split("\t")]
        numbers = [f for f in numbers if f.lstrip("-").replace(".", "", 1).isdigit()]
        assert numbers == expected_sequence(spec)
        assert render_html(spec).count(b"<table") == 3

    check()


def test_styles_are_drawn_from_the_given_ones():
    @FAST
    @given(consistent_reports("2021", styles=["gbk", "blank_zeros"]))
    def check(spec):
        assert spec.style in ("gbk", "blank_zeros")

    check()
