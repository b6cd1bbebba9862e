"""The tables of the xxgk file as DDL, schema by schema, and the one list of ``reports`` columns.

Below both :mod:`etl.store.schema` (which creates a new file from these texts) and
:mod:`etl.store.migrate` (which brings an old file forward with them), so neither imports
the other back. :data:`REPORTS` is the only place the ``reports`` columns are typed: the
CREATE TABLE and the ALTERs of later schemas, the wide views' leading columns, both
loaders' INSERTs and the dashboard's snapshot (with a stand-in for a column an older
file lacks) all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.store.copyscreen import DDL as COPY_DDL
from etl.store.prose import DDL as PROSE_DDL

SCHEMA_VERSION = 6


@dataclass(frozen=True)
class ReportColumn:
    """One column of ``reports``."""

    name: str
    type: str  # the DuckDB type
    constraint: str = ""  # as written after the type in CREATE TABLE
    since: int = 1  # the schema version that added it (later ones by ALTER TABLE)
    group: str = "report"  # report (who, which year, which tables: also in the wide
    # views) | source (the file) | identity (the organ's ids) | quality | issue (the date)

    @property
    def missing(self) -> str:
        """What a reader shows for this column in a file from before it existed.

        >>> REPORTS_BY_NAME["n_errors"].missing, REPORTS_BY_NAME["city"].missing
        ('0', 'NULL::VARCHAR')
        """
        default = self.constraint.partition("DEFAULT ")[2]
        return default or f"NULL::{self.type}"


#: Every column of ``reports``, in the file's physical order (schema 1's, then the ALTERs).
REPORTS: tuple[ReportColumn, ...] = (
    ReportColumn("report_id", "VARCHAR", "PRIMARY KEY"),
    ReportColumn("agency", "VARCHAR"),
    ReportColumn("year", "INTEGER"),
    ReportColumn("template", "VARCHAR"),
    ReportColumn("province", "VARCHAR"),
    ReportColumn("city", "VARCHAR"),
    ReportColumn("county", "VARCHAR"),
    ReportColumn("level", "VARCHAR"),
    ReportColumn("kind", "VARCHAR"),
    ReportColumn("source_path", "VARCHAR", "NOT NULL", group="source"),
    ReportColumn("source_sha256", "VARCHAR", "NOT NULL", group="source"),
    ReportColumn("source_format", "VARCHAR", "NOT NULL", group="source"),
    ReportColumn("ingested_at", "TIMESTAMP", "NOT NULL", group="source"),
    ReportColumn("adcode", "VARCHAR", group="identity"),
    # The organ's id from its name and place (etl.agencies.keys), NULL without a name.
    ReportColumn("agency_id", "VARCHAR", group="identity"),
    ReportColumn("is_simulated", "BOOLEAN", "NOT NULL DEFAULT FALSE", group="quality"),
    ReportColumn("n_errors", "INTEGER", "NOT NULL DEFAULT 0", group="quality"),
    ReportColumn("n_warnings", "INTEGER", "NOT NULL DEFAULT 0", group="quality"),
    ReportColumn("completeness", "DOUBLE", group="quality"),
    ReportColumn("parts_found", "VARCHAR", group="quality"),
    # What joins an organ's reports across years: "id:<agency_id>", else "name:<name>".
    ReportColumn("organ_key", "VARCHAR", since=2, group="identity"),
    ReportColumn("published_on", "DATE", since=4, group="issue"),
    ReportColumn("published_on_source", "VARCHAR", since=4, group="issue"),
)
REPORTS_BY_NAME = {c.name: c for c in REPORTS}


def report_columns(*groups: str) -> tuple[str, ...]:
    """The names of ``reports`` columns of these groups (all without), in file order.

    >>> report_columns("report")
    ('report_id', 'agency', 'year', 'template', 'province', 'city', 'county', 'level', 'kind')
    """
    return tuple(c.name for c in REPORTS if not groups or c.group in groups)


def _create_reports() -> str:
    cols = ",\n".join(
        f"    {c.name} {c.type}{' ' + c.constraint if c.constraint else ''}"
        for c in REPORTS
        if c.since == 1
    )
    return f"CREATE TABLE IF NOT EXISTS reports (\n{cols}\n);\n"


def _add_reports_columns(since: int) -> str:
    return "".join(
        f"ALTER TABLE reports ADD COLUMN IF NOT EXISTS {c.name} {c.type};\n"
        for c in REPORTS
        if c.since == since
    )


DDL_V1 = f"""
CREATE TABLE IF NOT EXISTS schema_info (
    schema_version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
{_create_reports()}CREATE TABLE IF NOT EXISTS report_values (
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

#: Schema 2 additions; run after DDL_V1 on new files and by the 1 → 2 migration.
DDL_V2 = f"""
{_add_reports_columns(2)}ALTER TABLE rejected_files ADD COLUMN IF NOT EXISTS kind VARCHAR;
CREATE TABLE IF NOT EXISTS report_sources (
    report_id VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_format VARCHAR,
    source_mtime TIMESTAMP,
    role VARCHAR NOT NULL,          -- primary | copy
    added_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS superseded_reports (
    report_id VARCHAR NOT NULL,
    organ_key VARCHAR,
    agency VARCHAR,
    year INTEGER,
    template VARCHAR,
    source_path VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_format VARCHAR,
    source_mtime TIMESTAMP,
    n_values INTEGER,
    values_json VARCHAR,            -- {{key: value}} of the replaced version
    sources_json VARCHAR,           -- its report_sources rows
    replaced_by VARCHAR,
    reason VARCHAR NOT NULL,
    superseded_at TIMESTAMP NOT NULL
);
"""

#: Schema 4 additions; run after DDL_V2 on new files and by the 3 → 4 migration.
DDL_V4 = "\n" + _add_reports_columns(4)

#: Schema 5: ``report_values`` without the (report_id, key) primary key. The index of
#: two VARCHARs per value was ~90% of the file and of the memory a bulk load needed
#: (10^5 reports: 1.69 GB → 0.15 GB, 4.6 GB → 1.6 GB peak RSS, 4.5× faster inserts);
#: uniqueness holds by construction (a report's values are a dict, its id is new).
#: Created before DDL_V1 on new files, so DDL_V1's ``IF NOT EXISTS`` keeps this one.
DDL_VALUES_V5 = """
CREATE TABLE IF NOT EXISTS report_values (
    report_id VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    derived BOOLEAN NOT NULL,
    locator VARCHAR
);
"""

#: Schema 6: the prose of each report (parts 一, 五, 六) and the copy screening's pairs,
#: boilerplate and fingerprints (see :mod:`etl.store.copyscreen`).
DDL_V6 = PROSE_DDL + COPY_DDL
