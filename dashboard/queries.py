"""Every SQL statement of the dashboard: pure functions (cursor, Filters, …) → DataFrame.

Values always travel as ``?`` parameters. Identifiers (value columns) are canonical
keys from ``etl.template.all_keys()`` or names checked against fixed whitelists.

Two kinds of connection are queried:

* the **store**: an in-memory DuckDB that :func:`build_store` fills once per database
  file version — ``r`` (one row per report: metadata plus one column per canonical
  key, already pivoted), ``findings`` and ``rejected_files``. Every page reads it.
* the **file** itself, read-only, only for one report's long-form values with their
  locators (:func:`report_values`).
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from dashboard import measures as ms
from dashboard import pivot
from dashboard.filters import Filters
from dashboard.measures import Measure
from etl.template import LEVELS, all_keys

#: Columns a result may be grouped by.
DIMENSIONS = ("year", "level", "kind", "template", "province", "city", "county", "agency_key")
FINDING_DIMENSIONS = ("rule", "severity", *DIMENSIONS)
#: Report columns the store keeps, with a default for files that lack one (older schemas).
REPORT_FIELDS: tuple[tuple[str, str], ...] = (
    ("report_id", "NULL"),
    ("agency", "NULL::VARCHAR"),
    ("year", "NULL::INTEGER"),
    ("template", "NULL::VARCHAR"),
    ("province", "NULL::VARCHAR"),
    ("city", "NULL::VARCHAR"),
    ("county", "NULL::VARCHAR"),
    ("level", "NULL::VARCHAR"),
    ("kind", "NULL::VARCHAR"),
    ("source_path", "NULL::VARCHAR"),
    ("source_format", "NULL::VARCHAR"),
    ("source_sha256", "NULL::VARCHAR"),
    ("is_simulated", "FALSE"),
    ("n_errors", "0"),
    ("n_warnings", "0"),
    ("completeness", "NULL::DOUBLE"),
    ("parts_found", "NULL::VARCHAR"),
    ("ingested_at", "NULL::TIMESTAMP"),
)
#: The identity of an organ across years, best first (organ_key since schema 2).
AGENCY_KEYS = ("organ_key", "agency_id", "agency")
META_COLUMNS = (
    "report_id", "agency", "agency_key", "year", "template", "province", "city", "county",
    "level", "kind", "source_path", "source_format", "source_sha256", "is_simulated",
    "n_errors", "n_warnings", "completeness", "parts_found", "ingested_at",
)  # fmt: skip
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


def run(cur: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """The one gateway: execute parameterised SQL, return a DataFrame."""
    try:
        return cur.execute(sql, params or []).df()
    except duckdb.Error as exc:
        raise QueryError(f"{exc}\nSQL: {sql}\nparams: {params}") from exc


def _ident(name: str, allowed: tuple[str, ...] | set[str]) -> str:
    """A quoted identifier, refused unless it is on the whitelist."""
    if name not in allowed:
        raise QueryError(f"refused identifier {name!r}")
    return '"' + name + '"'


def _where(filters: Filters, alias: str = "") -> tuple[str, list]:
    """WHERE clause and parameters for a Filters (on table alias ``alias``)."""
    a = f"{alias}." if alias else ""
    clauses, params = ["TRUE"], []
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


def _measure_sql(m: Measure) -> str:
    """Σ over reports of Σ over keys, absent values skipped (NULL only when all are absent)."""
    if _PRECOMPUTED.get(m.name) == m.keys:  # a column the store already holds
        return f'sum("{m.name}") AS "{m.name}"'
    sums = [f"sum({_ident(k, _KEYS)})" for k in m.keys]
    expr = sums[0] if len(sums) == 1 else f"list_sum([{', '.join(sums)}])"
    return f'{expr} AS "{m.name}"'


_KEYS = frozenset(all_keys())
_PRECOMPUTED = {m.name: m.keys for m in ms.precomputed()}


# ---------------------------------------------------------------------------- the store


def _report_select(src: duckdb.DuckDBPyConnection) -> str:
    """The SELECT list for ``reports``: its columns, defaults for missing ones, agency_key."""
    present = set(
        run(
            src,
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'reports'",
        )["column_name"]
    )
    cols = [c if c in present else f"{default} AS {c}" for c, default in REPORT_FIELDS]
    ids = [k for k in AGENCY_KEYS if k in present]
    cols.insert(2, f"coalesce({', '.join(ids)}) AS agency_key" if ids else "NULL AS agency_key")
    return ", ".join(cols)


def _cells(src: duckdb.DuckDBPyConnection, keys: list[str]) -> dict:
    """(report index, key index, value) of every stored value, in one pass.

    Reports and keys are joined on their 64-bit hashes, much faster than on strings;
    should two report ids or two keys ever share a hash, the join uses the strings.
    """
    unique = run(
        src,
        """SELECT (SELECT count(DISTINCT hash(report_id)) = count(*) FROM reports)
                  AND (SELECT count(DISTINCT hash(k)) = count(*) FROM unnest(?::VARCHAR[]) t(k))
                  AS ok""",
        [keys],
    )
    if bool(unique["ok"].iloc[0]):
        ids, ks = "hash(report_id)", "hash(k)"
        on_id, on_key = "hash(v.report_id) = ids.id", "hash(v.key) = ks.k"
    else:
        ids, ks = "report_id", "k"
        on_id, on_key = "v.report_id = ids.id", "v.key = ks.k"
    src.execute("SET preserve_insertion_order = false")
    return src.execute(
        f"""WITH ids AS (SELECT {ids} AS id,
                                (row_number() OVER (ORDER BY report_id) - 1)::INTEGER AS ri
                         FROM reports),
                 ks AS (SELECT {ks} AS k, ki
                        FROM (SELECT unnest(?::VARCHAR[]) AS k, unnest(?::INTEGER[]) AS ki))
            SELECT ids.ri, ks.ki, v.value
            FROM report_values v JOIN ids ON {on_id} JOIN ks ON {on_key}""",
        [keys, list(range(len(keys)))],
    ).fetchnumpy()


def build_store(mem: duckdb.DuckDBPyConnection, src: duckdb.DuckDBPyConnection) -> int:
    """Copy the file's reports into ``mem``, every value pivoted to a column.

    Tables made: ``r`` (report metadata, ``agency_ix``, one column per canonical key and
    one per precomputed measure), ``agencies`` (latest name and place per agency),
    ``places``, ``findings`` and ``rejected_files``. Returns the number of reports.
    """
    keys = all_keys()
    meta = run(src, f"SELECT {_report_select(src)} FROM reports ORDER BY report_id")
    meta["agency_ix"] = pivot.dense_ids(meta["agency_key"])
    try:
        cells = _cells(src, keys)
    except duckdb.Error as exc:
        raise QueryError(f"cannot read report_values: {exc}") from exc
    wide = pivot.wide_frame(len(meta), keys, cells, ms.precomputed())
    del cells
    mem.register("_xxgk_meta", meta)
    mem.register("_xxgk_wide", wide)
    mem.execute(
        "CREATE OR REPLACE TABLE r AS SELECT m.*, w.* FROM _xxgk_meta m POSITIONAL JOIN _xxgk_wide w"
    )
    mem.unregister("_xxgk_meta")
    mem.unregister("_xxgk_wide")
    mem.execute(
        """CREATE OR REPLACE TABLE agencies AS
           SELECT agency_ix, any_value(agency_key) AS agency_key,
                  arg_max(agency, year) AS agency, arg_max(level, year) AS level,
                  arg_max(kind, year) AS kind, arg_max(province, year) AS province,
                  arg_max(city, year) AS city, arg_max(county, year) AS county
           FROM r WHERE agency_ix IS NOT NULL GROUP BY agency_ix"""
    )
    mem.execute(
        """CREATE OR REPLACE TABLE places AS
           SELECT DISTINCT coalesce(province, '') AS province, coalesce(city, '') AS city,
                  coalesce(county, '') AS county FROM r"""
    )
    for table, sql in (
        (
            "findings",
            "SELECT report_id, rule, severity, message, keys, expected, found FROM findings",
        ),
        ("rejected_files", 'SELECT source_path, source_sha256, reason, "at" FROM rejected_files'),
    ):
        mem.register("_xxgk_part", run(src, sql))
        mem.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _xxgk_part")
        mem.unregister("_xxgk_part")
    return len(meta)


# ---------------------------------------------------------------------------- options


def report_count(cur: duckdb.DuckDBPyConnection) -> int:
    """How many reports the store holds."""
    return int(run(cur, "SELECT count(*) AS n FROM r")["n"].iloc[0])


def available_years(cur: duckdb.DuckDBPyConnection) -> list[int]:
    """Statistics years present, oldest first."""
    df = run(cur, "SELECT DISTINCT year FROM r WHERE year IS NOT NULL ORDER BY year")
    return [int(y) for y in df["year"]]


def places(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every (province, city, county) present, empty strings for none."""
    return run(cur, "SELECT province, city, county FROM places ORDER BY ALL")


