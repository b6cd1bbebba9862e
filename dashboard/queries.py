"""Every SQL statement of the dashboard: pure functions (cursor, Filters, …) → DataFrame.

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
from dataclasses import replace
from typing import Any

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.measures import Measure
from dashboard.snapshot import AGENCY_KEYS_SUMMED
from etl.store import rollup
from etl.store.ddl import report_columns
from etl.template import LEVELS, all_keys

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
#: Columns of the store's ``roll_place`` (sums per year, template, level, kind, province).
ROLLUP_DIMS = rollup.PLACE_DIMS
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


def _measure_sql(m: Measure) -> str:
    """Σ over reports of Σ over keys, absent values skipped (NULL only when all are absent)."""
    sums = [f"sum({_ident(k, _KEYS)})" for k in m.keys]
    expr = sums[0] if len(sums) == 1 else f"list_sum([{', '.join(sums)}])"
    return f'{expr} AS "{m.name}"'


def _summed_measure_sql(m: Measure) -> str:
    """A measure over a table whose key columns already hold sums (``agency_totals``)."""
    cols = [_ident(k, _KEYS) for k in m.keys]
    expr = cols[0] if len(cols) == 1 else f"list_sum([{', '.join(cols)}])"
    return f'{expr} AS "{m.name}"'


_KEYS = frozenset(all_keys())


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

    Groups and filters the store's ``roll_place`` can answer (see
    ``etl.store.rollup``) read it instead of every report; agency counts, which do not
    add up across cells, come from ``meta``. Both give the same numbers.
    """
    where, params = _where(filters)
    per_agency, named = "agency_key" in by, False
    groups = ["agency_ix" if b == "agency_key" else _ident(b, DIMENSIONS) for b in by]
    if _rolled_up(filters, by):
        counted, count_params = _agency_counts(cur, filters, groups)
        sql = _rollup_totals_sql(groups, where, measures, counted)
        params = params + count_params
    elif by == ("agency_key",) and _agency_totals_hold(cur, filters, measures):
        cols = "".join(f", {_summed_measure_sql(m)}" for m in measures)
        sql = (
            "SELECT agency_key, agency, name_order, agency_ix, n_reports, 1::BIGINT AS "
            f"n_agencies, n_apply, n_simulated, n_error_reports{cols} FROM agency_totals"
        )
        params, named = [], True
    else:
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
    order, order_params = _order_clauses(by, measures, order_by)
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
    order = ["name_order" if o == "agency" else o for o in order]  # same order, integers
    if named:  # agency_totals holds the names
        sql = f"SELECT * EXCLUDE (agency_ix, name_order) FROM ({sql}) t"
    else:
        sql = (
            f"SELECT a.agency_key, a.agency, t.* EXCLUDE (agency_ix) FROM ({sql}) t "
            "LEFT JOIN agencies a USING (agency_ix)"
        )
    return run(cur, f"{sql} ORDER BY {', '.join(order)}", params + order_params, names=True)


def _order_clauses(
    by: tuple[str, ...], measures: tuple[Measure, ...], order_by: str | None
) -> tuple[list[str], list]:
    """ORDER BY terms (and their parameters): the ranked measure first, then the groups."""
    order: list[str] = []
    order_params: list = []
    if order_by is not None:
        order.append(
            f"{_ident(order_by, (*(m.name for m in measures), 'n_reports'))} DESC NULLS LAST"
        )
    for b in by:
        if b == "level":  # the template's order (central … township), unknown last
            order.append("list_position(?::VARCHAR[], level) NULLS LAST")
            order_params.append(list(LEVELS))
        order.append("agency" if b == "agency_key" else _ident(b, DIMENSIONS))
    return order, order_params


def _agency_totals_hold(
    cur: duckdb.DuckDBPyConnection, filters: Filters, measures: tuple[Measure, ...]
) -> bool:
    """True when the store's ``agency_totals`` answers a per-agency total: every dated
    report is in view and it sums every key the measures need."""
    summed = set(AGENCY_KEYS_SUMMED)
    return all(k in summed for m in measures for k in m.keys) and _every_dated_report(cur, filters)


def _rolled_up(filters: Filters, by: tuple[str, ...]) -> bool:
    """True when ``roll_place`` holds every group and filter column asked for."""
    fields = [f for f, col in _FILTER_COLUMNS.items() if getattr(filters, f)]
    columns = {_FILTER_COLUMNS[f] for f in fields} | set(by)
    return columns <= set(ROLLUP_DIMS)


