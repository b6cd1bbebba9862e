"""The dashboard's query gateway and the SQL of its lookups: pure functions (cursor,
Filters, …) → DataFrame.

:func:`run` is the one gateway every statement goes through; :func:`_where` turns a
Filters into a WHERE clause. Here also the sidebar's options, the quality page's lists
and one report's rows. The other SQL modules use both: :mod:`dashboard.sums` (sums of
measures per group), :mod:`dashboard.coverage_queries` (who should have published) and
:mod:`dashboard.office_queries` (bulk data, brief, timeliness, copies, 通报).

Values always travel as ``?`` parameters. Identifiers (value columns) are canonical
keys from ``etl.template.all_keys()`` or names checked against fixed whitelists.

Every query runs on the **store** (:mod:`dashboard.snapshot`): an in-memory DuckDB
with the published file attached read-only, made once per file version — ``meta``
(one row per report: metadata, ``agency_key``, ``agency_ix``), ``r`` (``meta`` with one
column per canonical key, read from the file's ``report_wide``), ``agencies``,
``places``, and the file's ``findings``, ``rejected_files`` and ``report_values``
(one report's long-form values with their locators: :func:`report_values`, which
also runs on a plain connection to the file). Queries that need no value read
``meta``, those that sum values read ``r``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import duckdb
import pandas as pd

from dashboard.filters import Filters
from etl.errors import reason_sentence
from etl.store.ddl import report_columns

#: Columns a result may be grouped by.
DIMENSIONS = ("year", "level", "kind", "template", "province", "city", "county", "agency_key")
FINDING_DIMENSIONS = ("rule", "severity", *DIMENSIONS)
#: A report's metadata as the report page and the bulk download list it.
META_COLUMNS = (
    *report_columns("report")[:2],
    "agency_key",
    *report_columns("report")[2:],
    *report_columns("source", "quality"),
)
_FILTER_COLUMNS = {
    "provinces": "province",
    "cities": "city",
    "counties": "county",
    "levels": "level",
    "kinds": "kind",
    "agencies": "agency_key",
    "templates": "template",
}


class QueryError(RuntimeError):
    """A dashboard query failed; carries the SQL and its parameters."""


def run(
    cur: duckdb.DuckDBPyConnection, sql: str, params: list | None = None, *, names: bool = False
) -> pd.DataFrame:
    """The one gateway: execute parameterised SQL, return a DataFrame.

    ``names``: for results of many rows with text columns (one row per agency: 175 000
    at 10^6 reports), whose text DuckDB's ``df()`` converts about 5× slower than Arrow
    does. Such a result travels as Arrow; its text columns become the same ``str``
    columns ``df()`` gives, the others go through ``df()``, so the frame is the same
    (:func:`_frame`)."""
    try:
        if names:  # a result execute() left pending would refuse the relation API
            cur.complete()
            return _frame(cur, cur.sql(sql, params=params or []))
        return cur.execute(sql, params or []).df()
    except duckdb.Error as exc:
        raise QueryError(f"{exc}\nSQL: {sql}\nparams: {params}") from exc


#: Column types :func:`_frame` converts through Arrow (text) or ``df()`` (the rest).
_ARROW_TEXT = ("VARCHAR",)
_DF_SAFE = ("BIGINT", "INTEGER", "DOUBLE", "BOOLEAN", "SMALLINT", "HUGEINT")


def _frame(cur: duckdb.DuckDBPyConnection, rel: duckdb.DuckDBPyRelation) -> pd.DataFrame:
    """``rel`` as ``df()`` would give it, its VARCHAR columns converted by Arrow. Any other
    column type takes ``df()``, as do no rows and all-NULL text (``df()`` makes ``object``
    columns of those)."""
    types = [str(t) for t in rel.types]
    if not any(t in _ARROW_TEXT for t in types) or not all(
        t in _ARROW_TEXT + _DF_SAFE for t in types
    ):
        return rel.df()
    table = rel.to_arrow_table()
    if table.num_rows == 0:
        return cur.from_arrow(table).df()
    text = [  # an all-NULL text column is ``object`` in df()
        i
        for i, t in enumerate(types)
        if t in _ARROW_TEXT and table.column(i).null_count < len(table)
    ]
    rest = [i for i in range(len(types)) if i not in text]
    if rest:
        out = cur.from_arrow(table.select(rest)).df()
    else:
        out = pd.DataFrame(index=pd.RangeIndex(table.num_rows))
    for i in text:
        out.insert(i, table.column_names[i], table.column(i).to_pandas(), allow_duplicates=True)
    return out


def _ident(name: str, allowed: Collection[str]) -> str:
    """A quoted identifier, refused unless it is on the whitelist."""
    if name not in allowed:
        raise QueryError(f"refused identifier {name!r}")
    return '"' + name + '"'


def _where(filters: Filters, alias: str = "") -> tuple[str, list]:
    """WHERE clause and parameters for a Filters (on table alias ``alias``)."""
    a = f"{alias}." if alias else ""
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if filters.year_from is not None:
        clauses.append(f"{a}year >= ?")
        params.append(filters.year_from)
    if filters.year_to is not None:
        clauses.append(f"{a}year <= ?")
        params.append(filters.year_to)
    for field, column in _FILTER_COLUMNS.items():
        values = getattr(filters, field)
        if values:
            clauses.append(f"list_contains(?::VARCHAR[], {a}{column})")
            params.append(list(values))
    return " AND ".join(clauses), params


# ---------------------------------------------------------------------------- options


def report_count(cur: duckdb.DuckDBPyConnection) -> int:
    """How many reports the store holds."""
    return int(run(cur, "SELECT count(*) AS n FROM meta")["n"].iloc[0])


def available_years(cur: duckdb.DuckDBPyConnection) -> list[int]:
    """Statistics years present, oldest first."""
    df = run(cur, "SELECT DISTINCT year FROM meta_values WHERE year IS NOT NULL ORDER BY year")
    return [int(y) for y in df["year"]]


def places(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every (province, city, county) present, empty strings for none."""
    return run(cur, "SELECT province, city, county FROM places ORDER BY ALL")


