"""The declarative definition of both national templates, and lookups over it.

This package is the single source of labels and keys: the matcher, the DuckDB
schema, the dashboard and the data dictionary all read it.
"""

from __future__ import annotations

from functools import cache

from etl.template.model import Column, NarrativeField, Row, Severity, Table, Template
from etl.template.parts import FLOW_ROWS, outcome_rows
from etl.template.v2019 import TEMPLATE_2019
from etl.template.v2021 import TEMPLATE_2021

TEMPLATES: dict[str, Template] = {"2019": TEMPLATE_2019, "2021": TEMPLATE_2021}

#: Report metadata fields of the spec, with their Chinese labels.
META_FIELDS: dict[str, str] = {
    "agency": "机关名称",
    "year": "统计年度",
    "template": "模板版本",
    "province": "省",
    "city": "市",
    "county": "县",
    "level": "层级",
    "kind": "类型",
    "published_on": "发布日期",
    "published_on_source": "发布日期出处",
}

LEVELS: tuple[str, ...] = ("国务院部门", "省级", "市级", "县级", "乡镇街道")
KINDS: tuple[str, ...] = ("人民政府", "部门")

#: Part headings of the report (一…六), for section finding and the dictionary.
PART_TITLES: dict[int, str] = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
#: The numerals the parts are printed with (第一部分 … 第六部分).
PART_NUMERALS = "一二三四五六"
#: Words a part's printed heading carries when a report words its title its own way
#: (一、概述 / 三、依申请公开情况 / 五、存在问题及改进措施); the first is the title's own.
PART_WORDS: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "概述", "概况", "总体公开情况"),
    2: ("主动公开",),
    3: ("收到和处理", "依申请公开"),
    4: ("复议", "诉讼"),
    5: ("存在的主要问题", "存在问题", "主要问题"),
    6: ("其他需要报告",),
}


def part_name(part: int) -> str:
    """How a report names one of its parts.

    >>> part_name(3)
    '第三部分'
    """
    return f"第{PART_NUMERALS[part - 1]}部分"


def part_heading(part: int) -> str:
    """A part's name with its title, as findings and ``xxgk explain`` print it.

    >>> part_heading(4)
    '第四部分（政府信息公开行政复议、行政诉讼情况）'
    """
    return f"{part_name(part)}（{PART_TITLES[part]}）"


def table_part(table_key: str) -> int | None:
    """The part (2–4) that prints a table, by the table's key; None for other keys.

    >>> table_part("apply"), table_part("narrative")
    (3, None)
    """
    for template in TEMPLATES.values():
        for table in template.tables:
            if table.key == table_key:
                return table.part
    return None


def row_label(table_key: str, row_key: str) -> str:
    """A row's printed label (the 2021 template's, else the 2019 one's).

    >>> row_label("apply", "granted"), row_label("appeal", "review")
    ('予以公开', '行政复议')
    """
    for template in (TEMPLATE_2021, TEMPLATE_2019):
        for table in template.tables:
            for row in table.rows if table.key == table_key else ():
                if row.key == row_key:
                    return row.label
    raise KeyError(f"no row {row_key!r} in table {table_key!r}")


def get_template(template_id: str) -> Template:
    """The template with this id ("2019" or "2021")."""
    try:
        return TEMPLATES[template_id]
    except KeyError:
        raise KeyError(f"unknown template {template_id!r}; known: 2019, 2021") from None


def template_for_year(year: int) -> Template:
    """The template in force for a year's report (the latest whose first year it has reached).

    >>> template_for_year(2020).id, template_for_year(2021).id, template_for_year(2030).id
    ('2019', '2021', '2021')
    """
    in_force = [t for t in TEMPLATES.values() if t.first_year <= year]
    if not in_force:
        return min(TEMPLATES.values(), key=lambda t: t.first_year)
    return max(in_force, key=lambda t: t.first_year)


