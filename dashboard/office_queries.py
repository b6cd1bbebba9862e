"""SQL for the office's pages (bulk data, meeting brief, timeliness, copies, 通报):
pure functions (cursor, Filters, …) → DataFrame on the dashboard's store, in the
manner of :mod:`dashboard.queries` (its gateway ``run`` and filter clause).

Kept apart from ``queries.py`` so that module stays about the analysis pages.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard import repeats
from dashboard.filters import Filters
from dashboard.queries import META_COLUMNS, _ident, _where, run

#: Bulk downloads stop at this many rows per table (ask for a narrower filter).
BULK_MAX_ROWS = 5_000_000


def bulk_reports(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every report of the filter with its metadata and quality summary."""
    where, params = _where(filters)
    cols = ", ".join(c for c in META_COLUMNS if c != "agency_key")
    return run(
        cur,
        f"SELECT {cols} FROM meta WHERE {where} ORDER BY year, agency, report_id LIMIT ?",
        [*params, BULK_MAX_ROWS],
    )


def bulk_values(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every value of the filter's reports in long form, with its locator."""
    where, params = _where(filters, "m")
    return run(
        cur,
        f"""SELECT v.report_id, m.agency, m.year, v.key, v.value, v.derived, v.locator
            FROM report_values v JOIN meta m USING (report_id) WHERE {where}
            ORDER BY m.year, m.agency, v.report_id, v.key LIMIT ?""",
        [*params, BULK_MAX_ROWS],
    )


def bulk_findings(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every finding of the filter's reports."""
    where, params = _where(filters, "m")
    return run(
        cur,
        f"""SELECT f.report_id, m.agency, m.year, f.rule, f.severity, f.message, f.keys,
                   f.expected, f.found
            FROM findings f JOIN meta m USING (report_id) WHERE {where}
            ORDER BY m.year, m.agency, f.report_id, f.rule LIMIT ?""",
        [*params, BULK_MAX_ROWS],
    )


# ---------------------------------------------------------------------------- brief


def find_agencies(cur: duckdb.DuckDBPyConnection, name: str, filters: Filters) -> pd.DataFrame:
    """Agencies whose latest name (or any name in the filter) equals or contains ``name``,
    exact matches first."""
    where, params = _where(filters, "m")
    return run(
        cur,
        f"""SELECT a.agency_key, a.agency, a.level, a.kind, a.province, a.city, a.county,
                   bool_or(m.agency = ?) AS exact
            FROM meta m JOIN agencies a USING (agency_ix)
            WHERE {where} AND contains(m.agency, ?)
            GROUP BY a.agency_key, a.agency, a.level, a.kind, a.province, a.city, a.county
            ORDER BY exact DESC, length(a.agency), a.agency LIMIT 20""",
        [name, *params, name],
    )


def find_place(cur: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Places whose province, city or county is ``name`` (deepest first)."""
    return run(
        cur,
        """SELECT DISTINCT province, city, county,
                  CASE WHEN county = ? THEN 'county' WHEN city = ? THEN 'city'
                       ELSE 'province' END AS depth
           FROM places WHERE ? IN (province, city, county)
           ORDER BY depth, province, city, county""",
        [name, name, name],
    )


def subject_reports(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The filter's reports with their source file, for the brief's source section."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT report_id, agency, year, template, source_path, source_format,
                   source_sha256, is_simulated, n_errors, n_warnings, completeness
            FROM meta WHERE {where} ORDER BY year DESC, agency LIMIT 5000""",
        params,
    )


def subject_findings(
    cur: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 200
) -> pd.DataFrame:
    """The filter's findings, errors first."""
    where, params = _where(filters, "m")
    return run(
        cur,
        f"""SELECT m.agency, m.year, f.rule, f.severity, f.message,
                   array_to_string(f.keys, ', ') AS key
            FROM findings f JOIN meta m USING (report_id) WHERE {where}
            ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                     m.agency, f.rule LIMIT ?""",
        [*params, limit],
    )


# ---------------------------------------------------------------------------- timeliness

#: Grouping columns a timeliness summary may use.
TIMELINESS_DIMENSIONS = ("year", "level", "kind", "province", "city", "county")
#: SQL for a report's deadline: 31 January of the following year (条例).
_DEADLINE = "make_date(year + 1, 1, 31)"


def timeliness_by(
    cur: duckdb.DuckDBPyConnection, filters: Filters, by: tuple[str, ...]
) -> pd.DataFrame:
    """Per group: reports, dated / undated, on time / late, and the on-time rate among
    the dated (``on_time_pct``; NULL when none is dated)."""
    where, params = _where(filters)
    groups = [_ident(b, TIMELINESS_DIMENSIONS) for b in by]
    select = ", ".join(groups) + ", " if groups else ""
    group = f"GROUP BY {', '.join(groups)} ORDER BY {', '.join(groups)}" if groups else ""
    return run(
        cur,
        f"""SELECT {select}count(*) AS n_reports,
                   count(published_on) AS n_dated,
                   count(*) - count(published_on) AS n_undated,
                   coalesce(count_if(published_on <= {_DEADLINE}), 0)::BIGINT AS n_on_time,
                   coalesce(count_if(published_on > {_DEADLINE}), 0)::BIGINT AS n_late,
                   round(100.0 * count_if(published_on <= {_DEADLINE})
                         / nullif(count(published_on), 0), 1) AS on_time_pct
            FROM meta WHERE {where} AND year IS NOT NULL {group}""",
        params,
    )


def late_reports(
    cur: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 5000
) -> pd.DataFrame:
    """Reports dated after their deadline, the latest first, with days late."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT report_id, agency, year, level, kind, province, city, county, published_on,
                   published_on_source, {_DEADLINE} AS deadline,
                   date_diff('day', {_DEADLINE}, published_on) AS days_late
            FROM meta WHERE {where} AND published_on > {_DEADLINE}
            ORDER BY days_late DESC, agency LIMIT ?""",
        [*params, limit],
    )


def undated_reports(
    cur: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 5000
) -> pd.DataFrame:
    """Reports that print no publication date (lateness cannot be told)."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT report_id, agency, year, level, source_format, source_path
            FROM meta WHERE {where} AND published_on IS NULL AND year IS NOT NULL
            ORDER BY year DESC, agency LIMIT ?""",
        [*params, limit],
    )