def distinct_values(cur: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """Distinct non-empty values of a metadata column (level, kind, template)."""
    col = _ident(column, ("level", "kind", "template"))
    df = run(cur, f"SELECT DISTINCT {col} AS v FROM r WHERE {col} <> '' ORDER BY 1")
    return [str(v) for v in df["v"]]


def agency_options(
    cur: duckdb.DuckDBPyConnection, filters: Filters, search: str = "", limit: int = 500
) -> pd.DataFrame:
    """Agencies matching the filter and a name fragment, busiest first (key, agency)."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT a.agency_key, a.agency
            FROM (SELECT agency_ix, sum("apply.new.total") AS n FROM r
                  WHERE {where} GROUP BY agency_ix) t
            JOIN agencies a USING (agency_ix)
            WHERE ? = '' OR contains(a.agency, ?)
            ORDER BY t.n DESC NULLS LAST, a.agency LIMIT ?""",
        [*params, search, search, limit],
    )


def agency_names(cur: duckdb.DuckDBPyConnection, keys: tuple[str, ...]) -> dict[str, str]:
    """Agency key → latest name, for the keys given."""
    df = run(
        cur,
        "SELECT agency_key, agency FROM agencies WHERE list_contains(?::VARCHAR[], agency_key)",
        [list(keys)],
    )
    return dict(zip(df["agency_key"], df["agency"], strict=True))


