"""Organ identity and rule R5 over the database: carry-over between consecutive years.

An organ is its ``reports.organ_key`` (:class:`etl.agencies.identity.OrganIdentity`).
After every load the loader calls ``recompute_organ`` for the organ it touched, inside
the same transaction, so R5 findings are always current and recomputing is idempotent:
all R5 findings of the organ are deleted and derived again. Each finding is
stored with the later report.
"""

from __future__ import annotations

import json
from collections import defaultdict

import duckdb

from etl.checks.crossyear import carryover_findings
from etl.store.rows import findings_frame, insert_findings, refresh_counts


def _r5_counts(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, int]:
    rows = con.execute(
        """SELECT f.report_id, count(*) FROM findings f JOIN reports r USING (report_id)
           WHERE f.rule = 'R5' AND r.organ_key = ? GROUP BY f.report_id""",
        [key],
    ).fetchall()
    return dict(rows)


def recompute_organ(con: duckdb.DuckDBPyConnection, key: str | None) -> None:
    """Derive the organ's R5 findings again (caller holds the transaction)."""
    if key is None:
        return
    reports = con.execute(
        "SELECT report_id, year FROM reports WHERE organ_key = ? AND year IS NOT NULL", [key]
    ).fetchall()
    if len(reports) < 2:
        return  # the usual case: the organ's only report so far has nothing to compare with
    by_year: dict[int, list[str]] = defaultdict(list)
    for rid, year in reports:
        by_year[year].append(rid)
    pairs = [
        (ids[0], by_year[year - 1][0], year - 1)
        for year, ids in by_year.items()
        if len(ids) == 1 and len(by_year.get(year - 1, ())) == 1
    ]
    before = _r5_counts(con, key)
    if not pairs and not before:
        return
    con.execute(
        "DELETE FROM findings WHERE rule = 'R5' AND report_id IN "
        "(SELECT report_id FROM reports WHERE organ_key = ?)",
        [key],
    )
    if pairs:
        rows = con.execute(
            """SELECT v.report_id, v.key, v.value, v.locator
               FROM report_values v JOIN reports r USING (report_id)
               WHERE r.organ_key = ?
                 AND (v.key LIKE 'apply.carried_in.%' OR v.key LIKE 'apply.carried_out.%')""",
            [key],
        ).fetchall()
        values: dict[str, dict[str, float]] = defaultdict(dict)
        locators: dict[str, dict[str, dict]] = defaultdict(dict)
        for rid, k, value, loc in rows:
            values[rid][k] = value
            locators[rid][k] = json.loads(loc) if loc else {}
        for later, earlier, earlier_year in pairs:
            found = carryover_findings(
                values[later],
                values[earlier],
                earlier_year=earlier_year,
                earlier_id=earlier,
                later_locators=locators[later],
                earlier_locators=locators[earlier],
            )
            insert_findings(con, findings_frame(later, found))
    after = _r5_counts(con, key)
    refresh_counts(con, [r for r in set(before) | set(after) if before.get(r) != after.get(r)])


def recompute_all(con: duckdb.DuckDBPyConnection) -> None:
    """R5 for every organ in the database (migrations; caller holds the transaction)."""
    for (key,) in con.execute(
        "SELECT DISTINCT organ_key FROM reports WHERE organ_key IS NOT NULL"
    ).fetchall():
        recompute_organ(con, key)