#: The first statistics year any template governs: earlier reports have no standard tables.
FIRST_YEAR: int = min(t.first_year for t in TEMPLATES.values())


def wide_column(key: str) -> str:
    """A table key's column name in the per-part wide views: ``<row>__<column>``.

    >>> wide_column("apply.unable_not_held.total")
    'unable_not_held__total'
    """
    _, row, col = key.split(".")
    return wide_name(row, col)


def wide_name(row: str, column: str) -> str:
    """The wide column name of a row (or a group of rows) and a column key.

    >>> wide_name("review", "corrected")
    'review__corrected'
    """
    return f"{row}__{column}"


def split_wide(name: str) -> tuple[str, str]:
    """The row (or group) and column key of a wide column name; inverse of ``wide_name``.

    >>> split_wide("review__corrected"), split_wide(wide_column("apply.new.total"))
    (('review', 'corrected'), ('new', 'total'))
    """
    row, _, column = name.partition("__")
    return row, column


def all_keys() -> list[str]:
    """Every canonical key of either template, in printed order, without repeats."""
    seen: dict[str, None] = {}
    for template in (TEMPLATE_2021, TEMPLATE_2019):
        for key in template.keys():  # noqa: SIM118 - Template.keys() is not a dict
            seen.setdefault(key, None)
    return list(seen)


def key_labels() -> dict[str, str]:
    """Canonical key → Chinese label across both templates."""
    out: dict[str, str] = {}
    for template in (TEMPLATE_2019, TEMPLATE_2021):
        out.update(template.labels())
    return out


def derived_keys(template: Template) -> dict[str, tuple[str, ...]]:
    """Key → the keys it sums, for rows the template derives (2021 apply.other)."""
    out: dict[str, tuple[str, ...]] = {}
    for table in template.tables:
        for row in table.rows:
            if row.derived_from:
                for col in table.columns_of(row):
                    out[table.cell_key(row, col)] = tuple(
                        table.cell_key(src, col) for src in row.derived_from
                    )
    return out


#: Units of narrative fields that are money (decimals allowed).
MONEY_UNITS = ("元", "万元")


@cache
def _columns_by_key() -> dict[str, Column]:
    out: dict[str, Column] = {}
    for template in TEMPLATES.values():
        for table in template.tables:
            for _, col, key in table.cells():
                out.setdefault(key, col)
    return out


@cache
def _money_fields() -> frozenset[str]:
    return frozenset(
        f.key for t in TEMPLATES.values() for f in t.narrative if f.unit in MONEY_UNITS
    )


def is_amount(key: str) -> bool:
    """True for money keys (decimals allowed), as the template's columns and fields declare.

    >>> is_amount("active.procurement.amount_wan_yuan"), is_amount("apply.new.total")
    (True, False)
    >>> is_amount("narrative.processing_fee_yuan")
    True
    """
    col = _columns_by_key().get(key)
    return col.is_amount if col is not None else key in _money_fields()


def may_be_negative(key: str) -> bool:
    """True for keys whose column the template lets go below zero (本年增/减).

    >>> may_be_negative("active.licensing.change"), may_be_negative("apply.new.total")
    (True, False)
    """
    col = _columns_by_key().get(key)
    return col is not None and col.may_be_negative


__all__ = [
    "FIRST_YEAR",
    "FLOW_ROWS",
    "KINDS",
    "LEVELS",
    "META_FIELDS",
    "PART_NUMERALS",
    "PART_TITLES",
    "PART_WORDS",
    "TEMPLATES",
    "TEMPLATE_2019",
    "TEMPLATE_2021",
    "Column",
    "NarrativeField",
    "Row",
    "Severity",
    "Table",
    "Template",
    "all_keys",
    "derived_keys",
    "get_template",
    "is_amount",
    "key_labels",
    "may_be_negative",
    "outcome_rows",
    "part_heading",
    "part_name",
    "row_label",
    "split_wide",
    "table_part",
    "template_for_year",
    "wide_column",
    "wide_name",
]