# ---------------------------------------------------------------------------- 通报


def not_published_last_year(
    cur: duckdb.DuckDBPyConnection, filters: Filters, year: int
) -> pd.DataFrame:
    """Agencies (under the filter's place, level, kind) with a report for ``year - 1`` but
    none for ``year``: the roster when there is none."""
    where, params = _where(replace_years(filters), "m")
    return run(
        cur,
        f"""SELECT a.agency_key, a.agency, a.province, a.city, a.county, a.level, a.kind,
                   max(m.year) AS last_year, FALSE AS never_published
            FROM meta m JOIN agencies a USING (agency_ix)
            WHERE {where} AND m.year = ? - 1
              AND m.agency_ix NOT IN (SELECT agency_ix FROM meta WHERE year = ? AND agency_ix IS NOT NULL)
            GROUP BY ALL ORDER BY a.province, a.city, a.county, a.agency""",
        [*params, year, year],
        names=True,
    )


def replace_years(filters: Filters) -> Filters:
    """The filter without its year range (the 通报 names its own year)."""
    from dataclasses import replace

    return replace(filters, year_from=None, year_to=None)


def error_reports(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Reports with error-level findings: which rules, which cells, what was found."""
    where, params = _where(filters, "m")
    return run(
        cur,
        f"""SELECT m.report_id, m.agency, m.year, m.level, m.kind, m.province, m.city, m.county,
                   string_agg(DISTINCT f.rule, '、' ORDER BY f.rule) AS rules,
                   string_agg(array_to_string(f.keys, ', '), '；') AS cells,
                   string_agg(f.message, '；') AS messages, count(*) AS n_errors
            FROM findings f JOIN meta m USING (report_id)
            WHERE {where} AND f.severity = 'error'
            GROUP BY ALL ORDER BY m.agency""",
        params,
        names=True,
    )


def copied_tables(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Reports whose every value equals the same organ's previous-year report cell for cell
    (same keys shown, same numbers), with at least ``repeats.MIN_NONZERO`` non-zero cells: the
    store's ``repeated_tables`` (:mod:`dashboard.repeats`), under the filter."""
    where, params = _where(filters)
    return run(
        cur,
        f"""SELECT report_id, agency, year, level, kind, province, city, county,
                   previous_report_id, previous_year, n_nonzero
            FROM {repeats.TABLE} WHERE {where} ORDER BY agency""",
        params,
    )


# ---------------------------------------------------------------------------- 文字雷同

#: ``copy_pairs.relation`` → how the 通报 and the pages name it.
COPY_KINDS = {
    "tables": "统计表与上一年逐格相同",
    "previous_year": "文字与上一年雷同",
    "same_year": "文字与同年其他机关雷同",
}


def copied_prose(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Reports under the filter whose prose nearly copies another report (C1/C2): the
    report copied, the relation, the similarity and the own sentences both print."""
    where, params = _where(filters, "m")
    return run(
        cur,
        f"""SELECT m.report_id, m.agency, m.year, m.level, m.kind, m.province, m.city,
                   m.county, p.relation, p.other_id, o.agency AS other_agency,
                   o.year AS other_year, p.similarity, p.n_shared
            FROM copy_pairs p JOIN meta m USING (report_id)
            LEFT JOIN meta o ON o.report_id = p.other_id
            WHERE {where}
            ORDER BY m.year DESC, p.similarity DESC, m.agency, o.agency""",
        params,
    )


def copy_pair(cur: duckdb.DuckDBPyConnection, report_id: str, other_id: str) -> pd.DataFrame:
    """The two reports of a pair (first ``report_id``) with their stored prose, the pair's
    relation and similarity (NULL when the screen did not pair them)."""
    return run(
        cur,
        """SELECT m.report_id, m.agency, m.year, m.level, m.kind, m.county, m.source_path,
                  t.prose, p.relation, p.similarity, p.n_shared
           FROM (SELECT unnest([?, ?]) AS report_id, unnest([0, 1]) AS side) s
           JOIN meta m USING (report_id)
           LEFT JOIN report_prose t USING (report_id)
           LEFT JOIN copy_pairs p ON p.report_id = ? AND p.other_id = ?
           ORDER BY s.side""",
        [report_id, other_id, report_id, other_id],
    )


def copy_boilerplate(cur: duckdb.DuckDBPyConnection, year: int) -> set[int]:
    """The sentence keys the screen of ``year`` counted as boilerplate."""
    df = run(cur, "SELECT sentence_key FROM copy_boilerplate WHERE year = ?", [year])
    return {int(k) for k in df["sentence_key"]}


def report_copies(cur: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """The reports whose prose this report nearly copies (C1/C2 pairs), closest first."""
    return run(
        cur,
        "SELECT p.other_id, p.relation, p.similarity, o.agency AS other_agency, "
        "o.year AS other_year FROM copy_pairs p LEFT JOIN meta o ON o.report_id = p.other_id "
        "WHERE p.report_id = ? ORDER BY p.similarity DESC, p.other_id",
        [report_id],
    )
