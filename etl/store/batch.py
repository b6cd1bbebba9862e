"""Write many parsed reports in one transaction: the writer's fast path.

A report whose file hash is new and whose organ has no report of that year yet
(the usual case) needs no decision; such reports are appended in bulk, a few
statements for a whole batch instead of a dozen per report. A report that meets
an already loaded one (copy, newer or older version) goes through
``loader.load_report``'s logic one at a time, in file order, after the bulk rows
before it are written, so a batch stores exactly what loading its reports one by
one would. R5 is recomputed once per organ touched, at the end of the batch.
Parsing on several cores is only faster if the single writer keeps up: this
module is why it does.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pyarrow as pa

from etl.store import crossyear, prose
from etl.store.ddl import REPORTS
from etl.store.loader import LoadResult, _load, _mtime
from etl.store.record import ReportRecord, report_row
from etl.store.rows import findings_of, insert_findings, locator_text
from etl.valuecolumns import ValueColumns

#: The Arrow type of each DuckDB type of ``ddl.REPORTS`` (bulk rows go through Arrow).
_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
    "DATE": pa.date32(),
}
_COLUMNS = ", ".join(c.name for c in REPORTS)


def _known(con: duckdb.DuckDBPyConnection, records: list[ReportRecord]):
    shas = [r.source_sha256 for r in records]
    known_sha = {
        s
        for (s,) in con.execute(
            """SELECT source_sha256 FROM reports WHERE source_sha256 IN (SELECT unnest($1))
               UNION SELECT source_sha256 FROM report_sources
                     WHERE source_sha256 IN (SELECT unnest($1))
               UNION SELECT source_sha256 FROM superseded_reports
                     WHERE source_sha256 IN (SELECT unnest($1))""",
            [shas],
        ).fetchall()
    }
    organs = sorted({o for r in records if (o := _organ(r)) is not None})
    known_years = set(
        con.execute(
            "SELECT DISTINCT organ_key, year FROM reports "
            "WHERE organ_key IN (SELECT unnest(?::VARCHAR[])) AND year IS NOT NULL",
            [organs],
        ).fetchall()
    )
    return known_sha, known_years


def _organ(rec: ReportRecord) -> str | None:
    return rec.meta.organ.key


def _append(con: duckdb.DuckDBPyConnection, records: list[ReportRecord]) -> None:
    """Bulk-insert reports known to need no decision (caller holds the transaction)."""
    if not records:
        return
    now = datetime.now()
    rows = [report_row(r, _organ(r), r.findings, now) for r in records]
    reports = pa.table(
        {c.name: pa.array([row[c.name] for row in rows], _ARROW_TYPES[c.type]) for c in REPORTS}
    )
    values = _values_table(records)
    sources = pa.table(
        {
            "report_id": [r.report_id for r in records],
            "source_path": [r.source_path for r in records],
            "source_sha256": [r.source_sha256 for r in records],
            "source_format": [r.source_format for r in records],
            "source_mtime": pa.array([_mtime(r.source_mtime) for r in records], pa.timestamp("us")),
            "role": ["primary"] * len(records),
            "added_at": pa.array([now] * len(records), pa.timestamp("us")),
        }
    )
    con.register("_xxgk_b_reports", reports)
    con.register("_xxgk_b_values", values)
    con.register("_xxgk_b_sources", sources)
    try:
        con.execute(f"INSERT INTO reports ({_COLUMNS}) SELECT {_COLUMNS} FROM _xxgk_b_reports")
        con.execute(
            "INSERT INTO report_values SELECT report_id, key, value, derived, locator "
            "FROM _xxgk_b_values"
        )
        con.execute(
            "INSERT INTO report_sources SELECT report_id, source_path, source_sha256, "
            "source_format, source_mtime, role, added_at FROM _xxgk_b_sources"
        )
        con.execute(
            "DELETE FROM rejected_files WHERE source_sha256 IN (SELECT source_sha256 FROM "
            "_xxgk_b_sources) OR source_path IN (SELECT source_path FROM _xxgk_b_sources)"
        )
    finally:
        for name in ("_xxgk_b_reports", "_xxgk_b_values", "_xxgk_b_sources"):
            con.unregister(name)
    prose.insert(con, [(r.report_id, r.prose) for r in records])
    insert_findings(con, findings_of((r.report_id, r.findings) for r in records))


def _columns(values) -> ValueColumns:
    """A record's values as columns (made by the parse worker, or here from tuples)."""
    if isinstance(values, ValueColumns):
        return values
    return ValueColumns.of([(k, v, d, locator_text(loc)) for k, v, d, loc in values])


def _values_table(records: list[ReportRecord]) -> pa.Table:
    """The ``report_values`` rows of ``records``: their columns joined, list by list."""
    ids: list[str] = []
    keys: list[str] = []
    numbers: list[float] = []
    derived: list[bool] = []
    locators: list[str] = []
    for rec in records:
        cols = _columns(rec.values)
        ids += [rec.report_id] * len(cols)
        keys += cols.keys
        numbers += cols.numbers
        derived += cols.derived
        locators += cols.locators
    return pa.table(
        {
            "report_id": pa.array(ids, pa.string()),
            "key": pa.array(keys, pa.string()),
            "value": pa.array(numbers, pa.float64()),
            "derived": pa.array(derived, pa.bool_()),
            "locator": pa.array(locators, pa.string()),
        }
    )


def load_reports(con: duckdb.DuckDBPyConnection, records: list[ReportRecord]) -> list[LoadResult]:
    """Store ``records`` in order, in one transaction; one LoadResult per record."""
    if not records:
        return []
    findings_of((rec.report_id, rec.findings) for rec in records)  # fail before the transaction
    con.execute("BEGIN TRANSACTION")
    try:
        results = _load_all(con, records)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results


def _load_all(con, records: list[ReportRecord]) -> list[LoadResult]:
    known_sha, known_years = _known(con, records)
    results: list[LoadResult] = []
    pending: list[ReportRecord] = []
    touched: set[str] = set()
    for rec in records:
        organ, year = _organ(rec), rec.meta.year
        if rec.source_sha256 in known_sha:  # unchanged, or its issue date to fill in
            _append(con, pending)
            pending = []
            results.append(_load(con, rec, organ, _values_of(rec)))
            continue
        known_sha.add(rec.source_sha256)
        if organ is None or year is None or (organ, year) not in known_years:
            pending.append(rec)
            results.append(LoadResult("loaded", rec.report_id))
        else:  # meets a loaded report of the same organ and year: decide as one load would
            _append(con, pending)
            pending = []
            results.append(_load(con, rec, organ, _values_of(rec)))
        if organ is not None:
            touched.add(organ)
            if year is not None:
                known_years.add((organ, year))
    _append(con, pending)
    crossyear.recompute_organs(con, sorted(touched))  # R5, once for the whole batch
    return results


def _values_of(rec: ReportRecord):
    from etl.store.rows import values_frame

    return values_frame(rec.report_id, rec.values)
