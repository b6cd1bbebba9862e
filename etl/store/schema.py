"""DDL for the xxgk DuckDB file, its migrations, and how to open it.

Tables other tools rely on: ``reports``, ``report_values`` (long form, one row
per value with its locator), ``findings`` and ``rejected_files``. Since schema 2:
``report_sources`` (every file a report was read from: a report published as
HTML and PDF has two) and ``superseded_reports`` (older versions of an organ's
report that a newer file with different values replaced, kept with their values).
Since schema 3: ``report_wide``, one row per report with one DOUBLE column per
canonical key named by the key (see :mod:`etl.store.wide`), kept equal to the
pivot of ``report_values`` in every published snapshot.
Since schema 4: ``reports.published_on`` (DATE the report was issued: 成文日期, the
date under the signature or the site's 发布时间) and ``published_on_source`` naming
which of the three it was read from.
Since schema 6: ``report_prose``, each report's prose (parts 一, 五, 六; compressed, see
:mod:`etl.store.prose`) for copy detection, and ``copy_pairs`` (report, the report its
prose nearly copies, relation, similarity), ``copy_boilerplate`` and ``copy_screens``
written by :mod:`etl.store.copyscreen` when an ingest ends.
The views ``v_active``, ``v_apply`` and ``v_appeal`` pivot part 二/三/四 into one
row per report, with columns named ``<row>__<column>`` from the template's keys.

Writers use ``connect`` (creates or migrates); readers use ``open_read_only`` or,
to attach the file to another DuckDB (the dashboard), ``attach_read_only``; both
retry while a file is briefly locked.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb

from etl.errors import XxgkError
from etl.store import wide
from etl.store.ddl import (
    DDL_V1,
    DDL_V2,
    DDL_V4,
    DDL_V6,
    DDL_VALUES_V5,
    SCHEMA_VERSION,
    report_columns,
)
from etl.store.migrate import migrate
from etl.template import all_keys, wide_column

_PARTS = {"active": "v_active", "apply": "v_apply", "appeal": "v_appeal"}
_META = ", ".join(f"r.{c}" for c in report_columns("report"))


class DatabaseBusy(XxgkError, RuntimeError):
    """The database file is locked by another process for longer than we waited."""


class SchemaTooNew(XxgkError, RuntimeError):
    """The file was written by a newer xxgk."""


class NoDatabase(XxgkError, FileNotFoundError):
    """No published database at the path asked for (yet)."""


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


def schema_version(con: duckdb.DuckDBPyConnection, database: str | None = None) -> int | None:
    """The version recorded in ``schema_info`` (of the attached ``database`` if given),
    or None for a file without one."""
    table = f"{database}.schema_info" if database else "schema_info"
    try:
        row = con.execute(f"SELECT max(schema_version) FROM {table}").fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None or row[0] is None else int(row[0])


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view if missing, migrating an older file to this version."""
    version = schema_version(con)
    if version is not None and version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this database was written by a newer xxgk (schema {version}); upgrade xxgk to open it"
        )
    migrated = False
    if version is not None and version < SCHEMA_VERSION:
        migrate(con, version)  # one transaction a step
        migrated = True
    # One transaction: a process killed while it creates a new file leaves no half schema
    # (a working file with `reports` but no `report_wide`, found by the SIGKILL test).
    con.execute("BEGIN TRANSACTION")
    try:
        if not migrated:
            con.execute(DDL_VALUES_V5)
            con.execute(DDL_V1)
            con.execute(DDL_V2)
            con.execute(DDL_V4)
            con.execute(DDL_V6)
            wide.ensure(con)
        if version is None:
            con.execute("INSERT INTO schema_info VALUES (?, now())", [SCHEMA_VERSION])
        for part in _PARTS:
            con.execute(wide_view_sql(part))
        if not con.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'agencies'"
        ).fetchone():
            from etl.store.agencies import refresh_agencies

            refresh_agencies(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def connect(path: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and on first write, create or migrate) the database at ``path``."""
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        try:
            con.execute("SET enable_progress_bar = false")  # writers are batch jobs
            create_schema(con)
        except Exception:
            con.close()
            raise
    return con


def _locked(exc: duckdb.Error) -> bool:
    """True for the error DuckDB raises while another process holds the file's lock."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.IOException) and any(
        word in text for word in ("lock", "used by another process", "temporarily unavailable")
    )


def _retrying(path: Path, open_once, attempts: int, delay: float):
    """``open_once()`` until it does not fail on a lock; other errors are raised at once."""
    if not path.exists():
        raise FileNotFoundError(f"no database at {path}; run 'xxgk ingest PATH' first")
    last: Exception | None = None
    for i in range(attempts):
        try:
            return open_once()
        except duckdb.IOException as exc:
            if not _locked(exc):
                raise
            last = exc
            time.sleep(min(delay * (1.5**i), 1.0))
    raise DatabaseBusy(
        f"the database {path} is locked by another program writing to it ({last}); try again"
    )


def _refuse_newer(version: int | None, path: Path) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"{path} was written by a newer xxgk (schema {version}); upgrade xxgk to read it"
        )


def open_read_only(
    path: str | Path, *, attempts: int = 50, delay: float = 0.1
) -> duckdb.DuckDBPyConnection:
    """Open a published database for reading, retrying while another process locks it.

    ``xxgk ingest`` never writes the published file in place (it replaces it
    atomically), so a lock here means some other program opened it for writing;
    after ``attempts`` tries this raises DatabaseBusy with one clear sentence. A file
    that is not a database fails at once.
    """
    path = Path(path)
    con = _retrying(path, lambda: duckdb.connect(str(path), read_only=True), attempts, delay)
    try:
        _refuse_newer(schema_version(con), path)
    except SchemaTooNew:
        con.close()
        raise
    return con


def attach_read_only(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    alias: str = "src",
    *,
    attempts: int = 50,
    delay: float = 0.1,
) -> int | None:
    """Attach a published database read-only to ``con`` as ``alias``; returns its schema
    version. Retries and refuses like :func:`open_read_only`.

    Each call opens the file as it is now: after ``xxgk ingest`` replaced it, a new
    attachment sees the new file while an older one keeps reading the old one.
    """
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", alias):
        raise ValueError(f"bad database alias {alias!r}")
    path = Path(path)
    _retrying(
        path,
        lambda: con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)]),
        attempts,
        delay,
    )
    version = schema_version(con, alias)
    try:
        _refuse_newer(version, path)
    except SchemaTooNew:
        con.execute(f"DETACH {alias}")
        raise
    return version
