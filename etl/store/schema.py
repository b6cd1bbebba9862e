"""DDL for the xxgk DuckDB file; the wide views are generated from the template.

Tables other tools rely on: ``reports``, ``report_values`` (long form, one row
per value with its locator), ``findings`` and ``rejected_files``. The views
``v_active``, ``v_apply`` and ``v_appeal`` pivot part 二/三/四 into one row per
report, with columns named ``<row>__<column>`` from the template's keys.
"""

from __future__ import annotations

import duckdb

from etl.template import all_keys

SCHEMA_VERSION = 1

REPORT_COLUMNS = (
    "report_id",
    "agency",
    "year",
    "template",
    "province",
    "city",
    "county",
    "level",
    "kind",
    "source_path",
    "source_sha256",
    "source_format",
    "ingested_at",
)

DDL = """
CREATE TABLE IF NOT EXISTS schema_info (
    schema_version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    report_id VARCHAR PRIMARY KEY,
    agency VARCHAR,
    year INTEGER,
    template VARCHAR,
    province VARCHAR,
    city VARCHAR,
    county VARCHAR,
    level VARCHAR,
    kind VARCHAR,
    source_path VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_format VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    adcode VARCHAR,
    agency_id VARCHAR,
    is_simulated BOOLEAN NOT NULL DEFAULT FALSE,
    n_errors INTEGER NOT NULL DEFAULT 0,
    n_warnings INTEGER NOT NULL DEFAULT 0,
    completeness DOUBLE,
    parts_found VARCHAR
);
CREATE TABLE IF NOT EXISTS report_values (
    report_id VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    derived BOOLEAN NOT NULL,
    locator VARCHAR,
    PRIMARY KEY (report_id, key)
);
CREATE TABLE IF NOT EXISTS findings (
    report_id VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    keys VARCHAR[],
    expected DOUBLE,
    found DOUBLE,
    locators VARCHAR[]
);
CREATE TABLE IF NOT EXISTS rejected_files (
    source_path VARCHAR NOT NULL,
    source_sha256 VARCHAR,
    reason VARCHAR NOT NULL,
    "at" TIMESTAMP NOT NULL
);
"""

_PARTS = {"active": "v_active", "apply": "v_apply", "appeal": "v_appeal"}
_META = "r.report_id, r.agency, r.year, r.template, r.province, r.city, r.county, r.level, r.kind"


def wide_column(key: str) -> str:
    """Column name of a key in the wide views: ``apply.new.natural`` → ``new__natural``.

    >>> wide_column("apply.unable_not_held.total")
    'unable_not_held__total'
    """
    _, row, col = key.split(".")
    return f"{row}__{col}"


def wide_view_sql(part: str) -> str:
    """CREATE VIEW for one part; column names come only from the template's keys."""
    keys = [k for k in all_keys() if k.startswith(part + ".")]
    cols = ",\n    ".join(
        f"max(v.value) FILTER (WHERE v.key = '{k}') AS {wide_column(k)}" for k in keys
    )
    return (
        f"CREATE OR REPLACE VIEW {_PARTS[part]} AS\nSELECT {_META},\n    {cols}\n"
        "FROM reports r LEFT JOIN report_values v USING (report_id)\n"
        f"GROUP BY {_META}"
    )


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view if missing, and record the schema version."""
    con.execute(DDL)
    row = con.execute("SELECT max(schema_version) FROM schema_info").fetchone()
    if row is None or row[0] is None:
        con.execute("INSERT INTO schema_info VALUES (?, now())", [SCHEMA_VERSION])
    elif row[0] > SCHEMA_VERSION:
        raise RuntimeError(
            f"this database was written by a newer xxgk (schema {row[0]}); upgrade xxgk to open it"
        )
    for part in _PARTS:
        con.execute(wide_view_sql(part))


def connect(path: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and on first write, create) the database at ``path``."""
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        create_schema(con)
    return con
