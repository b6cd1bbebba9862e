"""Where each part's table may be: page chrome is not the report.

Government sites wrap a report in a catalogue header (索引号 / 发布机构 / 成文日期 /
规范性文件登记 / 文号), breadcrumbs and related links. A header cell such as
``规范性文件登记:`` looks like the template's 规范性文件 row; if it opened that row
its blanks would become 0s and the real row would be dropped. So a template row
may open only inside its part's region: after the heading of its part (二 for
part 二's rows, 三 for part 三's), or, when the document does not print that
heading, after the heading of the part before it. A document printing no part
heading at all (an excerpt of the tables) is not restricted. A cell ending in a
colon (``文号：``) is a field name of the page, never a row label.
"""

from __future__ import annotations

from etl.matcher.labels import normalize_label
from etl.template import PART_TITLES

_TITLES = {p: normalize_label(t) for p, t in PART_TITLES.items()}
_TABLE_PART = {"active": 2, "apply": 3}


def is_heading(text: str, part: int) -> bool:
    """True when a cell is part ``part``'s heading (二、主动公开政府信息情况).

    >>> is_heading("二、主动公开政府信息情况", 2), is_heading("（二）主动公开", 2)
    (True, False)
    """
    norm = normalize_label(text)
    title = _TITLES[part]
    return title in norm and len(norm) <= len(title) + 10


def region_starts(texts: list[tuple[int, str]]) -> dict[str, int]:
    """For each table key, the first stream position where its rows may open.

    ``texts`` holds the (position, text) of the document's text cells in order.
    """
    first: dict[int, int] = {}
    for pos, text in texts:
        if len(text) > 60:
            continue
        for part in (1, 2, 3, 4):
            if part not in first and is_heading(text, part):
                first[part] = pos
    if not any(p in first for p in (2, 3)):
        return {}
    starts: dict[str, int] = {}
    for key, part in _TABLE_PART.items():
        # Its own heading, else the nearest earlier heading the document prints.
        for p in range(part, 0, -1):
            if p in first:
                starts[key] = first[p]
                break
    return starts


def is_field_name(text: str) -> bool:
    """A page's field name (``规范性文件登记:`` / ``文号：``), never a row label.

    >>> is_field_name("规范性文件登记:"), is_field_name("规范性文件")
    (True, False)
    """
    return text.rstrip().endswith((":", "："))
