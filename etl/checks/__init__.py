"""The checks stage: every rule on one parsed report, run once by the parse step.

``check_report`` returns the findings of one report in a fixed order: the
template's sums and counts (R1–R4, R6, V1, :mod:`.values`), the agency doubts
found while placing the organ (A1/A2, made by :mod:`etl.agencies.enrich`),
template conformity (T1–T4, :mod:`.conformity`) and the prose against the tables
(N1–N2, :mod:`.narrative`). The matcher's parsing doubts (P…) are inputs, not
repeated. R5 compares a report with the year before, so it needs the database:
it lives in :mod:`.crossyear` and is run by ``etl.store.crossyear`` after each load.
"""

from __future__ import annotations

from collections.abc import Sequence

from etl.checks.conformity import (
    check_columns,
    check_missing_rows,
    check_period_year,
    check_template_year,
)
from etl.checks.narrative import check_narrative
from etl.checks.timeliness import check_timeliness
from etl.checks.values import check_values
from etl.findings import Finding
from etl.matcher.narrative import NarrativeFacts
from etl.matcher.report import ParsedReport
from etl.template import get_template


def check_report(
    report: ParsedReport, facts: NarrativeFacts, agency_doubts: Sequence[Finding] = ()
) -> list[Finding]:
    """All single-report findings beyond the matcher's own, in report order."""
    values = report.all_values()
    derived = {k for k, v in report.values.items() if v.derived}
    template = get_template(report.template_id)
    parsing = report.findings
    return [
        *check_values(values, template),
        *agency_doubts,
        *check_missing_rows(values, derived, parsing, report.parts_found, template),
        *check_columns(parsing, template),
        *check_template_year(report.meta),
        *check_period_year(report.meta, facts.period_year, facts.period_text),
        *check_narrative(facts.numbers, values),
        *check_timeliness(report.meta),
    ]


__all__ = ["check_report", "check_values"]
