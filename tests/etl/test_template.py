"""Metadata tests of the declarative template definition."""

from __future__ import annotations

import subprocess
from pathlib import Path

from etl.matcher.labels import normalize_label
from etl.template import TEMPLATE_2019, TEMPLATE_2021, all_keys, derived_keys, key_labels
from etl.template.dictionary import render_dictionary, render_rules
from etl.template.rules import FINDING_CATALOGUE, SUM_RULES

ROOT = Path(__file__).resolve().parents[2]


def test_keys_unique_per_template():
    for t in (TEMPLATE_2019, TEMPLATE_2021):
        keys = t.keys()
        assert len(keys) == len(set(keys))


def test_key_counts_match_spec():
    # 2021: part 2 has 10 cells, part 3 has 26 rows × 7, part 4 has 15, narrative 2.
    assert len(TEMPLATE_2021.keys()) == 10 + 26 * 7 + 15 + 2
    # 2019: part 2 has 22 cells, part 3 has 23 rows × 7.
    assert len(TEMPLATE_2019.keys()) == 22 + 23 * 7 + 15 + 2


def test_templates_differ_exactly_where_spec_says():
    k19, k21 = set(TEMPLATE_2019.keys()), set(TEMPLATE_2021.keys())
    only21 = {k.rsplit(".", 1)[0] for k in k21 - k19}
    only19 = {k.rsplit(".", 1)[0] for k in k19 - k21}
    assert {k for k in only21 if k.startswith("apply")} == {
        "apply.other_no_correction",
        "apply.other_unpaid_fee",
        "apply.other_misc",
    }
    assert "active.procurement" in only19 and "active.other_services" in only19
    assert "active.regulations" in only21  # issued/repealed/in_force columns
    assert {k for k in k21 & k19 if k.startswith("appeal")} == {
        k for k in k21 if k.startswith("appeal")
    }


def test_no_alias_maps_to_two_rows():
    for t in (TEMPLATE_2019, TEMPLATE_2021):
        for table in t.tables:
            seen: dict[str, str] = {}
            for row in table.rows:
                for label in (row.label, *row.aliases):
                    norm = normalize_label(label)
                    assert seen.setdefault(norm, row.key) == row.key, (table.key, label)


def test_every_key_has_a_label_and_is_in_dictionary():
    labels = key_labels()
    text = render_dictionary()
    for key in all_keys():
        assert labels.get(key), key
        assert f"`{key}`" in text


def test_rule_keys_exist_and_cover_part3_and_4():
    keys = set(all_keys())
    covered: set[str] = set()
    for t in (TEMPLATE_2019, TEMPLATE_2021):
        for rule in SUM_RULES:
            for _, lhs, rhs in rule.instances(t):
                assert set(lhs) | set(rhs) <= keys
                covered |= set(lhs) | set(rhs)
    for key in keys:
        if key.startswith(("apply.", "appeal.")):
            assert key in covered, f"{key} is covered by no rule"


def test_derived_other_2021_only():
    assert set(derived_keys(TEMPLATE_2021)) == {
        f"apply.other.{c}"
        for c in ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    }
    assert derived_keys(TEMPLATE_2019) == {}


def test_rules_doc_lists_every_finding_id():
    text = render_rules()
    for f in FINDING_CATALOGUE:
        assert f"| {f.id} |" in text


def test_template_labels_typed_only_in_template_package():
    """No label list is typed twice: 自然人 appears in code only under etl/template/."""
    out = subprocess.run(
        ["grep", "-rl", "--include=*.py", "自然人", "etl", "dashboard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out and all(p.startswith("etl/template/") for p in out), out
