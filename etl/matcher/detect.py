"""Decide which template a document follows: 2019 or 2021.

Judged from the tables, not the year (a few organs kept the 2019 tables after
2021): each template lists marker labels only it prints. The year decides only
when no marker is visible.
"""

from __future__ import annotations

from etl.matcher.labels import normalize_label
from etl.template import TEMPLATE_2019, TEMPLATE_2021, Template
from etl.template.parts import OTHER_SUB_ROWS


def _markers(template: Template) -> list[str]:
    marks = [normalize_label(m) for m in template.markers]
    if template is TEMPLATE_2021:
        marks += [normalize_label(r.label) for r in OTHER_SUB_ROWS if len(r.label) > 4]
    return marks


def detect_template(normalized_text: str, year: int | None) -> tuple[Template, str]:
    """Return the template and a short reason, from markers in the folded text."""
    hits_2021 = sum(1 for m in _markers(TEMPLATE_2021) if m in normalized_text)
    hits_2019 = sum(1 for m in _markers(TEMPLATE_2019) if m in normalized_text)
    if hits_2021 or hits_2019:
        if hits_2021 >= hits_2019:
            return TEMPLATE_2021, f"2021 markers {hits_2021} vs 2019 markers {hits_2019}"
        return TEMPLATE_2019, f"2019 markers {hits_2019} vs 2021 markers {hits_2021}"
    if year is not None and year >= 2021:
        return TEMPLATE_2021, f"no marker labels; year {year}"
    if year is not None:
        return TEMPLATE_2019, f"no marker labels; year {year}"
    return TEMPLATE_2021, "no marker labels and no year; assumed 2021"