def agency_profile(cur: duckdb.DuckDBPyConnection, agency_key: str) -> pd.DataFrame:
    """The agency's latest name, level, kind and place (one row, or none)."""
    return run(
        cur,
        """SELECT agency_key, agency, level, kind, province, city, county FROM agencies
           WHERE agency_key = ?""",
        [agency_key],
    )


# ---------------------------------------------------------------------------- sums


def totals_by(
    cur: duckdb.DuckDBPyConnection,
    filters: Filters,
    by: tuple[str, ...],
    measures: tuple[Measure, ...],
    order_by: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Sums of ``measures`` per group of ``by`` with report and agency counts.

    Always returns ``n_reports``, ``n_agencies``, ``n_apply`` (reports showing part 三),
    ``n_simulated`` and ``n_error_reports``; grouped by agency it adds the agency's key
    and latest name. ``order_by`` (a measure name, descending) with ``limit`` ranks.
    """
    where, params = _where(filters)
    per_agency = "agency_key" in by
    groups = ["agency_ix" if b == "agency_key" else _ident(b, DIMENSIONS) for b in by]
    select = [
        *groups,
        "count(*) AS n_reports",
        "1::BIGINT AS n_agencies" if per_agency else "count(DISTINCT agency_ix) AS n_agencies",
        'count("apply.total.total") AS n_apply',
        "count_if(is_simulated)::BIGINT AS n_simulated",
        "count_if(n_errors > 0)::BIGINT AS n_error_reports",
        *(_measure_sql(m) for m in measures),
    ]
    sql = f"SELECT {', '.join(select)} FROM r WHERE {where}"
    if groups:
        sql += f" GROUP BY {', '.join(groups)}"
    order, order_params = [], []
    if order_by is not None:
        order.append(
            f"{_ident(order_by, (*(m.name for m in measures), 'n_reports'))} DESC NULLS LAST"
        )
    for b in by:
        if b == "level":  # the template's order (central … township), unknown last
            order.append("list_position(?::VARCHAR[], level) NULLS LAST")
            order_params.append(list(LEVELS))
        order.append("agency" if b == "agency_key" else _ident(b, DIMENSIONS))
    if not per_agency:
        if order:
            sql += f" ORDER BY {', '.join(order)}"
            params += order_params
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return run(cur, sql, params)
    if limit is not None:  # rank inside, then name the few agencies left
        sql += f" ORDER BY {order[0] if order_by else 'agency_ix'}, agency_ix LIMIT ?"
        params.append(limit)
    sql = (
        f"SELECT a.agency_key, a.agency, t.* EXCLUDE (agency_ix) FROM ({sql}) t "
        f"LEFT JOIN agencies a USING (agency_ix) ORDER BY {', '.join(order)}"
    )
    return run(cur, sql, params + order_params)


def has_simulated(cur: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """True when any simulated report is in view."""
    where, params = _where(filters)
    df = run(cur, f"SELECT bool_or(is_simulated) AS s FROM r WHERE {where}", params)
    return bool(df["s"].iloc[0]) if len(df) and pd.notna(df["s"].iloc[0]) else False


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
              FROM findings f JOIN r USING (report_id) WHERE {where}
              GROUP BY {", ".join(groups)}"""
    if "agency_key" in by:
        sql = f"""SELECT a.agency_key, a.agency, t.* EXCLUDE (agency_ix) FROM ({sql}) t
                  LEFT JOIN agencies a USING (agency_ix)"""
    order = ", ".join("agency" if b == "agency_key" else _ident(b, FINDING_DIMENSIONS) for b in by)
    return run(cur, f"{sql} ORDER BY n_findings DESC, {order}", params)


def quality_reports(
    cur: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 2000
) -> pd.DataFrame:
    """Reports with errors first, then warnings, then completeness."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT report_id, agency, year, template, level, n_errors, n_warnings,
                   completeness, source_format, source_path
            FROM r WHERE {where}
            ORDER BY n_errors DESC, n_warnings DESC, completeness NULLS FIRST, agency, year
            LIMIT ?""",
        [*params, limit],
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
    """Files the pipeline could not read, newest first, with the reason."""
    return run(
        cur,
        """SELECT source_path, reason AS reason_text, "at", source_sha256
           FROM rejected_files ORDER BY "at" DESC, source_path""",
    )


# ---------------------------------------------------------------------------- coverage


def coverage(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per agency: first year with a report (any year), and which years of the filter's
    range have a report / a report with errors, as bit masks (bit i = year_from + i)."""
    if filters.year_from is None or filters.year_to is None:
        raise QueryError("coverage needs a year range")
    where, params = _where(replace(filters, year_from=None, year_to=None))
    y0, y1 = filters.year_from, filters.year_to
    return run(
        cur,
        f"""SELECT a.agency_key, a.agency, a.level, t.* EXCLUDE (agency_ix)
            FROM (SELECT agency_ix, min(year) AS first_year,
                         coalesce(bit_or(1::BIGINT << (year - ?))
                             FILTER (WHERE year BETWEEN ? AND ?), 0) AS published_mask,
                         coalesce(bit_or(1::BIGINT << (year - ?))
                             FILTER (WHERE year BETWEEN ? AND ? AND n_errors > 0), 0) AS error_mask
                  FROM r WHERE {where} AND agency_ix IS NOT NULL AND year IS NOT NULL
                  GROUP BY agency_ix HAVING min(year) <= ?) t
            JOIN agencies a USING (agency_ix)
            ORDER BY a.agency""",
        [y0, y0, y1, y0, y0, y1, *params, y1],
    )


# ---------------------------------------------------------------------------- one report


def report_picker(
    cur: duckdb.DuckDBPyConnection, filters: Filters, search: str = "", limit: int = 300
) -> pd.DataFrame:
    """Reports matching the filter and a name fragment, newest first."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT report_id, agency, year, template, n_errors FROM r
            WHERE {where} AND (? = '' OR contains(agency, ?) OR report_id = ?)
            ORDER BY year DESC, n_errors DESC, agency LIMIT ?""",
        [*params, search, search, search, limit],
    )


def report_meta(cur: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """One report's metadata row (empty frame when unknown)."""
    cols = ", ".join(META_COLUMNS)
    return run(cur, f"SELECT {cols} FROM r WHERE report_id = ?", [report_id])


def report_values(cur: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """One report's values with derived flag and locator JSON, read from the file."""
    return run(
        cur,
        "SELECT key, value, derived, locator FROM report_values WHERE report_id = ?",
        [report_id],
    )
