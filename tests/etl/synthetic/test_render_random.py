import random

import pytest
from render_helpers import check_rules

from etl.synthetic.random_report import random_consistent_values, random_report
from etl.template import derived_keys, get_template


@pytest.mark.parametrize("scale", ["small", "medium", "large"])
@pytest.mark.parametrize("seed", range(15))
def test_random_values_satisfy_every_rule(template_id, scale, seed):
    values = random_consistent_values(random.Random(seed), template_id, scale)
    assert check_rules(template_id, values) == []


def test_random_values_cover_every_key(template_id):
    values = random_consistent_values(random.Random(1), template_id)
    t = get_template(template_id)
    assert set(values) == set(t.keys()) | set(derived_keys(t))


def test_scales_differ_in_size(template_id):
    def requests(scale):
        rng = random.Random(7)
        runs = [random_consistent_values(rng, template_id, scale) for _ in range(20)]
        return sum(v["apply.new.total"] + v["apply.carried_in.total"] for v in runs) / 20

    assert requests("small") < requests("medium") < requests("large")


def test_random_values_are_not_all_zero(template_id):
    rng = random.Random(3)
    runs = [random_consistent_values(rng, template_id, "medium") for _ in range(10)]
    assert any(v["apply.total.total"] > 0 for v in runs)
    assert any(v["apply.carried_out.total"] > 0 for v in runs)
    assert any(v["appeal.review.total"] > 0 for v in runs)
    assert any(v["narrative.processing_fee_yuan"] == 0 for v in runs)


def test_change_can_be_negative_but_never_below_the_previous_stock():
    rng = random.Random(11)
    seen_negative = False
    for _ in range(40):
        v = random_consistent_values(rng, "2019", "small")
        for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
            change = v[f"active.{row}.change"]
            seen_negative |= change < 0
            assert v[f"active.{row}.prev_items"] + change >= 0
    assert seen_negative


def test_same_seed_same_report():
    a = random_report(random.Random(5), "2021", "medium")
    b = random_report(random.Random(5), "2021", "medium")
    assert a == b
    assert a.year >= 2021
    assert random_report(random.Random(5), "2019").year in (2019, 2020)
