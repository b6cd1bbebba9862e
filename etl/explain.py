"""``xxgk explain REPORT_ID KEY``: where one stored value came from, in readable lines.

Reads the database only (parameters, never formatted SQL). For a value read
from the document it prints the file, the printed row and column labels, the
raw cell text and its position (page, table, line, row/column); for a derived
value, the values it sums and where each was printed; for an absent value, that
it is absent (NULL, never 0) and any finding that explains why.
"""

from __future__ import annotations

import difflib

import duckdb

from etl.errors import XxgkError
from etl.numbers import fmt_number
from etl.provenance import ValueSource
from etl.store.fetch import one
from etl.template import all_keys, key_labels, part_heading, table_part


class ExplainError(XxgkError, LookupError):
    """The report or key asked about does not exist; the message is one sentence."""


def _resolve_report(con: duckdb.DuckDBPyConnection, report_id: str) -> str:
    rid = report_id.strip()
    rows = con.execute(
        "SELECT report_id FROM reports WHERE starts_with(report_id, ?) LIMIT 3", [rid]
    ).fetchall()
    exact = [r[0] for r in rows if r[0] == rid]
    if exact:
        return exact[0]
    if len(rows) == 1 and len(rid) >= 4:
        return rows[0][0]
    if len(rows) > 1:
        raise ExplainError(f"report id '{rid}' is ambiguous; give more of its characters")
    old = con.execute(
        "SELECT replaced_by, reason FROM superseded_reports WHERE report_id = ? LIMIT 1", [rid]
    ).fetchone()
    if old:
        raise ExplainError(f"report '{rid}' is no longer loaded: {old[1]} (see report '{old[0]}')")
    raise ExplainError(f"no report with id '{rid}' in this database (see 'xxgk check --all')")


def _check_key(key: str) -> str:
    keys = all_keys()
    if key in keys:
        return key
    close = difflib.get_close_matches(key, keys, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; see 'xxgk dictionary'"
    raise ExplainError(f"'{key}' is not a canonical key{hint}")


def _label(key: str) -> str:
    part = table_part(key.split(".")[0])
    if key.startswith("narrative."):
        return "叙述 narrative · " + key_labels().get(key, key)
    prefix = f"{part_heading(part)} · " if part else ""
    return prefix + key_labels().get(key, key)


def _value_lines(con, rid: str, key: str) -> list[str]:
    row = con.execute(
        "SELECT value, derived, locator FROM report_values WHERE report_id = ? AND key = ?",
        [rid, key],
    ).fetchone()
    if row is None:
        return [
            "数值 value:    缺失 absent — the document does not show this cell "
            "(stored as NULL, never 0)"
        ]
    value, derived, locator = row
    loc = ValueSource.from_json(locator)
    lines = [f"数值 value:    {fmt_number(value)}"]
    if not derived:
        lines.append("来源 source:   读自原文 read from the document")
        lines.append(f"位置 locator:  {loc.describe()}")
        return lines
    parts = list(loc.derived_from)
    stored = dict(
        con.execute(
            "SELECT key, value FROM report_values WHERE report_id = ? "
            "AND key IN (SELECT unnest(?::VARCHAR[]))",
            [rid, parts],
        ).fetchall()
    )
    sums = " + ".join(f"{p} ({fmt_number(stored[p]) if p in stored else '缺失'})" for p in parts)
    lines.append(f"来源 source:   派生 derived = {sums}")
    for p in parts:
        sub = con.execute(
            "SELECT locator FROM report_values WHERE report_id = ? AND key = ?", [rid, p]
        ).fetchone()
        if sub and sub[0]:
            lines.append(f"  {p}: {ValueSource.from_json(sub[0]).describe()}")
    return lines


def explain(con: duckdb.DuckDBPyConnection, report_id: str, key: str) -> str:
    """Readable lines on one value of one report; ExplainError for an unknown report or key."""
    rid = _resolve_report(con, report_id)
    key = _check_key(key.strip())
    agency, year, template, path, fmt, sha, n_err, n_warn, compl = one(
        con,
        """SELECT agency, year, template, source_path, source_format, source_sha256,
                  n_errors, n_warnings, completeness
           FROM reports WHERE report_id = ?""",
        [rid],
    )
    lines = [
        f"报告 report:   {rid}  {agency or '（未识别机关）'} · {year or '?'}年 · 模板 {template}",
        f"质量 quality:  {n_err} errors, {n_warn} warnings, completeness "
        f"{'?' if compl is None else f'{compl:.0%}'}",
        f"文件 file:     {path} ({fmt}; sha256 {sha[:12]}…)",
    ]
    others = con.execute(
        "SELECT source_path, source_format FROM report_sources "
        "WHERE report_id = ? AND role <> 'primary' ORDER BY source_path",
        [rid],
    ).fetchall()
    lines += [f"另见 also in:  {p} ({f}, same values)" for p, f in others]
    lines += [f"字段 key:      {key}", f"含义 label:    {_label(key)}"]
    lines += _value_lines(con, rid, key)
    found = con.execute(
        "SELECT rule, severity, message FROM findings WHERE report_id = ? "
        "AND list_contains(keys, ?) ORDER BY rule",
        [rid, key],
    ).fetchall()
    if not found:
        lines.append("检查 findings: 无 none")
    for rule, severity, message in found:
        lines.append(f"检查 finding:  [{severity}] {rule} {message}")
    return "\n".join(lines)