def distinct_values(cur: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """Distinct non-empty values of a metadata column (level, kind, template)."""
    col = _ident(column, ("level", "kind", "template"))
    df = run(cur, f"SELECT DISTINCT {col} AS v FROM meta_values WHERE {col} <> '' ORDER BY 1")
    return [str(v) for v in df["v"]]


def agency_options(
    cur: duckdb.DuckDBPyConnection, filters: Filters, search: str = "", limit: int = 500
) -> pd.DataFrame:
    """Agencies matching the filter and a name fragment, busiest first (key, agency)."""
    where, params = _where(filters)
    source = (
        f'SELECT agency_ix, sum("apply.new.total") AS n FROM r WHERE {where} GROUP BY agency_ix'
    )
    if _every_dated_report(cur, filters):
        source, params = "SELECT agency_ix, n FROM agency_intake", []
    return run(
        cur,
        f"""SELECT a.agency_key, a.agency
            FROM ({source}) t
            JOIN agencies a USING (agency_ix)
            WHERE ? = '' OR contains(a.agency, ?)
            ORDER BY t.n DESC NULLS LAST, a.agency LIMIT ?""",
        [*params, search, search, limit],
    )


def _every_dated_report(cur: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """True when ``filters`` is a year range covering every year present and nothing else:
    the reports it selects are every report with a year."""
    if filters.year_from is None or filters.year_to is None:
        return False
    if any(getattr(filters, f) for f in _FILTER_COLUMNS):
        return False
    span = run(cur, "SELECT min(year) AS lo, max(year) AS hi FROM meta_values").iloc[0]
    if pd.isna(span["lo"]):
        return True
    return filters.year_from <= span["lo"] and filters.year_to >= span["hi"]


def agency_names(cur: duckdb.DuckDBPyConnection, keys: tuple[str, ...]) -> dict[str, str]:
    """Agency key → latest name, for the keys given."""
    df = run(
        cur,
        "SELECT agency_key, agency FROM agencies WHERE list_contains(?::VARCHAR[], agency_key)",
        [list(keys)],
    )
    return dict(zip(df["agency_key"], df["agency"], strict=True))


def agency_places(
    cur: duckdb.DuckDBPyConnection, keys: tuple[str, ...]
) -> dict[str, tuple[str, str, str, str]]:
    """Agency key → (province, city, county, level) of its latest report."""
    df = run(
        cur,
        """SELECT agency_key, coalesce(province, '') AS province, coalesce(city, '') AS city,
                  coalesce(county, '') AS county, coalesce(level, '') AS level
           FROM agencies WHERE list_contains(?::VARCHAR[], agency_key)""",
        [list(keys)],
    )
    rows: Any = df.itertuples()
    return {r.agency_key: (r.province, r.city, r.county, r.level) for r in rows}


def agency_profile(cur: duckdb.DuckDBPyConnection, agency_key: str) -> pd.DataFrame:
    """The agency's latest name, level, kind and place (one row, or none)."""
    return run(
        cur,
        """SELECT agency_key, agency, level, kind, province, city, county FROM agencies
           WHERE agency_key = ?""",
        [agency_key],
    )


# ---------------------------------------------------------------------------- quality


def findings_by(
    cur: duckdb.DuckDBPyConnection, filters: Filters, by: tuple[str, ...]
) -> pd.DataFrame:
    """Finding and report counts per group (rule, severity, year, agency …)."""
    where, params = _where(filters, "r")
    groups = [
        "r.agency_ix"
        if b == "agency_key"
        else ("f." if b in ("rule", "severity") else "r.") + _ident(b, FINDING_DIMENSIONS)
        for b in by
    ]
    sql = f"""SELECT {", ".join(groups)}, count(*) AS n_findings,
                     count(DISTINCT f.report_id) AS n_reports
              FROM findings f JOIN meta r USING (report_id) WHERE {where}
              GROUP BY {", ".join(groups)}"""
    if "agency_key" in by:
        sql = f"""SELECT a.agency_key, a.agency, t.* EXCLUDE (agency_ix) FROM ({sql}) t
                  LEFT JOIN agencies a USING (agency_ix)"""
    order = ", ".join(
        "a.name_order" if b == "agency_key" else _ident(b, FINDING_DIMENSIONS) for b in by
    )
    return run(cur, f"{sql} ORDER BY n_findings DESC, {order}", params, names="agency_key" in by)


def quality_reports(
    cur: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 2000
) -> pd.DataFrame:
    """Reports with errors first, then warnings, then completeness."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT report_id, agency, year, template, level, n_errors, n_warnings,
                   completeness, source_format, source_path
            FROM meta WHERE {where}
            ORDER BY n_errors DESC, n_warnings DESC, completeness NULLS FIRST, agency, year
            LIMIT ?""",
        [*params, limit],
    )


def ocr_reports(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Reports with values read by OCR (scans, images): how many, and how many the sums settled."""
    where, params = _where(filters)
    return run(  # counted per report before the join: OCR values are few among 2×10^8
        cur,
        f"""SELECT report_id, agency, year, source_format, v.n_ocr_values, v.n_settled
            FROM (SELECT report_id, count(*) AS n_ocr_values,
                         count(*) FILTER (WHERE json_extract_string(locator, '$.arithmetic')
                                          IN ('confirmed', 'corrected')) AS n_settled
                  FROM report_values
                  WHERE locator IS NOT NULL AND json_extract(locator, '$.ocr') IS NOT NULL
                  GROUP BY report_id) v JOIN meta USING (report_id)
            WHERE {where} ORDER BY agency, year""",
        params,
    )


def report_findings(cur: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """One report's findings, errors first."""
    return run(
        cur,
        """SELECT severity, rule, message, array_to_string(keys, ', ') AS key, expected, found
           FROM findings WHERE report_id = ?
           ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, rule""",
        [report_id],
    )


def rejected_files(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Files the pipeline could not read, newest first, with the reason's Chinese sentence
    (the reader's English detail stays in the table)."""
    df = run(
        cur,
        """SELECT source_path, reason AS reason_text, "at", source_sha256
           FROM rejected_files ORDER BY "at" DESC, source_path""",
    )
    df["reason_text"] = [reason_sentence(r) for r in df["reason_text"]]
    return df


# ---------------------------------------------------------------------------- one report


def report_picker(
    cur: duckdb.DuckDBPyConnection,
    filters: Filters,
    search: str = "",
    limit: int = 300,
    errors_only: bool = False,
) -> pd.DataFrame:
    """Reports matching the filter and a name fragment (only those with error findings
    when ``errors_only``), newest first."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT report_id, agency, year, template, n_errors FROM meta
            WHERE {where} AND (? = '' OR contains(agency, ?) OR report_id = ?)
              AND (NOT ? OR n_errors > 0)
            ORDER BY year DESC, n_errors DESC, agency LIMIT ?""",
        [*params, search, search, search, errors_only, limit],
    )


def reports_by_sha(cur: duckdb.DuckDBPyConnection, shas: tuple[str, ...]) -> pd.DataFrame:
    """The reports read from files with these SHA-256 digests (what an upload loaded)."""
    return run(
        cur,
        """SELECT source_sha256, report_id, agency, year, template FROM meta
           WHERE list_contains(?::VARCHAR[], source_sha256) ORDER BY agency, year""",
        [list(shas)],
    )


def report_meta(cur: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """One report's metadata row (empty frame when unknown)."""
    cols = ", ".join(META_COLUMNS)
    return run(cur, f"SELECT {cols} FROM meta WHERE report_id = ?", [report_id])


def report_values(cur: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """One report's values with derived flag and locator JSON (the file's long form)."""
    return run(
        cur,
        "SELECT key, value, derived, locator FROM report_values WHERE report_id = ?",
        [report_id],
    )
