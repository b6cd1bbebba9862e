"""Organ identity and rule R5 over the database: carry-over between consecutive years.

An organ is its ``reports.organ_key`` (:class:`etl.agencies.identity.OrganIdentity`).
After every load the loader calls ``recompute_organ`` for the organ it touched (a batch
of loads ``recompute_organs`` for all it touched, in a few statements), inside
the same transaction, so R5 findings are always current and recomputing is idempotent:
all R5 findings of the organ are deleted and derived again. Each finding is
stored with the later report.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from etl.checks.crossyear import carryover_findings
from etl.store.rows import findings_frame, insert_findings, refresh_counts


def _r5_counts(con: duckdb.DuckDBPyConnection, keys: list[str]) -> dict[str, tuple[str, int]]:
    """report → (organ, number of R5 findings) of these organs' reports that have some."""
    rows = con.execute(
        """SELECT f.report_id, r.organ_key, count(*) FROM findings f JOIN reports r USING (report_id)
           WHERE f.rule = 'R5' AND r.organ_key IN (SELECT unnest(?::VARCHAR[]))
           GROUP BY ALL""",
        [keys],
    ).fetchall()
    return {rid: (organ, n) for rid, organ, n in rows}


def _pairs(reports: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """``(later, earlier, earlier_year)`` of an organ's consecutive years with one report each."""
    by_year: dict[int, list[str]] = defaultdict(list)
    for rid, year in reports:
        by_year[year].append(rid)
    return [
        (ids[0], by_year[year - 1][0], year - 1)
        for year, ids in by_year.items()
        if len(ids) == 1 and len(by_year.get(year - 1, ())) == 1
    ]


def recompute_organ(con: duckdb.DuckDBPyConnection, key: str | None) -> None:
    """Derive the organ's R5 findings again (caller holds the transaction)."""
    if key is not None:
        recompute_organs(con, [key])


def recompute_organs(con: duckdb.DuckDBPyConnection, keys: list[str]) -> None:
    """Derive the R5 findings of these organs again, a few statements for all of them
    (a writer's batch touches many organs; caller holds the transaction)."""
    by_organ: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for organ, rid, year in con.execute(
        "SELECT organ_key, report_id, year FROM reports "
        "WHERE organ_key IN (SELECT unnest(?::VARCHAR[])) AND year IS NOT NULL",
        [sorted(set(keys))],
    ).fetchall():
        by_organ[organ].append((rid, year))
    # the usual case: an organ's only report so far has nothing to compare with
    pairs = {o: _pairs(reports) for o, reports in by_organ.items() if len(reports) >= 2}
    if not pairs:
        return
    before = _r5_counts(con, sorted(pairs))
    had = {organ for organ, _ in before.values()}
    active = sorted(o for o, p in pairs.items() if p or o in had)
    if not active:
        return
    con.execute(
        "DELETE FROM findings WHERE rule = 'R5' AND report_id IN "
        "(SELECT report_id FROM reports WHERE organ_key IN (SELECT unnest(?::VARCHAR[])))",
        [active],
    )
    found = _carryover(con, {o: pairs[o] for o in active if pairs[o]})
    if found:
        import pandas as pd

        insert_findings(con, pd.concat(found, ignore_index=True))
    after = _r5_counts(con, active)
    refresh_counts(con, [r for r in set(before) | set(after) if before.get(r) != after.get(r)])


def _carryover(con, pairs: dict[str, list[tuple[str, str, int]]]) -> list:
    """The R5 findings frames of these organs' consecutive-year pairs."""
    if not pairs:
        return []
    rows = con.execute(
        """SELECT v.report_id, v.key, v.value, v.locator
           FROM report_values v JOIN reports r USING (report_id)
           WHERE r.organ_key IN (SELECT unnest(?::VARCHAR[]))
             AND (v.key LIKE 'apply.carried_in.%' OR v.key LIKE 'apply.carried_out.%')""",
        [sorted(pairs)],
    ).fetchall()
    values: dict[str, dict[str, float]] = defaultdict(dict)
    locators: dict[str, dict[str, str]] = defaultdict(dict)  # JSON text: read if a finding cites it
    for rid, k, value, loc in rows:
        values[rid][k] = value
        locators[rid][k] = loc or ""
    frames = []
    for organ in sorted(pairs):
        for later, earlier, earlier_year in pairs[organ]:
            found = carryover_findings(
                values[later],
                values[earlier],
                earlier_year=earlier_year,
                earlier_id=earlier,
                later_locators=locators[later],
                earlier_locators=locators[earlier],
            )
            if found:
                frames.append(findings_frame(later, found))
    return frames


def recompute_all(con: duckdb.DuckDBPyConnection) -> None:
    """R5 for every organ in the database (migrations; caller holds the transaction)."""
    keys = con.execute("SELECT DISTINCT organ_key FROM reports WHERE organ_key IS NOT NULL")
    recompute_organs(con, [key for (key,) in keys.fetchall()])
