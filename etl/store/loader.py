"""Write one parsed report into DuckDB: one transaction, bulk inserts, idempotent.

The report's id is derived from the file's content hash, so loading the same
file twice changes nothing. A report's rows are inserted through DataFrames in
one transaction: a crash leaves either the whole report or none of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from etl.findings import Finding


@dataclass(frozen=True)
class ReportRecord:
    """Everything the store needs about one report, already parsed."""

    report_id: str
    meta: dict
    values: list[tuple[str, float, bool, dict]]  # key, value, derived, locator
    findings: list[Finding]
    source_path: str
    source_sha256: str
    source_format: str
    completeness: float | None = None
    parts_found: str = ""
    is_simulated: bool = False


def report_exists(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """True when a report from a file with this content hash is already loaded."""
    row = con.execute("SELECT 1 FROM reports WHERE source_sha256 = ? LIMIT 1", [sha256]).fetchone()
    return row is not None


def load_report(con: duckdb.DuckDBPyConnection, rec: ReportRecord) -> None:
    """Insert (or replace) one report and its values and findings atomically."""
    meta = rec.meta
    n_err = sum(1 for f in rec.findings if f.severity == "error")
    n_warn = sum(1 for f in rec.findings if f.severity == "warning")
    values = pd.DataFrame(
        {
            "report_id": [rec.report_id] * len(rec.values),
            "key": [v[0] for v in rec.values],
            "value": [float(v[1]) for v in rec.values],
            "derived": [bool(v[2]) for v in rec.values],
            "locator": [json.dumps(v[3], ensure_ascii=False) for v in rec.values],
        }
    )
    findings = pd.DataFrame(
        {
            "report_id": [rec.report_id] * len(rec.findings),
            "rule": [f.rule for f in rec.findings],
            "severity": [f.severity for f in rec.findings],
            "message": [f.message for f in rec.findings],
            "keys": [list(f.keys) for f in rec.findings],
            "expected": [f.expected for f in rec.findings],
            "found": [f.found for f in rec.findings],
            "locators": [list(f.locators) for f in rec.findings],
        }
    )
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("report_values", "findings", "reports"):
            con.execute(f"DELETE FROM {table} WHERE report_id = ?", [rec.report_id])
        con.execute(
            """INSERT INTO reports (report_id, agency, year, template, province, city, county,
                   level, kind, source_path, source_sha256, source_format, ingested_at, adcode,
                   agency_id, is_simulated, n_errors, n_warnings, completeness, parts_found)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                rec.report_id,
                meta.get("agency"),
                meta.get("year"),
                meta.get("template"),
                meta.get("province"),
                meta.get("city"),
                meta.get("county"),
                meta.get("level"),
                meta.get("kind"),
                rec.source_path,
                rec.source_sha256,
                rec.source_format,
                datetime.now(),
                meta.get("adcode"),
                meta.get("agency_id"),
                rec.is_simulated,
                n_err,
                n_warn,
                rec.completeness,
                rec.parts_found,
            ],
        )
        if len(values):
            con.register("_xxgk_values", values)
            con.execute(
                "INSERT INTO report_values SELECT report_id, key, value, derived, locator "
                "FROM _xxgk_values"
            )
            con.unregister("_xxgk_values")
        if len(findings):
            con.register("_xxgk_findings", findings)
            con.execute(
                "INSERT INTO findings SELECT report_id, rule, severity, message, "
                "CAST(keys AS VARCHAR[]), expected, found, CAST(locators AS VARCHAR[]) "
                "FROM _xxgk_findings"
            )
            con.unregister("_xxgk_findings")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def record_rejection(
    con: duckdb.DuckDBPyConnection, source_path: str, sha256: str | None, reason: str
) -> None:
    """Record a file that could not be read, with a clear reason (replacing older rows)."""
    con.execute("BEGIN TRANSACTION")
    con.execute(
        "DELETE FROM rejected_files WHERE source_path = ? AND source_sha256 IS NOT DISTINCT FROM ?",
        [source_path, sha256],
    )
    con.execute(
        "INSERT INTO rejected_files VALUES (?, ?, ?, ?)",
        [source_path, sha256, reason, datetime.now()],
    )
    con.execute("COMMIT")
