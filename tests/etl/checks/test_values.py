"""Every consistency rule: a passing and a failing case each."""

from __future__ import annotations

import pytest

from etl.checks.values import check_values
from etl.matcher.report import match_document
from etl.readers.text import read_text
from etl.template import TEMPLATE_2019, TEMPLATE_2021


@pytest.fixture(scope="module")
def seed_values(seed_path):
    report = match_document(read_text(seed_path))
    return report.all_values()


def rules_of(values, template=TEMPLATE_2021):
    return sorted({f.rule for f in check_values(values, template)})


def test_seed_is_consistent(seed_values):
    assert rules_of(seed_values) == []


@pytest.mark.parametrize(
    ("key", "delta", "rules"),
    [
        ("apply.new.total", 1, ["R1", "R2"]),  # row sum and column balance
        ("apply.granted.natural", 1, ["R1", "R3"]),  # row sum and results total
        ("apply.carried_out.total", 1, ["R1", "R2"]),
        ("appeal.review.total", 1, ["R4"]),
        ("appeal.suit_after_review.upheld", -1, ["R4"]),
    ],
)
def test_one_cell_corruption_fires_expected_rules(seed_values, key, delta, rules):
    broken = dict(seed_values)
    broken[key] += delta
    findings = check_values(broken, TEMPLATE_2021)
    assert sorted({f.rule for f in findings}) == rules
    assert all(key in f.keys for f in findings)
    for f in findings:
        assert f.expected is not None and f.found is not None and f.expected != f.found
        assert f.message


def test_r6_negative_and_fractional_counts(seed_values):
    broken = dict(seed_values)
    broken["active.licensing.decisions"] = -3
    broken["active.normative_docs.issued"] = 1.5
    broken["active.fees.amount_wan_yuan"] = 26.55  # money may be decimal
    r6 = [f for f in check_values(broken, TEMPLATE_2021) if f.rule == "R6"]
    assert sorted(k for f in r6 for k in f.keys) == [
        "active.licensing.decisions",
        "active.normative_docs.issued",
    ]


def test_r6_change_may_be_negative():
    assert rules_of({"active.licensing.change": -4.0}, TEMPLATE_2019) == []


def test_absent_cells_are_not_checked():
    # A row with its total absent cannot be checked: no finding, no guess.
    values = {"apply.new.natural": 3.0, "apply.new.commercial": 1.0}
    assert rules_of(values) == []


def test_2021_other_uses_derived_sum(seed_values):
    values = dict(seed_values)
    values["apply.other_misc.natural"] = 2.0  # sub-row changed, derived other not updated
    assert "R3" not in rules_of(values)  # R3 uses apply.other (derived), still consistent
    assert "R1" in rules_of(values)
