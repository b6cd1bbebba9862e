"""The only module that imports both streamlit and the query layer.

It owns the data the pages read:

* the **store** — an in-memory DuckDB with the database file attached read-only,
  made by ``snapshot.build`` once per file version (``st.cache_resource``, keyed on
  the file's path, inode, size and mtime, so an ingest by the CLI or the upload
  page is picked up on the next rerun). Values are read from the file's
  ``report_wide`` where they lie, nothing is pivoted or copied, and the per-report
  and per-agency tables are copied from the file's ``dash_`` tables made at its
  publication (``etl.store.store_tables``): a new version is ready in about 2 s of
  processor time at 10^6 reports. The store keeps its version of the file
  open: ``xxgk ingest`` never writes the published file but replaces it whole
  (``os.replace``), which an open reader does not hinder, and the store of the
  replaced version goes with its cache entry;
* cached query results (``st.cache_data`` keyed on the store version, the query,
  the Filters and the other arguments), each computed on a fresh cursor;
* the upload path into ``etl.pipeline.ingest`` (the CLI's own pipeline).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import coverage_queries, office_queries, queries, snapshot, sums
from dashboard.filters import Filters
from dashboard.measures import Measure
from etl.settings import default_db

#: Source files larger than this are not offered for download.
MAX_SOURCE_BYTES = 50 * 1024 * 1024
# Store builds and uploads take turns within the process.
_FILE_LOCK = threading.RLock()


@dataclass(frozen=True)
class Store:
    """The dashboard's view of the database file."""

    path: str
    version: str | None  # None: no file
    con: duckdb.DuckDBPyConnection | None = None
    n_reports: int = 0
    error: str | None = None

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to show (no file, an error, or no report)."""
        return self.con is None or self.n_reports == 0


class StoreError(RuntimeError):
    """The database file could not be read."""


def db_path() -> Path:
    """The database the dashboard shows (``XXGK_DB`` or the default of ``etl.settings``)."""
    return default_db()


def file_version(path: Path) -> str | None:
    """Changes whenever the file (or its write-ahead log) changes; None when missing."""
    if not path.is_file():
        return None
    parts = [path.stat()]
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        parts.append(wal.stat())
    return f"{path.resolve()}|" + "|".join(f"{s.st_ino}:{s.st_mtime_ns}:{s.st_size}" for s in parts)


@st.cache_resource(max_entries=1, show_spinner="正在读取数据库…")
def _build(path: str, version: str) -> Store:
    from etl.store import schema

    mem = duckdb.connect(":memory:")
    with _FILE_LOCK:
        try:
            schema.attach_read_only(mem, path, snapshot.SRC)
        except (duckdb.Error, RuntimeError, OSError) as exc:  # busy, too new, not a database
            mem.close()
            raise StoreError(f"无法打开数据库文件：{exc}") from exc
        try:
            n = snapshot.build(mem)
        except (duckdb.Error, snapshot.SnapshotError) as exc:
            mem.close()
            raise StoreError(f"数据库结构不符合 xxgk 的格式：{str(exc).splitlines()[0]}") from exc
    return Store(path, version, mem, n)


def store() -> Store:
    """The current store; errors are returned (not cached) so a retry can succeed."""
    path = db_path()
    version = file_version(path)
    if version is None:
        return Store(str(path), None)
    try:
        return _build(str(path), version)
    except StoreError as exc:
        return Store(str(path), version, error=str(exc))


def args_key(value: object) -> str | None:
    """A query's arguments as text that names them exactly, for the cache key; None for
    a value of another kind (then Streamlit hashes the arguments itself).

    Streamlit hashes a cached function's arguments on every call, walking a Filters or a
    tuple of Measures object by object: ~2 ms a call, ~50 ms of server time on each run
    of a page that makes 25 queries. The arguments are plain values and frozen
    dataclasses of them, whose text is cheap and exact.

    >>> args_key((Filters(year_from=2023, provinces=("甲省",)), ("year",), 3, None))[:46]
    '(Filters(year_from=2023, year_to=None, provinc'
    >>> args_key((np.int64(3),)) == args_key((3,)), args_key(({1},))
    (True, None)
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, str | int | float | bool):
        return repr(value)
    if isinstance(value, tuple | list):
        inner = [args_key(v) for v in value]
        if None in inner:
            return None
        text = ", ".join(inner)  # type: ignore[arg-type]
        return f"({text},)" if isinstance(value, tuple) else f"[{text}]"
    if is_dataclass(value) and not isinstance(value, type):
        inner = [args_key(getattr(value, f.name)) for f in fields(value)]
        if None in inner:
            return None
        named = ", ".join(f"{f.name}={k}" for f, k in zip(fields(value), inner, strict=True))
        return f"{type(value).__name__}({named})"
    return None


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached(version: str, name: str, key: object, _args: tuple) -> object:
    """``name(*_args)`` on the store of ``version``; ``key`` stands for the arguments in
    the cache key (:func:`args_key`, or the arguments themselves when they have none):
    Streamlit does not hash ``_``-named parameters."""
    current = store()
    if current.con is None or current.version != version:
        raise StoreError("数据库已变化，请刷新页面")
    cur = current.con.cursor()
    try:
        return _query(name)(cur, *_args)
    finally:
        cur.close()