def _agency_counts(
    cur: duckdb.DuckDBPyConnection, filters: Filters, groups: list[str]
) -> tuple[str, list]:
    """SELECT of ``n_agencies`` per group for :func:`totals_by`'s rollup path, and its
    parameters. Agencies do not add up across years, so: per year, the sum of the cells'
    counts of ``cell_agencies`` (exact while no agency has reports in two cells of one
    year, which the store checked); across years, the agencies of ``agency_cells`` (about
    one row per agency) with a report of a year and template asked for; else ``meta``.
    Every dated report in view, without groups: the rows of ``agency_totals``."""
    head = f"{', '.join(groups)}, " if groups else ""
    group = f" GROUP BY {', '.join(groups)}" if groups else ""
    if not groups and _every_dated_report(cur, filters):  # one row per such agency
        return "SELECT count(*) AS n_agencies FROM agency_totals", []
    if '"year"' in groups:
        if run(cur, "SELECT one_cell_per_year FROM store_flags")["one_cell_per_year"].iloc[0]:
            where, params = _where(filters)
            return (
                f"SELECT {head}sum(n)::BIGINT AS n_agencies FROM cell_agencies "
                f"WHERE {where}{group}",
                params,
            )
        where, params = _where(filters)
        return (
            f"SELECT {head}count(DISTINCT agency_ix) AS n_agencies FROM meta WHERE {where}{group}",
            params,
        )
    where, params = _where(replace(filters, year_from=None, year_to=None, templates=()))
    if filters.year_from is not None or filters.year_to is not None or filters.templates:
        ranged = filters.year_from is not None or filters.year_to is not None
        lo = -(10**6) if filters.year_from is None else filters.year_from
        hi = 10**6 if filters.year_to is None else filters.year_to
        cells = run(cur, "SELECT DISTINCT year, template FROM meta_values")
        wanted = [
            "/".join(v for v in (str(int(y)) if pd.notna(y) else None, t) if pd.notna(v))
            for y, t in zip(cells["year"], cells["template"], strict=True)
            if (lo <= y <= hi if pd.notna(y) else not ranged)
            and (not filters.templates or t in filters.templates)
        ]
        where += " AND list_has_any(cells, ?::VARCHAR[])"
        params.append(wanted)
    flags = run(cur, "SELECT one_row_per_agency FROM store_flags")
    n = "count(*)" if flags["one_row_per_agency"].iloc[0] else "count(DISTINCT agency_ix)"
    return (
        f"SELECT {head}{n} AS n_agencies FROM agency_cells WHERE {where}{group}",
        params,
    )


def _rollup_totals_sql(
    groups: list[str], where: str, measures: tuple[Measure, ...], counted: str
) -> str:
    """The rows of :func:`totals_by` from ``roll_place`` (``where``'s parameters first),
    joined to the agency counts ``counted`` (see :func:`_agency_counts`)."""
    keys = ", ".join(groups)
    head = f"{keys}, " if groups else ""
    counts = ", ".join(  # as count() and count_if() over reports: 0 and NULL when none
        [f"coalesce(sum({c}), 0)::BIGINT AS {c}" for c in ("n_reports", "n_apply")]
        + [f"sum({c})::BIGINT AS {c}" for c in ("n_simulated", "n_error_reports")]
    )
    sums = "".join(f", {_measure_sql(m)}" for m in measures)
    group = f" GROUP BY {keys}" if groups else ""
    on = " AND ".join(f"s.{g} IS NOT DISTINCT FROM a.{g}" for g in groups) or "TRUE"
    names = "".join(f', s."{m.name}"' for m in measures)
    return (
        f"SELECT * FROM (SELECT {''.join(f's.{g}, ' for g in groups)}s.n_reports, "
        "coalesce(a.n_agencies, 0) AS n_agencies, s.n_apply, s.n_simulated, "
        f"s.n_error_reports{names} "
        f"FROM (SELECT {head}{counts}{sums} FROM roll_place WHERE {where}{group}) s "
        f"LEFT JOIN ({counted}) a ON {on})"
    )


