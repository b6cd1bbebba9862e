"""Example SQL over a published xxgk database, printed in the data dictionary and
offered on the dashboard's SQL page.

Each query reads only the contract tables and views (``reports``, ``report_wide``,
``report_values``, ``findings``, ``v_coverage``), so it runs unchanged on any
snapshot; the value columns are canonical keys (see the dictionary above them).
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.template import row_label


@dataclass(frozen=True)
class ExampleQuery:
    """A titled example query."""

    title: str
    sql: str


EXAMPLE_QUERIES: tuple[ExampleQuery, ...] = (
    ExampleQuery(
        "每年的年报份数与机关数",
        """SELECT year, count(*) AS reports, count(DISTINCT agency) AS agencies
FROM reports GROUP BY year ORDER BY year""",
    ),
    ExampleQuery(
        "各层级逐年新收申请总数",
        """SELECT r.year, r.level, sum(w."apply.new.total") AS new_applications
FROM reports r JOIN report_wide w USING (report_id)
GROUP BY ALL ORDER BY r.year, r.level""",
    ),
    ExampleQuery(
        "新收申请最多的 20 个机关（最近一年）",
        """SELECT r.agency, r.year, w."apply.new.total" AS new_applications
FROM reports r JOIN report_wide w USING (report_id)
WHERE r.year = (SELECT max(year) FROM reports)
ORDER BY new_applications DESC NULLS LAST LIMIT 20""",
    ),
    ExampleQuery(
        f"{row_label('apply', 'granted')}率（按年度）",
        """SELECT r.year,
       round(100 * sum(w."apply.granted.total") / nullif(sum(w."apply.total.total"), 0), 1)
         AS granted_pct
FROM reports r JOIN report_wide w USING (report_id)
GROUP BY r.year ORDER BY r.year""",
    ),
    ExampleQuery(
        "复议、诉讼被纠正的机关",
        """SELECT r.agency, r.year, w."appeal.review.corrected" AS review_corrected,
       w."appeal.suit_direct.corrected" AS litigation_corrected
FROM reports r JOIN report_wide w USING (report_id)
WHERE w."appeal.review.corrected" > 0 OR w."appeal.suit_direct.corrected" > 0
ORDER BY r.year DESC, r.agency""",
    ),
    ExampleQuery(
        "问题最多的规则",
        """SELECT rule, severity, count(*) AS findings, count(DISTINCT report_id) AS reports
FROM findings GROUP BY ALL ORDER BY findings DESC""",
    ),
    ExampleQuery(
        "一个数值的出处（长表与定位）",
        """SELECT r.agency, r.year, v.key, v.value, v.derived, v.locator
FROM report_values v JOIN reports r USING (report_id)
WHERE v.key = 'apply.new.total' ORDER BY r.year DESC, r.agency LIMIT 50""",
    ),
    ExampleQuery(
        "未发布年报的机关与年度",
        """SELECT * FROM v_coverage WHERE status = '未发布' ORDER BY year DESC""",
    ),
)


def render_examples() -> list[str]:
    """The examples as Markdown lines (a section of the data dictionary)."""
    out = ["## 示例查询 / example queries", ""]
    for q in EXAMPLE_QUERIES:
        out += [f"### {q.title}", "", "```sql", q.sql, "```", ""]
    return out
