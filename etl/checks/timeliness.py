"""Whether a report came out by the 条例's deadline: 31 January of the following year.

A report whose printed date (``published_on``) is later gets an L1 finding naming
the date, where it was read and how many days late it is. A report that prints no
date gets none here: the timeliness page lists those as 未载明, since lateness
cannot be told.
"""

from __future__ import annotations

from datetime import date

from etl.findings import Finding
from etl.reportmeta import ReportMeta


def deadline(year: int) -> date:
    """The last day a report for ``year`` may be published (31 January of ``year + 1``).

    >>> deadline(2023)
    datetime.date(2024, 1, 31)
    """
    return date(year + 1, 1, 31)


def check_timeliness(meta: ReportMeta) -> list[Finding]:
    """L1 when the report's date is after its deadline.

    >>> check_timeliness(ReportMeta(year=2023, published_on=date(2024, 3, 2),
    ...                             published_on_source="落款日期"))[0].message
    '年报的发布日期 2024-03-02（落款日期）晚于《条例》规定的 2024-01-31，逾期 31 天。'
    >>> check_timeliness(ReportMeta(year=2023, published_on=date(2024, 1, 31)))
    []
    """
    year, on = meta.year, meta.published_on
    if year is None or on is None:
        return []
    due = deadline(year)
    if on <= due:
        return []
    source = meta.published_on_source
    where = f"（{source}）" if source else ""
    return [
        Finding(
            "L1",
            f"年报的发布日期 {on.isoformat()}{where}晚于《条例》规定的 {due.isoformat()}，"
            f"逾期 {(on - due).days} 天。",
        )
    ]
