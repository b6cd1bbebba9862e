"""Checks beyond the in-report sums of ``etl.validate``: conformity, prose, across years.

``check_parsed`` runs every check that needs only one parsed report and the
facts its prose states; the cross-year rule R5 needs the database and is run
by ``etl.store.crossyear`` after each load.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from etl.checks.conformity import (
    check_columns,
    check_missing_rows,
    check_period_year,
    check_template_year,
)
from etl.checks.narrative import check_narrative
from etl.findings import Finding
from etl.matcher.narrative import NarrativeFacts
from etl.template import Template


def check_parsed(
    values: Mapping[str, float],
    derived: Collection[str],
    findings: list[Finding],
    parts_found: Collection[int],
    meta: Mapping,
    facts: NarrativeFacts,
    template: Template,
) -> list[Finding]:
    """T1–T4 and N1–N2 for one report (the matcher's own findings are inputs, not repeated)."""
    return [
        *check_missing_rows(values, derived, findings, parts_found, template),
        *check_columns(findings, template),
        *check_template_year(meta),
        *check_period_year(meta, facts.period_year, facts.period_text),
        *check_narrative(facts.numbers, values),
    ]


__all__ = ["check_parsed"]