#: The modules of query functions, looked up by name (one namespace: no name repeats).
_QUERY_MODULES = (queries, sums, coverage_queries, office_queries)


def _query(name: str):
    """A query function of one of ``_QUERY_MODULES`` by name."""
    for module in _QUERY_MODULES:
        if (fn := getattr(module, name, None)) is not None and callable(fn):
            return fn
    raise AttributeError(f"no query function {name!r}")


def _call(name: str, *args: object) -> object:
    current = store()
    if current.con is None or current.version is None:
        raise StoreError(current.error or "没有数据库")
    key = args_key(args)
    return _cached(current.version, name, args if key is None else key, args)


# ---------------------------------------------------------------------------- queries


def available_years() -> list[int]:
    """Years present, oldest first."""
    return _call("available_years")  # type: ignore[return-value]


def places() -> pd.DataFrame:
    """Every (province, city, county) present."""
    return _call("places")  # type: ignore[return-value]


def distinct_values(column: str) -> list[str]:
    """Distinct values of level, kind or template."""
    return _call("distinct_values", column)  # type: ignore[return-value]


def agency_options(filters: Filters, search: str = "", limit: int = 500) -> pd.DataFrame:
    """Agencies for the picker (agency_key, agency)."""
    return _call("agency_options", filters, search, limit)  # type: ignore[return-value]


def agency_names(keys: tuple[str, ...]) -> dict[str, str]:
    """Agency key → latest name."""
    return _call("agency_names", tuple(keys)) if keys else {}  # type: ignore[return-value]


def agency_places(keys: tuple[str, ...]) -> dict[str, tuple[str, str, str, str]]:
    """Agency key → (province, city, county, level)."""
    return _call("agency_places", tuple(keys)) if keys else {}  # type: ignore[return-value]


def agency_profile(agency_key: str) -> pd.DataFrame:
    """The agency's latest metadata row."""
    return _call("agency_profile", agency_key)  # type: ignore[return-value]


