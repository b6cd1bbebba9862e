"""Agencies, their spellings, and coverage: who published which year, who did not.

Rebuilt from ``reports`` after every ingest (cheap: one row per report), so the
tables never disagree with what is loaded:

- ``agencies``: one row per ``agency_id`` with its latest name, place, level,
  kind and first/last year;
- ``agency_aliases``: every spelling seen, with its years;
- ``expected_reports``: an agency is expected every year from its first report
  up to the newest year in the database (plus manifest rows, via ``reports``);
- ``v_coverage``: agency × year with status 已发布 / 未发布 / 有错误.
"""

from __future__ import annotations

import duckdb

AGENCY_DDL = """
CREATE OR REPLACE TABLE agencies AS
SELECT agency_id,
       arg_max(agency, year) AS agency,
       arg_max(province, year) AS province,
       arg_max(city, year) AS city,
       arg_max(county, year) AS county,
       arg_max(level, year) AS level,
       arg_max(kind, year) AS kind,
       arg_max(adcode, year) AS adcode,
       min(year) AS first_year,
       max(year) AS last_year,
       count(DISTINCT year) AS n_years
FROM reports
WHERE agency_id IS NOT NULL AND year IS NOT NULL
GROUP BY agency_id;

CREATE OR REPLACE TABLE agency_aliases AS
SELECT agency_id, agency AS alias, min(year) AS first_year, max(year) AS last_year,
       count(*) AS n_reports
FROM reports
WHERE agency_id IS NOT NULL AND agency IS NOT NULL
GROUP BY agency_id, agency;

CREATE OR REPLACE TABLE expected_reports AS
SELECT a.agency_id, y.year
FROM agencies a,
     (SELECT unnest(range(min(year), max(year) + 1)) AS year FROM reports WHERE year IS NOT NULL) y
WHERE y.year >= a.first_year;

CREATE OR REPLACE VIEW v_coverage AS
SELECT e.agency_id, a.agency, a.province, a.city, a.county, a.level, a.kind, e.year,
       count(r.report_id) AS n_reports,
       coalesce(sum(r.n_errors), 0) AS n_errors,
       CASE WHEN count(r.report_id) = 0 THEN '未发布'
            WHEN coalesce(sum(r.n_errors), 0) > 0 THEN '有错误'
            ELSE '已发布' END AS status
FROM expected_reports e
JOIN agencies a USING (agency_id)
LEFT JOIN reports r ON r.agency_id = e.agency_id AND r.year = e.year
GROUP BY ALL;
"""


def refresh_agencies(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the agency, alias and coverage tables from ``reports``."""
    con.execute(AGENCY_DDL)


def agencies_listing(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Rows for `xxgk agencies`: name, place, level, kind, years present and missing."""
    return con.execute(
        """SELECT a.agency,
                  concat_ws(' ', nullif(a.province, ''), nullif(a.city, ''),
                            nullif(a.county, '')) AS place,
                  a.level, a.kind,
                  list_sort(list(c.year) FILTER (WHERE c.status <> '未发布')) AS present,
                  list_sort(list(c.year) FILTER (WHERE c.status = '未发布')) AS missing,
                  (SELECT count(*) FROM agency_aliases x WHERE x.agency_id = a.agency_id)
                      AS n_names
           FROM agencies a JOIN v_coverage c USING (agency_id)
           GROUP BY a.agency_id, a.agency, a.province, a.city, a.county, a.level, a.kind
           ORDER BY a.province, a.city, a.county, a.level, a.agency"""
    ).fetchall()
