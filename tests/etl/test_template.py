"""Metadata tests of the declarative template definition."""

from __future__ import annotations

import ast
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


def _template_labels() -> set[str]:
    """Every label, alias, title, group and marker of both templates (3+ characters).

    PART_WORDS are not among them: they are ordinary words (主动公开) that headings carry."""
    from etl.template import PART_TITLES, TEMPLATES

    out: set[str] = set(PART_TITLES.values())
    for template in TEMPLATES.values():
        out.update(template.markers)
        for table in template.tables:
            out.update((table.title, *table.groups))
            for item in (*table.rows, *table.columns):
                out.update((item.label, *item.aliases))
    return {label for label in out if len(label) >= 3}  # 总计, 其他 are ordinary words


def _code_strings(source: str) -> str:
    """The string literals a module's code uses: docstrings (their examples quote printed
    reports) and comments are documentation, not copies the code depends on."""
    tree = ast.parse(source)
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    )


def test_code_strings_skip_documentation():
    source = '"""总体情况"""\n# 自然人\nX = "商业企业"\ndef f():\n    """行政许可"""\n    return f"{X}行政处罚"\n'
    assert _code_strings(source).split("\n") == ["商业企业", "行政处罚"]


def test_template_labels_typed_only_in_template_package():
    """No module outside etl/template/ types a template label in its code (docstrings and
    comments may quote a report): it reads labels, titles and groups from etl.template."""
    labels = _template_labels()
    assert "自然人" in labels and len(labels) > 50
    found: dict[str, list[str]] = {}
    for path in sorted([*ROOT.glob("etl/**/*.py"), *ROOT.glob("dashboard/**/*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("etl/template/"):
            continue
        text = _code_strings(path.read_text(encoding="utf-8"))
        hits = sorted(label for label in labels if label in text)
        if hits:
            found[rel] = hits
    assert not found, "read these labels from etl.template"


def test_generated_docs_are_up_to_date():
    """docs/dictionary.md and docs/rules.md are regenerated by `make dictionary`."""
    assert (ROOT / "docs" / "dictionary.md").read_text(
        encoding="utf-8"
    ) == render_dictionary() + "\n"
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render_rules() + "\n"
