"""The dashboard store's per-report and per-agency tables, made once at publication.

The dashboard (``dashboard.snapshot``), ``xxgk brief`` and ``xxgk notice`` read a
"store": ``meta`` (the report columns the pages use, in the physical order of the wide
table, with ``agency_key`` and a dense integer ``agency_ix`` per agency), ``agencies``,
``agency_intake``, ``agency_totals``, ``cell_agencies``, ``agency_cells``,
``store_flags``, ``meta_values`` and ``places`` (what each holds: ``dashboard.snapshot``).
Making them reads every report: ~8 s of processor time at 10^6 reports, paid on the
first visit after each publication and by every brief or notice. So :func:`build` makes
them in the database file at the final publication of an ingest and in ``xxgk synth``
(with ``etl.store.rollup``), named ``dash_<table>``; a reader then only checks them and
reads them in place.

Derived data like the rollup: no schema version, rebuilt whole each time. The one-row
``dash_info`` holds the :func:`fingerprint` of ``reports`` (every column the tables
read) they were built from. A reader trusts them only while that still matches and
``dash_meta`` lists the wide table's report ids row for row (:func:`is_current`);
otherwise (an older file, reports loaded without a publication) it makes the same
tables in memory with :func:`make`, from the same SQL.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from etl.store import repeats, rollup
from etl.store import wide as wide_table
from etl.store.ddl import REPORTS
from etl.store.fetch import one
from etl.template import all_keys

#: The store's tables made here, in the order :func:`make` makes them.
TABLES = (
    "meta",
    "agencies",
    "agency_intake",
    "agency_totals",
    "cell_agencies",
    "agency_cells",
    "store_flags",
    "meta_values",
    "places",
)
PREFIX = "dash_"
INFO = "dash_info"
#: Report columns the pages read (every column but the organ's ids, which ``agency_key``
#: stands for), with what to show for a column a file of an older schema lacks.
REPORT_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (c.name, c.missing) for c in REPORTS if c.group != "identity"
)
#: Keys summed per agency over every year in ``agency_totals`` (what the per-agency charts
#: of the outcomes, denials and appeals pages read): part 三's 总计 column and all of part 四.
AGENCY_KEYS_SUMMED = tuple(
    k
    for k in all_keys()
    if (k.startswith("apply.") and k.endswith(".total")) or k.startswith("appeal.")
)
#: The identity of an organ across years, best first (organ_key since schema 2).
AGENCY_KEYS = repeats.ORGAN_KEYS


def file_name(table: str) -> str:
    """The name of a store table in the database file: ``dash_meta``."""
    return PREFIX + table


def report_select(present: set[str]) -> str:
    """The SELECT list over ``reports`` given the columns it has: defaults, agency_key.

    >>> report_select({"report_id", "agency", "year"}).split(", ")[:4]
    ['report_id', 'agency', 'coalesce(agency) AS agency_key', 'year']
    """
    cols = [c if c in present else f"{default} AS {c}" for c, default in REPORT_FIELDS]
    ids = [k for k in AGENCY_KEYS if k in present]
    cols.insert(2, f"coalesce({', '.join(ids)}) AS agency_key" if ids else "NULL AS agency_key")
    return ", ".join(cols)


def fingerprint(con: duckdb.DuckDBPyConnection, reports: str, present: set[str]) -> tuple[int, int]:
    """(count, hash) of every ``reports`` column the tables read (``reports``: a table
    name such as ``src.reports``, whose columns are ``present``): changes when a report is
    added or removed or one of those columns changes (~0.4 s of processor time at 10^6)."""
    cols = [c for c, _ in REPORT_FIELDS if c in present]
    cols += [k for k in AGENCY_KEYS if k in present and k not in cols]
    n, h = one(
        con, f"SELECT count(*), coalesce(bit_xor(hash({', '.join(cols)})), 0) FROM {reports}"
    )
    return int(n), int(h)


def make_meta(
    con: duckdb.DuckDBPyConnection,
    reports: str,
    wide: str,
    present: set[str],
    name: Callable[[str], str] = str,
) -> None:
    """``meta`` from ``reports`` (a table whose columns are ``present``), in the physical
    order of ``wide`` (its rowid), which the positional join of :func:`make` relies on.
    Fixed SQL from the caller; the caller has set ``preserve_insertion_order``."""
    con.execute(
        f"""CREATE OR REPLACE TABLE {name("meta")} AS
            WITH rep AS (SELECT {report_select(present)} FROM {reports}),
                 ks AS (SELECT agency_key,
                               (row_number() OVER (ORDER BY agency_key) - 1)::INTEGER AS agency_ix
                        FROM (SELECT DISTINCT agency_key FROM rep WHERE agency_key IS NOT NULL))
            SELECT rep.*, ks.agency_ix
            FROM (SELECT report_id, rowid AS wide_row FROM {wide}) w
            JOIN rep USING (report_id) LEFT JOIN ks USING (agency_key)
            ORDER BY w.wide_row"""
    )


def make(
    con: duckdb.DuckDBPyConnection,
    wide: str,
    name: Callable[[str], str] = str,
    *,
    lazy: bool = False,
) -> None:
    """The store's tables after ``meta`` (:func:`make_meta`), each named ``name(table)``.
    ``lazy``: ``agency_intake`` and ``agency_totals`` become views, summed when a query
    reads them (for one-off commands that seldom do)."""
    meta, made_as = name("meta"), "VIEW" if lazy else "TABLE"
    r = f"(SELECT m.*, w.* EXCLUDE (report_id) FROM {meta} m POSITIONAL JOIN {wide} w)"
    con.execute(
        f"""CREATE OR REPLACE TABLE {name("agencies")} AS
           SELECT *, row_number() OVER (ORDER BY agency, agency_ix)::INTEGER AS name_order
           FROM (SELECT agency_ix, any_value(agency_key) AS agency_key,
                        arg_max(agency, year) AS agency, arg_max(level, year) AS level,
                        arg_max(kind, year) AS kind, arg_max(province, year) AS province,
                        arg_max(city, year) AS city, arg_max(county, year) AS county
                 FROM {meta} WHERE agency_ix IS NOT NULL GROUP BY agency_ix)
           ORDER BY name_order"""
    )
    con.execute(  # the sidebar's picker in its usual view (every year): busiest first
        f"""CREATE OR REPLACE {made_as} {name("agency_intake")} AS
           SELECT agency_ix, sum("apply.new.total") AS n FROM {r}
           WHERE agency_ix IS NOT NULL AND year IS NOT NULL GROUP BY agency_ix"""
    )
    sums = ", ".join(
        f"sum({wide_table.quote(k)}) AS {wide_table.quote(k)}" for k in AGENCY_KEYS_SUMMED
    )
    con.execute(  # per-agency rankings in the usual view (every year)
        f"""CREATE OR REPLACE {made_as} {name("agency_totals")} AS
            SELECT a.agency_key, a.agency, a.name_order, t.*
            FROM (SELECT agency_ix, count(*) AS n_reports, count("apply.total.total") AS n_apply,
                         count_if(is_simulated)::BIGINT AS n_simulated,
                         count_if(n_errors > 0)::BIGINT AS n_error_reports, {sums}
                  FROM {r} WHERE agency_ix IS NOT NULL AND year IS NOT NULL GROUP BY agency_ix) t
            JOIN {name("agencies")} a USING (agency_ix) ORDER BY a.name_order"""
    )
    _agency_counts(con, name)
    con.execute(
        f"""CREATE OR REPLACE TABLE {name("meta_values")} AS
           SELECT DISTINCT year, level, kind, template FROM {meta}"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE {name("places")} AS
           SELECT DISTINCT coalesce(province, '') AS province, coalesce(city, '') AS city,
                  coalesce(county, '') AS county FROM {meta}"""
    )


def _agency_counts(con: duckdb.DuckDBPyConnection, name: Callable[[str], str]) -> None:
    """What agency counts of the rollup path read instead of every report:
    ``cell_agencies`` (distinct agencies per rollup cell), ``agency_cells`` (a row per
    agency and level, kind, province with the ``year/template`` pairs it reported) and
    ``store_flags``: ``one_cell_per_year`` (no agency has reports in two cells of one
    year, so per-year counts add up over cells) and ``one_row_per_agency`` (agencies
    are counted by counting rows)."""
    dims, meta = ", ".join(rollup.PLACE_DIMS), name("meta")
    con.execute(
        f"""CREATE OR REPLACE TABLE {name("cell_agencies")} AS
            SELECT {dims}, count(DISTINCT agency_ix) AS n FROM {meta} GROUP BY {dims}"""
    )
    other = ", ".join(d for d in rollup.PLACE_DIMS if d not in ("year", "template"))
    con.execute(
        f"""CREATE OR REPLACE TABLE {name("agency_cells")} AS
            SELECT agency_ix, {other},
                   list(DISTINCT concat_ws('/', year, template)
                        ORDER BY concat_ws('/', year, template)) AS cells FROM {meta}
            WHERE agency_ix IS NOT NULL GROUP BY agency_ix, {other}"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE {name("store_flags")} AS
            SELECT (SELECT count(*) = 0 FROM (
                      SELECT agency_ix, year FROM {meta} WHERE agency_ix IS NOT NULL
                      GROUP BY agency_ix, year HAVING count(DISTINCT (template, {other})) > 1)
                   ) AS one_cell_per_year,
                   (SELECT count(*) = count(DISTINCT agency_ix) FROM {name("agency_cells")})
                   AS one_row_per_agency"""
    )


def columns(con: duckdb.DuckDBPyConnection, table: str, catalog: str | None = None) -> set[str]:
    """The column names of ``table`` in ``catalog`` (the current database when None)."""
    where = "database_name = ?" if catalog else "database_name = current_database()"
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() "
        f"WHERE {where} AND schema_name = 'main' AND table_name = ?",
        [catalog, table] if catalog else [table],
    ).fetchall()
    return {n for (n,) in rows}


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Make the ``dash_`` tables and ``dash_info`` in a database whose ``report_wide`` is
    complete (the caller has run ``wide.refresh``); the caller may hold a transaction."""
    present = columns(con, "reports")
    order = one(con, "SELECT current_setting('preserve_insertion_order')")[0]
    con.execute("SET preserve_insertion_order = true")  # dash_meta keeps its ORDER BY
    try:
        make_meta(con, "reports", wide_table.TABLE, present, file_name)
        make(con, wide_table.TABLE, file_name)
    finally:
        con.execute(f"SET preserve_insertion_order = {bool(order)}")
    n, h = fingerprint(con, "reports", present)
    con.execute(f"CREATE OR REPLACE TABLE {INFO} (n_reports BIGINT, fingerprint UBIGINT)")
    con.execute(f"INSERT INTO {INFO} VALUES (?, ?)", [n, h])


def is_current(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> bool:
    """True when the file's ``dash_`` tables were built from its reports as they are now
    and ``dash_meta`` follows ``report_wide`` row for row (``catalog``: the attached
    file's name, e.g. ``src``; the current database when None)."""
    prefix = f"{catalog}." if catalog else ""
    have = {t for t in (*map(file_name, TABLES), INFO) if columns(con, t, catalog)}
    if len(have) < len(TABLES) + 1:
        return False
    stored = con.execute(f"SELECT n_reports, fingerprint FROM {prefix}{INFO}").fetchone()
    now = fingerprint(con, f"{prefix}reports", columns(con, "reports", catalog))
    if stored is None or tuple(stored) != now:
        return False
    if one(con, f"SELECT count(*) FROM {prefix}{file_name('meta')}")[0] != now[0]:
        return False  # built while a report had no wide row
    off = one(
        con,
        f"""SELECT count(*) FROM (SELECT report_id AS a FROM {prefix}{file_name("meta")})
            POSITIONAL JOIN (SELECT report_id AS b FROM {prefix}{wide_table.TABLE})
            WHERE a IS DISTINCT FROM b""",
    )[0]
    return off == 0
