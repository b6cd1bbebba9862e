"""SQL of the coverage page (报送情况) and the 通报's unpublished list: who should have
published a report for which year, from the reports and the roster (who should publish),
in the manner of :mod:`dashboard.queries` (its gateway ``run`` and filter clause)."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries import QueryError, _where, run


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