def totals_by(
    filters: Filters,
    by: tuple[str, ...],
    measures: tuple[Measure, ...],
    order_by: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Sums of measures per group (see ``sums.totals_by``)."""
    return _call("totals_by", filters, tuple(by), tuple(measures), order_by, limit)  # type: ignore[return-value]


def has_simulated(filters: Filters) -> bool:
    """True when simulated reports are in view."""
    return bool(_call("has_simulated", filters))


def findings_by(filters: Filters, by: tuple[str, ...]) -> pd.DataFrame:
    """Finding counts per group."""
    return _call("findings_by", filters, tuple(by))  # type: ignore[return-value]


def quality_reports(filters: Filters, limit: int = 2000) -> pd.DataFrame:
    """Reports with errors first."""
    return _call("quality_reports", filters, limit)  # type: ignore[return-value]


def ocr_reports(filters: Filters) -> pd.DataFrame:
    """Reports with values read by OCR."""
    return _call("ocr_reports", filters)  # type: ignore[return-value]


def report_findings(report_id: str) -> pd.DataFrame:
    """One report's findings."""
    return _call("report_findings", report_id)  # type: ignore[return-value]


def rejected_files() -> pd.DataFrame:
    """Files the pipeline rejected, with reasons."""
    return _call("rejected_files")  # type: ignore[return-value]


def coverage(filters: Filters) -> pd.DataFrame:
    """Per agency: first year and which years have reports / errors (bit masks)."""
    return _call("coverage", filters)  # type: ignore[return-value]


def has_roster() -> bool:
    """True when the database holds a roster (who should publish)."""
    return bool(_call("has_roster"))


def roster_missing(filters: Filters, year: int) -> pd.DataFrame:
    """Roster organs due in ``year`` without a report (see ``coverage_queries.roster_missing``)."""
    return _call("roster_missing", filters, year)  # type: ignore[return-value]


def load_roster(raw: bytes, source: str) -> int:
    """Load an organ list (CSV or one name per line) into the database as the roster
    of ``source``; raises ``etl.store.roster.RosterError`` with a Chinese reason."""
    from etl.store.roster import load_roster_file

    with _FILE_LOCK:
        n = load_roster_file(db_path(), raw, source)
    _build.clear()
    _cached.clear()
    _notice.clear()
    return n


def report_picker(
    filters: Filters, search: str = "", limit: int = 300, errors_only: bool = False
) -> pd.DataFrame:
    """Reports to choose from (only those with errors when ``errors_only``)."""
    return _call("report_picker", filters, search, limit, errors_only)  # type: ignore[return-value]


def reports_by_sha(shas: tuple[str, ...]) -> pd.DataFrame:
    """Reports read from files with these SHA-256 digests."""
    return _call("reports_by_sha", tuple(shas))  # type: ignore[return-value]


def report_meta(report_id: str) -> pd.DataFrame:
    """One report's metadata."""
    return _call("report_meta", report_id)  # type: ignore[return-value]


def report_values(report_id: str) -> pd.DataFrame:
    """One report's values with locators, read from the file's long form."""
    if store().version is None:
        return pd.DataFrame(columns=["key", "value", "derived", "locator"])
    return _call("report_values", report_id)  # type: ignore[return-value]


def source_bytes(source_path: str) -> bytes | None:
    """The report's source file when it is still on disk (and not too large)."""
    path = Path(source_path)
    if not path.is_absolute():
        path = Path.cwd() / path
    if not path.is_file() or path.stat().st_size > MAX_SOURCE_BYTES:
        return None
    return path.read_bytes()


def office(name: str, *args: object) -> pd.DataFrame:
    """A cached result of one of ``office_queries`` (brief, timeliness, copies, 通报)."""
    return _call(name, *args)  # type: ignore[return-value]


def uncached(name: str, *args: object) -> pd.DataFrame:
    """A query run afresh, not kept in the cache (bulk downloads: large and rare)."""
    current = store()
    if current.con is None:
        raise StoreError(current.error or "没有数据库")
    cur = current.con.cursor()
    try:
        return _query(name)(cur, *args)
    finally:
        cur.close()


def export_context(filters: Filters) -> tuple[str, str]:
    """(header line, file-name part) naming the filter and the data snapshot an export was
    cut from: the line for a CSV's first line or an Excel sheet, the part for file names."""
    from datetime import UTC, datetime

    from dashboard.bulk import snapshot_line
    from dashboard.exports import file_part
    from dashboard.filters import describe

    current = store()
    text = describe(filters, agency_names(filters.agencies))
    path = Path(current.path)
    if current.version is None or not path.is_file():
        return f"筛选：{text}。", file_part(text)
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y%m%d-%H%M%S")
    return snapshot_line(path, current.n_reports, text), f"{file_part(text)}-{stamp}"


def brief_file(subject, suffix: str) -> bytes:
    """A meeting brief (``dashboard.brief``) as PDF or DOCX bytes, from the current store."""
    from dashboard import bulk
    from dashboard.brief.content import build_brief
    from dashboard.brief.make import render

    current = store()
    if current.con is None:
        raise StoreError(current.error or "没有数据库")
    cur = current.con.cursor()
    try:
        brief = build_brief(cur, subject, bulk.snapshot_line(current.path, current.n_reports))
    finally:
        cur.close()
    return render(brief, suffix)


def copy_view(report_id: str, other_id: str):
    """The pair of reports for the 文字雷同 page (``dashboard.copies``), or None."""
    from dashboard import copies

    current = store()
    if current.con is None:
        raise StoreError(current.error or "没有数据库")
    cur = current.con.cursor()
    try:
        return copies.pair_view(cur, report_id, other_id)
    finally:
        cur.close()


def notice_for(filters: Filters, year: int, copy_kinds: tuple[str, ...] | None = None):
    """The 通报 (``dashboard.notice``) for the filter's region and ``year``; ``copy_kinds``
    chooses the suspected copies listed (None: all). Cached like the queries (its five
    queries took ~65 ms on every run of the page at 10^5 reports)."""
    from dashboard import bulk

    current = store()
    if current.con is None or current.version is None:
        raise StoreError(current.error or "没有数据库")
    args = (filters, int(year), bulk.snapshot_line(current.path, current.n_reports), copy_kinds)
    key = args_key(args)
    return _notice(current.version, args if key is None else key, args)


@st.cache_data(max_entries=64, show_spinner=False)
def _notice(version: str, key: object, _args: tuple):
    from dashboard import notice

    current = store()
    if current.con is None or current.version != version:
        raise StoreError("数据库已变化，请刷新页面")
    cur = current.con.cursor()
    try:
        return notice.build_notice(cur, *_args)
    finally:
        cur.close()


# ---------------------------------------------------------------------------- upload


def upload_dir() -> Path:
    """Where uploaded files are kept (beside the database), so their source stays available."""
    return db_path().resolve().parent / "uploads"


def ingest(paths: list[Path]):
    """Load files through ``etl.pipeline.ingest`` (the CLI's pipeline) and refresh caches."""
    from etl.pipeline import ingest as pipeline_ingest

    with _FILE_LOCK:
        summary = pipeline_ingest(paths, db_path())
    _build.clear()
    _cached.clear()
    _notice.clear()
    return summary
