"""Partial copies of one report: the values one file lacks are taken from the other.

Sites often publish one report in pieces (the tables as a PDF, the rest as a page)
or archive it cut short, so two files of one organ-year can each show parts the
other lacks while agreeing wherever both print a cell. Neither replaces the
other then: the loaded report keeps its values and gains the ones only the
incoming file shows, each with a locator naming that file; the incoming file is
recorded as a source (role ``part``), its findings on the added cells come
along, the P1 "part missing" finding is recomputed for the union of parts and an
S2 finding says what was merged. Everything runs inside the caller's transaction.
"""

from __future__ import annotations

import duckdb

from etl.findings import Finding
from etl.matcher.report import completeness_of, missing_parts_finding
from etl.store import wide
from etl.store.fetch import one
from etl.store.rows import (
    findings_frame,
    insert_findings,
    insert_values,
    locator_dict,
    refresh_counts,
    values_frame,
)


def is_partial_pair(old: dict[str, float], new: dict[str, float]) -> bool:
    """Each side shows values the other lacks (and the caller saw no conflict).

    >>> is_partial_pair({"a": 1, "b": 2}, {"b": 2, "c": 3}), is_partial_pair({"a": 1}, {"a": 1})
    (True, False)
    """
    return bool(set(new) - set(old)) and bool(set(old) - set(new))


def merge_partial(con: duckdb.DuckDBPyConnection, current: str, rec) -> int:
    """Add ``rec``'s values that ``current`` lacks; returns how many were added.

    ``rec`` is an ``etl.store.record.ReportRecord``.
    """
    have = {
        k
        for (k,) in con.execute(
            "SELECT key FROM report_values WHERE report_id = ?", [current]
        ).fetchall()
    }
    extra = [
        (key, value, derived, {**locator_dict(locator), "file": rec.source_path})
        for key, value, derived, locator in rec.values
        if key not in have
    ]
    insert_values(con, values_frame(current, extra))
    added = {key for key, *_ in extra}
    template, parts_text = one(
        con, "SELECT template, parts_found FROM reports WHERE report_id = ?", [current]
    )
    parts = {int(p) for p in f"{parts_text or ''},{rec.parts_found}".split(",") if p.strip()}
    carried = [f for f in rec.findings if f.keys and set(f.keys) <= added]
    con.execute("DELETE FROM findings WHERE report_id = ? AND rule = 'P1'", [current])
    missing = missing_parts_finding(parts)
    shown = sum(1 for key, _, derived, _ in extra if not derived)
    merged = Finding(
        "S2",
        f"同一年报的另一份不完整副本“{rec.source_path}”印有本报告缺少的内容，已补入"
        f"{shown}个数值（其余单元格两份一致）。",
        tuple(sorted(added)[:50]),
    )
    new_findings = [*carried, *([missing] if missing else []), merged]
    insert_findings(con, findings_frame(current, new_findings))
    all_keys = have | added
    con.execute(
        "UPDATE reports SET parts_found = ?, completeness = ? WHERE report_id = ?",
        [",".join(str(p) for p in sorted(parts)), completeness_of(template, all_keys), current],
    )
    refresh_counts(con, [current])
    wide.delete(con, current)  # rebuilt with the added values at the next publication
    return len(extra)
