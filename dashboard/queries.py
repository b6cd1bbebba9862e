"""Every SQL statement of the dashboard: pure functions (cursor, Filters) → DataFrame.

Values always travel as ``?`` parameters; identifiers (view columns) come only
from the template's key list via ``etl.store.schema.wide_column``.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from etl.store.schema import wide_column
from etl.template import TEMPLATE_2021


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices; frozen so it can key a cache."""

    years: tuple[int, ...] = ()


class QueryError(RuntimeError):
    """A dashboard query failed; carries the SQL and its parameters."""


def run(cur: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """The one gateway: execute parameterised SQL, return a DataFrame."""
    try:
        return cur.execute(sql, params or []).df()
    except duckdb.Error as exc:
        raise QueryError(f"{exc}\nSQL: {sql}\nparams: {params}") from exc


def _where(filters: Filters, alias: str = "r") -> tuple[str, list]:
    clauses, params = ["TRUE"], []
    if filters.years:
        clauses.append(f"{alias}.year IN (SELECT unnest(?::INTEGER[]))")
        params.append(list(filters.years))
    return " AND ".join(clauses), params


def report_count(cur: duckdb.DuckDBPyConnection) -> int:
    """How many reports the database holds (0 for an empty database)."""
    return int(run(cur, "SELECT count(*) AS n FROM reports")["n"].iloc[0])


def available_years(cur: duckdb.DuckDBPyConnection) -> list[int]:
    """Statistics years present, newest first."""
    df = run(cur, "SELECT DISTINCT year FROM reports WHERE year IS NOT NULL ORDER BY year DESC")
    return [int(y) for y in df["year"]]


def reports_table(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The loaded reports with their quality summary."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT r.agency, r.year, r.template, r.province, r.city, r.county, r.level, r.kind,
                   r.source_format, r.n_errors, r.n_warnings, r.completeness, r.report_id
            FROM reports r WHERE {where} ORDER BY r.year DESC, r.agency""",
        params,
    )


def outcomes_by_agency(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Part-3 outcome totals per report, long form (agency, year, outcome, count)."""
    apply = TEMPLATE_2021.table("apply")
    groups: dict[str, list[str]] = {}
    for row in apply.rows:
        if row.key in {"new", "carried_in", "total", "carried_out"} or row.key.startswith("other_"):
            continue
        name = row.group if row.group not in {None, "本年度办理结果"} else row.label
        groups.setdefault(name, []).append(wide_column(apply.cell_key(row, "total")))
    selects = ",\n".join(
        f'({" + ".join(f"coalesce({c}, 0)" for c in cols)}) AS "{name}"'
        for name, cols in groups.items()
    )
    where, params = _where(filters, "a")
    wide = run(
        cur,
        f"""SELECT a.agency, a.year, {selects}
            FROM v_apply a WHERE {where} AND a.total__total IS NOT NULL""",
        params,
    )
    return wide.melt(id_vars=["agency", "year"], var_name="outcome", value_name="count")