def has_simulated(cur: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """True when any simulated report is in view."""
    where, params = _where(filters)
    df = run(cur, f"SELECT bool_or(is_simulated) AS s FROM meta WHERE {where}", params)
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
    """Files the pipeline could not read, newest first, with the reason."""
    return run(
        cur,
        """SELECT source_path, reason AS reason_text, "at", source_sha256
           FROM rejected_files ORDER BY "at" DESC, source_path""",
    )


# ---------------------------------------------------------------------------- coverage


def _roster_sql(filters: Filters) -> tuple[str, list]:
    """CTE ``due``: the roster's organs under the filter's place, level, kind and agencies,
    one row per organ with the key and ``agency_ix`` of its reports (NULL when it has none)
    and the years it is due (``from_year``/``to_year``, NULL = open)."""
    where, params = _where(replace(filters, year_from=None, year_to=None, templates=()))
    return (
        f"""ros AS (
              SELECT coalesce(a.agency_key, r.agency_key) AS agency_key, a.agency_ix,
                     coalesce(a.agency, r.agency) AS agency,
                     coalesce(nullif(a.province, ''), r.province) AS province,
                     coalesce(nullif(a.city, ''), r.city) AS city,
                     coalesce(nullif(a.county, ''), r.county) AS county,
                     coalesce(nullif(a.level, ''), r.level) AS level,
                     coalesce(nullif(a.kind, ''), r.kind) AS kind, r.from_year, r.to_year
              FROM roster r LEFT JOIN agencies a ON a.agency_key IN (r.agency_key, r.name_key)),
            due AS (
              SELECT agency_key, any_value(agency_ix) AS agency_ix, any_value(agency) AS agency,
                     any_value(province) AS province, any_value(city) AS city,
                     any_value(county) AS county, any_value(level) AS level,
                     any_value(kind) AS kind,
                     CASE WHEN count(*) = count(from_year) THEN min(from_year) END AS from_year,
                     CASE WHEN count(*) = count(to_year) THEN max(to_year) END AS to_year
              FROM ros WHERE {where} GROUP BY agency_key)""",
        params,
    )


def has_roster(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when the database holds a roster (who should publish)."""
    return bool(run(cur, "SELECT count(*) AS n FROM roster")["n"].iloc[0])


def roster_missing(cur: duckdb.DuckDBPyConnection, filters: Filters, year: int) -> pd.DataFrame:
    """The roster's organs due in ``year`` (under the filter's place, level, kind and
    agencies) without a report for it: agency_key, agency, province, city, county,
    level, kind, ``last_year`` (latest report before, NULL if none) and
    ``never_published``. Empty when there is no roster."""
    ctes, params = _roster_sql(filters)
    return run(
        cur,
        f"""WITH {ctes},
            pub AS (SELECT agency_ix, max(year) FILTER (WHERE year < ?) AS last_year,
                           count(*) AS n_reports, bool_or(year = ?) AS has_year
                    FROM meta WHERE agency_ix IS NOT NULL GROUP BY agency_ix)
            SELECT d.agency_key, d.agency, d.province, d.city, d.county, d.level, d.kind,
                   p.last_year, coalesce(p.n_reports, 0) = 0 AS never_published
            FROM due d LEFT JOIN pub p USING (agency_ix)
            WHERE coalesce(d.from_year, ?) <= ? AND coalesce(d.to_year, ?) >= ?
              AND NOT coalesce(p.has_year, FALSE)
            ORDER BY never_published DESC, d.province, d.city, d.county, d.agency""",
        [*params, year, year, year, year, year, year],
        names=True,
    )


def coverage(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per agency: the first year it is due, and which years of the filter's range have a
    report / a report with errors, as bit masks (bit i = year_from + i).

    An agency is due every year from its first report (any year) on; an organ on the
    roster from its ``from_year`` (else every year) up to its ``to_year``, reports or
    not (``on_roster``, ``due_to``). The shift sits inside a CASE, not under an aggregate
    FILTER: DuckDB evaluates a FILTERed argument for every row, and a year before
    ``year_from`` would shift by a negative number."""
    if filters.year_from is None or filters.year_to is None:
        raise QueryError("coverage needs a year range")
    where, params = _where(replace(filters, year_from=None, year_to=None))
    ctes, roster_params = _roster_sql(filters)
    y0, y1 = filters.year_from, filters.year_to
    return run(
        cur,
        f"""WITH {ctes},
            pub AS (SELECT agency_ix, min(year) AS first_year,
                         coalesce(bit_or(CASE WHEN year BETWEEN ? AND ?
                             THEN 1::BIGINT << greatest(year - ?, 0) END), 0) AS published_mask,
                         coalesce(bit_or(CASE WHEN year BETWEEN ? AND ? AND n_errors > 0
                             THEN 1::BIGINT << greatest(year - ?, 0) END), 0) AS error_mask
                  FROM meta WHERE {where} AND agency_ix IS NOT NULL AND year IS NOT NULL
                  GROUP BY agency_ix),
            t AS (SELECT coalesce(a.agency_key, d.agency_key) AS agency_key,
                         coalesce(a.agency, d.agency) AS agency,
                         coalesce(a.level, d.level) AS level,
                         CASE WHEN d.agency_key IS NULL THEN p.first_year
                              ELSE coalesce(d.from_year, ?) END AS first_year,
                         coalesce(p.published_mask, 0) AS published_mask,
                         coalesce(p.error_mask, 0) AS error_mask,
                         d.agency_key IS NOT NULL AS on_roster, d.to_year AS due_to
                  FROM (pub p JOIN agencies a USING (agency_ix))
                  FULL OUTER JOIN due d ON d.agency_ix = p.agency_ix)
            SELECT * FROM t
            WHERE first_year <= ? AND (due_to IS NULL OR due_to >= ? OR published_mask <> 0)
            ORDER BY agency""",
        [*roster_params, y0, y1, y0, y0, y1, y0, *params, min(y0, y1), y1, y0],
        names=True,
    )


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
