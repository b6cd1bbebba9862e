"""Bulk row writers shared by the loader, the cross-year check and migrations.

Each helper runs inside the caller's transaction; none commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import duckdb
import pandas as pd

from etl.findings import Finding


def findings_frame(report_id: str, findings: Sequence[Finding]) -> pd.DataFrame:
    """The ``findings`` rows of one report (raises early on a malformed finding)."""
    return findings_of([(report_id, findings)])


def findings_of(reports: Iterable[tuple[str, Sequence[Finding]]]) -> pd.DataFrame:
    """The ``findings`` rows of many reports in one frame (a batch builds one, not one each)."""
    pairs = [(rid, f) for rid, findings in reports for f in findings]
    return pd.DataFrame(
        {
            "report_id": [rid for rid, _ in pairs],
            "rule": [f.rule for _, f in pairs],
            "severity": [f.severity for _, f in pairs],
            "message": [f.message for _, f in pairs],
            "keys": [list(f.keys) for _, f in pairs],
            "expected": [f.expected for _, f in pairs],
            "found": [f.found for _, f in pairs],
            "locators": [list(f.locators) for _, f in pairs],
        }
    )


def locator_text(locator: dict | str) -> str:
    """A value's locator as stored: JSON text (a worker may have serialised it already)."""
    return locator if isinstance(locator, str) else json.dumps(locator, ensure_ascii=False)


def locator_dict(locator: dict | str) -> dict:
    """A value's locator as an object (from JSON text when it was serialised already)."""
    return json.loads(locator) if isinstance(locator, str) else locator


def values_frame(
    report_id: str, values: Sequence[tuple[str, float, bool, dict | str]]
) -> pd.DataFrame:
    """The ``report_values`` rows of one report; locators as JSON text."""
    return pd.DataFrame(
        {
            "report_id": [report_id] * len(values),
            "key": [v[0] for v in values],
            "value": [float(v[1]) for v in values],
            "derived": [bool(v[2]) for v in values],
            "locator": [locator_text(v[3]) for v in values],
        }
    )


def insert_values(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    """Append ``report_values`` rows."""
    if len(frame):
        con.register("_xxgk_values", frame)
        try:
            con.execute(
                "INSERT INTO report_values SELECT report_id, key, value, derived, locator "
                "FROM _xxgk_values"
            )
        finally:
            con.unregister("_xxgk_values")


def insert_findings(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    """Append ``findings`` rows."""
    if len(frame):
        con.register("_xxgk_findings", frame)
        try:
            con.execute(
                "INSERT INTO findings SELECT report_id, rule, severity, message, "
                "CAST(keys AS VARCHAR[]), expected, found, CAST(locators AS VARCHAR[]) "
                "FROM _xxgk_findings"
            )
        finally:
            con.unregister("_xxgk_findings")


def refresh_counts(con: duckdb.DuckDBPyConnection, report_ids: Iterable[str]) -> None:
    """Recount ``n_errors`` and ``n_warnings`` of these reports from their findings."""
    ids = list(report_ids)
    if not ids:
        return
    counts = {rid: [0, 0] for rid in ids}
    for rid, severity, n in con.execute(
        """SELECT report_id, severity, count(*) FROM findings
           WHERE report_id IN (SELECT unnest(?::VARCHAR[])) AND severity IN ('error', 'warning')
           GROUP BY ALL""",
        [ids],
    ).fetchall():
        counts[rid][0 if severity == "error" else 1] = n
    con.execute(  # one statement for all (an UPDATE per report scanned ``reports`` each time)
        """UPDATE reports SET n_errors = c.e, n_warnings = c.w
           FROM (SELECT unnest($1::VARCHAR[]) AS rid, unnest($2::INTEGER[]) AS e,
                        unnest($3::INTEGER[]) AS w) c
           WHERE reports.report_id = c.rid""",
        [list(counts), [e for e, _ in counts.values()], [w for _, w in counts.values()]],
    )
