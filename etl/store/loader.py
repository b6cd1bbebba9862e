"""Write one parsed report into DuckDB: one transaction, idempotent, history kept.

The report's id is derived from the file's content hash, so loading the same
file twice changes nothing. One organ has one report per year:

- a second file with the same values (the HTML and PDF of one report) is recorded
  as another source of the loaded report in ``report_sources``;
- a copy that agrees with the loaded report but shows more values replaces it;
- a file with different values is a new version: the file modified last wins and
  the other one is kept, values included, in ``superseded_reports``.

Everything a load writes (rows, sources, history, the organ's R5 findings,
quality counts, and the deletion of a replaced report's ``report_wide`` row)
happens in one transaction: a crash leaves the whole report or none of it. The
new report's ``report_wide`` row is added by ``etl.store.wide.refresh``, which
every publication runs (see that module for why not here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb

from etl.findings import Finding
from etl.numbers import fmt_number
from etl.store import crossyear, prose, wide
from etl.store.partial import is_partial_pair, merge_partial
from etl.store.record import ReportRecord, published_fields, report_row
from etl.store.rows import (
    findings_frame,
    insert_findings,
    insert_values,
    values_frame,
)


@dataclass(frozen=True)
class LoadResult:
    """What a load did: ``status`` is loaded | replaced | copy | older | unchanged | dated
    (unchanged, but its issue date, unknown before schema 4, was filled in) | merged
    (a partial copy whose missing values were added to the loaded report)."""

    status: str
    report_id: str
    other_id: str | None = None  # the report replaced, or the one this file is a copy/older of


def report_exists(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """True when a file with this content hash was loaded (as a report, copy or old version)."""
    row = con.execute(
        """SELECT 1 FROM reports WHERE source_sha256 = $1
           UNION ALL SELECT 1 FROM report_sources WHERE source_sha256 = $1
           UNION ALL SELECT 1 FROM superseded_reports WHERE source_sha256 = $1
           LIMIT 1""",
        [sha256],
    ).fetchone()
    return row is not None


def note_source(
    con: duckdb.DuckDBPyConnection, sha256: str, path: str, mtime: float | None
) -> bool:
    """Record ``path`` as a copy of the loaded report with these bytes, unless it is listed;
    True when a row was added (a renamed or moved identical file)."""
    row = con.execute(
        """SELECT report_id, source_format FROM report_sources WHERE source_sha256 = $1
           UNION ALL SELECT report_id, source_format FROM reports WHERE source_sha256 = $1
           LIMIT 1""",
        [sha256],
    ).fetchone()
    if row is None:
        return False  # only an old (superseded) version has these bytes
    listed = con.execute(
        "SELECT 1 FROM report_sources WHERE source_sha256 = ? AND source_path = ?", [sha256, path]
    ).fetchone()
    if listed is not None:
        return False
    con.execute(
        "INSERT INTO report_sources VALUES (?, ?, ?, ?, ?, 'copy', ?)",
        [row[0], path, sha256, row[1], _mtime(mtime), datetime.now()],
    )
    return True


def costly_rejection(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    """The reason a file with this hash was rejected after a timeout or crash, else None.

    Such files cost a full timeout each time; ingest skips them unless asked to retry.
    """
    row = con.execute(
        "SELECT reason FROM rejected_files WHERE source_sha256 = ? AND kind IN ('timeout', 'crash') "
        "LIMIT 1",
        [sha256],
    ).fetchone()
    return row[0] if row else None


def _read_values(rec: ReportRecord) -> dict[str, float]:
    return {k: float(v) for k, v, derived, _ in rec.values if not derived}


def _stored_values(con: duckdb.DuckDBPyConnection, report_id: str) -> dict[str, float]:
    rows = con.execute(
        "SELECT key, value FROM report_values WHERE report_id = ? AND NOT derived", [report_id]
    ).fetchall()
    return dict(rows)


def _mtime(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts)


def _insert_source(con, report_id: str, rec: ReportRecord, role: str) -> None:
    listed = con.execute(
        "SELECT 1 FROM report_sources WHERE report_id = ? AND source_sha256 = ? AND source_path = ?",
        [report_id, rec.source_sha256, rec.source_path],
    ).fetchone()
    if listed is not None:
        return  # a re-run never lists one file twice
    con.execute(
        "INSERT INTO report_sources VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            report_id,
            rec.source_path,
            rec.source_sha256,
            rec.source_format,
            _mtime(rec.source_mtime),
            role,
            datetime.now(),
        ],
    )


def _supersede_stored(con, report_id: str, replaced_by: str, reason: str) -> None:
    """Move a loaded report into ``superseded_reports`` and delete its rows."""
    values = _stored_values(con, report_id)
    sources = con.execute(
        "SELECT source_path, source_sha256, source_format, CAST(source_mtime AS VARCHAR), role "
        "FROM report_sources WHERE report_id = ?",
        [report_id],
    ).fetchall()
    con.execute(
        """INSERT INTO superseded_reports
           SELECT r.report_id, r.organ_key, r.agency, r.year, r.template, r.source_path,
                  r.source_sha256, r.source_format,
                  (SELECT max(source_mtime) FROM report_sources s
                   WHERE s.report_id = r.report_id AND s.role = 'primary'),
                  ?, ?, ?, ?, ?, ?
           FROM reports r WHERE r.report_id = ?""",
        [
            len(values),
            json.dumps(values, ensure_ascii=False, sort_keys=True),
            json.dumps([list(s) for s in sources], ensure_ascii=False),
            replaced_by,
            reason,
            datetime.now(),
            report_id,
        ],
    )
    for table in (
        "report_values",
        wide.TABLE,
        prose.TABLE,
        "findings",
        "report_sources",
        "reports",
    ):
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])


def _supersede_incoming(con, rec: ReportRecord, organ: str | None, current: str) -> None:
    """Record an incoming file that is older than the loaded version, without loading it."""
    values = _read_values(rec)
    con.execute(
        "INSERT INTO superseded_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            rec.report_id,
            organ,
            rec.meta.agency,
            rec.meta.year,
            rec.meta.template,
            rec.source_path,
            rec.source_sha256,
            rec.source_format,
            _mtime(rec.source_mtime),
            len(values),
            json.dumps(values, ensure_ascii=False, sort_keys=True),
            "[]",
            current,
            "older version: the loaded report comes from a newer file with different values",
            datetime.now(),
        ],
    )


def _changed_finding(old_id: str, old: dict[str, float], new: dict[str, float]) -> Finding:
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))

    def show(x: float | None) -> str:
        return "空" if x is None else fmt_number(x)

    shown = "、".join(f"{k}（{show(old.get(k))} → {show(new.get(k))}）" for k in changed[:5])
    return Finding(
        "S1",
        f"本报告替换了同一机关同一年度的旧版本[{old_id}]，{len(changed)}个字段不同，如{shown}；"
        "旧版本数值保存在 superseded_reports 表中。",
        tuple(changed[:50]),
    )


def _decide(con, rec: ReportRecord, current: str) -> tuple[str, str | None]:
    """``(status, reason)`` for an incoming report of an organ-year that is already loaded."""
    old, new = _stored_values(con, current), _read_values(rec)
    conflicts = [k for k in set(old) & set(new) if old[k] != new[k]]
    if not conflicts:
        if is_partial_pair(old, new):
            return "merged", None
        if len(new) > len(old):
            return "replaced", "a more complete copy of the same report replaced it"
        return "copy", None
    row = con.execute(
        "SELECT max(source_mtime) FROM report_sources WHERE report_id = ? AND role = 'primary'",
        [current],
    ).fetchone()
    loaded_mtime = row[0] if row else None
    incoming = _mtime(rec.source_mtime)
    if incoming is None or loaded_mtime is None or incoming >= loaded_mtime:
        return "replaced", "a newer version with different values replaced it"
    return "older", None


def _current_report(con, organ: str | None, year) -> str | None:
    if organ is None or year is None:
        return None
    row = con.execute(
        "SELECT report_id FROM reports WHERE organ_key = ? AND year = ? ORDER BY ingested_at DESC",
        [organ, year],
    ).fetchone()
    return row[0] if row else None


def _insert_report(con, rec: ReportRecord, organ: str | None, findings: list[Finding]) -> None:
    row = report_row(rec, organ, findings, datetime.now())
    con.execute(
        f"INSERT INTO reports ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )


def lacks_published_on(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """True when the report loaded from this file predates schema 4 (its date never read)."""
    row = con.execute(
        "SELECT 1 FROM reports WHERE source_sha256 = ? AND published_on_source IS NULL",
        [sha256],
    ).fetchone()
    return row is not None


def _backfill_published_on(con, rec: ReportRecord) -> bool:
    """Give a report loaded before schema 4 the issue date read from its file again."""
    when, source = published_fields(rec.meta)
    row = con.execute(
        "UPDATE reports SET published_on = ?, published_on_source = ? "
        "WHERE source_sha256 = ? AND published_on_source IS NULL",
        [when, source, rec.source_sha256],
    ).fetchone()
    return bool(row and row[0])


def load_report(con: duckdb.DuckDBPyConnection, rec: ReportRecord) -> LoadResult:
    """Insert one report (or record it as a copy or an old version) atomically."""
    values = values_frame(rec.report_id, rec.values)
    findings_frame(rec.report_id, rec.findings)  # fail before the transaction on bad findings
    organ = rec.meta.organ.key
    con.execute("BEGIN TRANSACTION")
    try:
        result = _load(con, rec, organ, values)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


def needs_backfill(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """True when the report loaded from this file lacks what a newer schema reads (its issue
    date, its prose): ingest reads the file again and fills them in."""
    return lacks_published_on(con, sha256) or prose.lacks_prose(con, sha256)


def _load(con, rec: ReportRecord, organ: str | None, values) -> LoadResult:
    if report_exists(con, rec.source_sha256):
        dated = _backfill_published_on(con, rec)
        dated = prose.backfill(con, rec.source_sha256, rec.prose) or dated
        # the same bytes under another name, found unchanged only now (ingest asks before
        # parsing, but a twin stored since it asked is found here): one more source
        note_source(con, rec.source_sha256, rec.source_path, rec.source_mtime)
        return LoadResult("dated" if dated else "unchanged", rec.report_id)
    current = _current_report(con, organ, rec.meta.year)
    findings = list(rec.findings)
    status, other = "loaded", None
    if current is not None and current != rec.report_id:
        status, reason = _decide(con, rec, current)
        other = current
        if status == "copy":
            _insert_source(con, current, rec, "copy")
            return LoadResult("copy", current, current)
        if status == "merged":
            merge_partial(con, current, rec)
            _insert_source(con, current, rec, "part")
            crossyear.recompute_organ(con, organ)
            return LoadResult("merged", current, current)
        if status == "older":
            _supersede_incoming(con, rec, organ, current)
            return LoadResult("older", rec.report_id, current)
        old_values = _stored_values(con, current)
        if reason and reason.startswith("a newer"):
            findings.append(_changed_finding(current, old_values, _read_values(rec)))
        else:  # a more complete copy: the old files stay listed as copies of the new report
            con.execute(
                "UPDATE report_sources SET role = 'copy', report_id = ? WHERE report_id = ?",
                [rec.report_id, current],
            )
        _supersede_stored(con, current, rec.report_id, reason or "replaced")
    # No row of rec.report_id exists: the id is the file's hash, checked just above.
    _insert_report(con, rec, organ, findings)
    insert_values(con, values)
    prose.insert(con, [(rec.report_id, rec.prose)])
    insert_findings(con, findings_frame(rec.report_id, findings))
    _insert_source(con, rec.report_id, rec, "primary")
    con.execute(
        "DELETE FROM rejected_files WHERE source_sha256 = ? OR source_path = ?",
        [rec.source_sha256, rec.source_path],
    )
    crossyear.recompute_organ(con, organ)  # R5 of this organ; recounts what it changes
    return LoadResult("replaced" if other else status, rec.report_id, other)


def record_rejection(
    con: duckdb.DuckDBPyConnection,
    source_path: str,
    sha256: str | None,
    reason: str,
    kind: str | None = None,
) -> None:
    """Record a file that could not be read, with a clear reason (replacing older rows)."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM rejected_files WHERE source_path = ?", [source_path])
        con.execute(
            'INSERT INTO rejected_files (source_path, source_sha256, reason, "at", kind) '
            "VALUES (?, ?, ?, ?, ?)",
            [source_path, sha256, reason, datetime.now(), kind],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
