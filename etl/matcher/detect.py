"""Decide which template a document follows: 2019 or 2021.

Judged from the tables, not the year (a few organs kept the 2019 tables after
2021): each template lists marker labels only it prints. Markers count once per
sub-table they belong to (the three headings of 第二十条第（一）项 are one piece
of evidence, not three), and only from the tables on: part 一's prose often names
政府集中采购 or 其他对外管理服务事项 whatever the tables are. A tie goes to 2021.
The year decides only when no marker is visible.
"""

from __future__ import annotations

from functools import lru_cache

from etl.matcher.labels import normalize_label
from etl.template import TEMPLATE_2019, TEMPLATE_2021, Template, template_for_year
from etl.template.parts import OTHER, OTHER_SUB_ROWS

_TABLES_START = ("信息内容", "第二十条")


@lru_cache(maxsize=2)
def _markers(template: Template) -> dict[str, str]:
    """Folded marker → the sub-table (group) it is evidence for."""
    active = template.table("active")
    groups: dict[str, str] = {}
    for marker in template.markers:
        folded = normalize_label(marker)
        groups[folded] = folded
        for row in active.rows:
            for col in active.columns_of(row):
                if folded in {normalize_label(x) for x in (col.label, *col.aliases)}:
                    groups[folded] = row.group or folded
    if template is TEMPLATE_2021:
        for row in OTHER_SUB_ROWS:
            if len(row.label) > 4:
                groups[normalize_label(row.label)] = OTHER
    return groups


def _evidence(template: Template, text: str) -> int:
    return len({group for marker, group in _markers(template).items() if marker in text})


def detect_template(normalized_text: str, year: int | None) -> tuple[Template, str]:
    """Return the template and a short reason, from markers in the folded text."""
    starts = [i for i in (normalized_text.find(s) for s in _TABLES_START) if i >= 0]
    text = normalized_text[min(starts) :] if starts else normalized_text
    hits_2021 = _evidence(TEMPLATE_2021, text)
    hits_2019 = _evidence(TEMPLATE_2019, text)
    if hits_2021 or hits_2019:
        if hits_2021 >= hits_2019:
            return TEMPLATE_2021, f"2021 markers {hits_2021} vs 2019 markers {hits_2019}"
        return TEMPLATE_2019, f"2019 markers {hits_2019} vs 2021 markers {hits_2021}"
    if year is not None:
        return template_for_year(year), f"no marker labels; year {year}"
    return TEMPLATE_2021, "no marker labels and no year; assumed 2021"
