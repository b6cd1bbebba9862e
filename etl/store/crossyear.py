"""Organ identity and rule R5 over the database: carry-over between consecutive years.

An organ is its ``reports.organ_key`` (:class:`etl.agencies.identity.OrganIdentity`).
After every load the loader calls ``recompute_organ`` for the organ it touched (a batch
of loads ``recompute_organs`` for all it touched, in a few statements), inside
the same transaction, so R5 findings are always current and recomputing is idempotent:
all R5 findings of the organ are deleted and derived again. Each finding is
stored with the later report.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import duckdb

from etl.checks.crossyear import carryover_findings
from etl.store.rows import findings_frame, insert_findings, refresh_counts


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
    (a writer's batch touches many organs; caller holds the transaction): read the organs'
    reports, delete their R5 findings (counting them), read the carried values of the
    consecutive-year pairs, insert the new findings and recount the reports whose number
    of R5 findings changed."""
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
    # An R5 finding sits on the later report of a pair, which has a year: deleting those of
    # every report of these organs read above deletes all the organs' R5 findings.
    ids = sorted(rid for organ in pairs for rid, _ in by_organ[organ])
    before = Counter(
        rid
        for (rid,) in con.execute(
            "DELETE FROM findings WHERE rule = 'R5' AND report_id IN "
            "(SELECT unnest(?::VARCHAR[])) RETURNING report_id",
            [ids],
        ).fetchall()
    )
    found = _carryover(con, {o: p for o, p in sorted(pairs.items()) if p})
    after: Counter[str] = Counter()
    if found:
        import pandas as pd

        frame = pd.concat(found, ignore_index=True)
        insert_findings(con, frame)
        after.update(frame["report_id"])
    refresh_counts(con, sorted(r for r in set(before) | set(after) if before[r] != after[r]))


#: The carried-over cells of the reports listed in the one parameter.
_CARRIED = (
    "report_id IN (SELECT unnest(?::VARCHAR[])) "
    "AND (key LIKE 'apply.carried_in.%' OR key LIKE 'apply.carried_out.%')"
)


def _carryover(con, pairs: dict[str, list[tuple[str, str, int]]]) -> list:
    """The R5 findings frames of these organs' consecutive-year pairs."""
    if not pairs:
        return []
    ids = sorted({rid for p in pairs.values() for pair in p for rid in pair[:2]})
    values: dict[str, dict[str, float]] = defaultdict(dict)
    for rid, k, value in con.execute(
        f"SELECT report_id, key, value FROM report_values WHERE {_CARRIED}", [ids]
    ).fetchall():
        values[rid][k] = value
    # The few pairs that break R5 again, with the cells' locators (JSON text, read only for
    # the reports of those pairs: most pairs agree, and locators are most of the bytes).
    broken = [
        (organ, later, earlier, year)
        for organ in sorted(pairs)
        for later, earlier, year in pairs[organ]
        if carryover_findings(values[later], values[earlier], earlier_year=year, earlier_id=earlier)
    ]
    if not broken:
        return []
    locators: dict[str, dict[str, str]] = defaultdict(dict)
    for rid, k, loc in con.execute(
        f"SELECT report_id, key, locator FROM report_values WHERE {_CARRIED}",
        [sorted({rid for _, later, earlier, _ in broken for rid in (later, earlier)})],
    ).fetchall():
        locators[rid][k] = loc or ""
    frames = []
    for _, later, earlier, earlier_year in broken:
        found = carryover_findings(
            values[later],
            values[earlier],
            earlier_year=earlier_year,
            earlier_id=earlier,
            later_locators=locators[later],
            earlier_locators=locators[earlier],
        )
        frames.append(findings_frame(later, found))
    return frames


def recompute_all(con: duckdb.DuckDBPyConnection) -> None:
    """R5 for every organ in the database (migrations; caller holds the transaction)."""
    keys = con.execute("SELECT DISTINCT organ_key FROM reports WHERE organ_key IS NOT NULL")
    recompute_organs(con, [key for (key,) in keys.fetchall()])
