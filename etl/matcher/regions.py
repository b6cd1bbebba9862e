"""Where each part's table may be: page chrome is not the report.

Government sites wrap a report in a catalogue header (索引号 / 发布机构 / 成文日期 /
规范性文件登记 / 文号), breadcrumbs and related links. A header cell such as
``规范性文件登记:`` looks like the template's 规范性文件 row; if it opened that row
its blanks would become 0s and the real row would be dropped. So a template row
may open only inside its part's region: after the heading of its part (二 for
part 二's rows, 三 for part 三's), or, when the document does not print that
heading, after the heading of the part before it. A document printing no part
heading at all (an excerpt of the tables) is not restricted; the headings are those
``etl.matcher.sections`` finds. A cell ending in a colon (``文号：``) is a field name
of the page, never a row label.
"""

from __future__ import annotations

from etl.matcher.sections import part_starts
from etl.template import table_part


def region_starts(texts: list[tuple[int, str]]) -> dict[str, int]:
    """For each table key, the first stream position where its rows may open.

    ``texts`` holds the (position, text) of the document's text cells in order.
    """
    found = part_starts([text for _, text in texts])
    first = {part: texts[i][0] for part, i in found.items()}
    if not any(p in first for p in (2, 3)):
        return {}
    starts: dict[str, int] = {}
    for key in ("active", "apply"):
        part = table_part(key) or 0
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
