"""One writer, many readers: the working file and the published snapshot.

DuckDB lets one process open a file for writing, and while it does no other
process can open that file at all. So ``xxgk ingest`` never writes the file
the dashboard reads. For ``--db data/xxgk.duckdb``:

- ``data/xxgk.duckdb`` is the **published snapshot**: the dashboard, ``xxgk check``
  and ``xxgk explain`` open it read-only, and only ``os.replace`` ever changes it;
- ``data/.xxgk.work.duckdb`` is the **working file**: ingest copies the snapshot
  there, loads into it (one transaction per report), and publishes it every N
  reports and at the end: add the new reports' ``report_wide`` rows, rebuild
  the agency tables (at the end also the dashboard's ``etl.store.rollup`` and
  ``etl.store.store_tables``), checkpoint,
  close, copy to a temporary file in the same folder, fsync, ``os.replace`` over
  the snapshot, fsync the folder, reopen;
- ``data/.xxgk.duckdb.lock`` holds an exclusive ``flock`` for the whole ingest, so
  a second ingest on the same database stops with a clear message.

After a clean finish the working file is deleted. After a crash or SIGKILL it
stays, holding every report committed so far, and the next ingest resumes from
it; delete it to discard that work.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path
from typing import IO

import duckdb

from etl.checks.copytext import MadeTexts
from etl.errors import XxgkError
from etl.store import copyscreen, rollup, schema, store_tables, wide
from etl.store.agencies import refresh_agencies

try:  # POSIX only; elsewhere a second concurrent ingest is not detected
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


class IngestRunning(XxgkError, RuntimeError):
    """Another ingest holds the writer lock of this database."""


class ReadOnlyDatabase(XxgkError, PermissionError):
    """The database file is marked read-only; ingest must not replace it."""


def work_path(db: Path) -> Path:
    """The working file of a published database: ``data/.xxgk.work.duckdb``."""
    return db.with_name(f".{db.stem}.work{db.suffix}")


def lock_path(db: Path) -> Path:
    """The lock file of a published database: ``data/.xxgk.duckdb.lock``."""
    return db.with_name(f".{db.name}.lock")


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _base_path(work: Path) -> Path:
    return work.with_name(work.name + ".base")


def _identity(path: Path) -> str:
    """Which file a snapshot is: replaced or restored files differ in inode, size or mtime."""
    st = path.stat()
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _record_base(db: Path, work: Path) -> None:
    """Note which snapshot the working file started from (or was last published as)."""
    with contextlib.suppress(OSError):
        _base_path(work).write_text(_identity(db), encoding="utf-8")


def _base_matches(db: Path, work: Path) -> bool:
    """False when the snapshot changed since the working file was made from it.

    A working file without a note (older xxgk) or without a snapshot is trusted.
    """
    try:
        base = _base_path(work).read_text(encoding="utf-8").strip()
    except OSError:
        return True
    return not db.exists() or base == _identity(db)


def copy_atomically(src: Path, dst: Path) -> None:
    """Copy ``src`` over ``dst`` so that readers see the old file or the new one, never half."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    try:
        with src.open("rb") as fi, tmp.open("wb") as fo:
            shutil.copyfileobj(fi, fo, 1 << 20)
            fo.flush()
            os.fsync(fo.fileno())
        with contextlib.suppress(FileNotFoundError):
            _wal(dst).unlink()  # a log left by an old in-place writer would not match the new file
        tmp.replace(dst)  # atomic rename within one folder
    except BaseException:
        # Disk full, an immutable target, Ctrl-C: never leave a half copy filling the disk.
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(dst.parent)


class Writer:
    """The ingest side: lock, working file, periodic and final publication.

    ``con`` is the open connection to the working file; call ``changed()`` after
    each write so the snapshot is published every ``publish_every`` changes or
    ``publish_seconds`` seconds, whichever comes first.
    """

    def __init__(
        self,
        db: Path,
        *,
        publish_every: int = 100,
        publish_seconds: float = 30.0,
        threads: int | None = None,
    ):
        # The real file: a symlink to the database must lock, work beside and publish over
        # the file it points to, or two ingests would split the data between two files.
        self.db = Path(db).resolve()
        self.work = work_path(self.db)
        self.notice: str | None = None  # said to the user when a working file was rebuilt
        self.publish_every = publish_every
        self.publish_seconds = publish_seconds
        # DuckDB threads while reports are stored (None: DuckDB's default, every core). With
        # local parse workers on every core, 1: the small batch writes gain nothing from
        # more and their threads' wake-ups took the workers' cores (~0.2 s of CPU on the
        # demo). The final publication, after the workers, runs on every core.
        self.threads = threads
        self._con: duckdb.DuckDBPyConnection | None = None
        self.resumed = False
        self.publications = 0
        self.publish_time = 0.0
        #: What each copy screening of this writer found (the ingest summary reports it).
        self.screens: list[copyscreen.YearScreen] = []
        #: The copy texts the parse workers made for the reports loaded since the last
        #: screening (``etl.checks.copytext``), used by the final publication's screening.
        self.copy_texts = MadeTexts()
        self._lock: IO[str] | None = None
        self._pending = 0
        self._last = time.monotonic()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The working file's connection; only while the writer is open."""
        if self._con is None:
            raise RuntimeError("the writer is not open")
        return self._con

    def __enter__(self) -> Writer:
        if self.db.exists() and not self.db.stat().st_mode & 0o222:
            raise ReadOnlyDatabase(
                f"数据库文件 {self.db} 是只读的，导入不会替换它；如需写入请先恢复写权限"
                f"（database file is read-only）"
            )
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        try:
            self._open_work()
        except BaseException:
            self._unlock()
            raise
        self._pending = 1 if (self.resumed or not self.db.exists()) else 0
        return self

    def _take_lock(self) -> None:
        """The database's writer lock (IngestRunning when another ingest holds it)."""
        lock = self._lock = lock_path(self.db).open("a")
        if fcntl is None:
            return
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise IngestRunning(
                f"another 'xxgk ingest' is writing to {self.db}; wait for it to finish"
            ) from None

    def _open_work(self) -> None:
        """Resume the working file, or start it from the published snapshot, and open it."""
        for stale in self.db.parent.glob(f".{self.db.name}.*.tmp"):
            stale.unlink()
        self.resumed = self.work.exists()
        if self.resumed and not _base_matches(self.db, self.work):
            self._discard_work("它基于另一份数据库快照（快照已被替换或恢复）")
        if not self.resumed and self.db.exists():
            self._copy_snapshot()
        try:
            self._con = schema.connect(str(self.work))
        except duckdb.Error:
            if not self.resumed:
                raise
            self._discard_work("它已损坏、无法打开")
            if self.db.exists():
                self._copy_snapshot()
            self._con = schema.connect(str(self.work))
        self._limit_threads()

    def _limit_threads(self) -> None:
        if self.threads is not None and self._con is not None:
            self._con.execute(f"SET threads = {int(self.threads)}")

    def _copy_snapshot(self) -> None:
        copy_atomically(self.db, self.work)
        if _wal(self.db).exists():
            shutil.copyfile(_wal(self.db), _wal(self.work))
        _record_base(self.db, self.work)

    def _discard_work(self, why: str) -> None:
        """Drop a left-over working file that cannot be resumed, and say so."""
        for path in (self.work, _wal(self.work), _base_path(self.work)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        self.resumed = False
        self.notice = (
            f"上次中断的导入留下的工作文件 {self.work.name} 无法续用（{why}），已从当前快照重建。"
        )

    def changed(self, n: int = 1) -> None:
        """Count a write; publish when enough changes or time have accumulated."""
        self._pending += n
        due = self._pending >= self.publish_every or (
            time.monotonic() - self._last >= self.publish_seconds
        )
        if due:
            self.publish()

    def publish(self, *, final: bool = False) -> None:
        """Make every committed report visible to readers (atomic file replacement).

        The last publication of an ingest (``final``) also screens the years whose
        reports changed for copied prose (``etl.store.copyscreen``): a year is screened
        as a whole, so not after every few reports; and rebuilds the dashboard's rollup
        and store tables (``etl.store.rollup``, ``etl.store.store_tables``), which a reader of an earlier snapshot finds out of date
        and computes for itself."""
        start = time.monotonic()
        if final:
            if self.threads is not None:
                self.con.execute("RESET threads")  # the parse workers are done
            self.screens += copyscreen.refresh(self.con, self.copy_texts)
            self.copy_texts.clear()
        wide.refresh(self.con)  # the wide rows of the reports loaded since the last one
        refresh_agencies(self.con)
        if final:  # the dashboard's sums and store tables; an earlier snapshot's reader
            rollup.build(self.con)  # makes them for itself
            store_tables.build(self.con)
        self.con.execute("CHECKPOINT")
        self.con.close()
        self._con = None
        copy_atomically(self.work, self.db)
        _record_base(self.db, self.work)
        # The file was just written by this process at the current schema: no DDL to run.
        self._con = duckdb.connect(str(self.work))
        self._con.execute("SET enable_progress_bar = false")
        if not final:
            self._limit_threads()
        self._pending = 0
        self._last = time.monotonic()
        self.publications += 1
        self.publish_time += self._last - start

    def __exit__(self, exc_type, exc, tb) -> None:
        clean = exc_type is None or issubclass(exc_type, KeyboardInterrupt)
        try:
            if clean and self._con is not None:
                stale = (
                    copyscreen.stale_years(self.con)
                    or not rollup.is_current(self.con)
                    or not store_tables.is_current(self.con)
                )
                if self._pending or stale:
                    self.publish(final=True)
                self.con.close()
                self._con = None
                self.work.unlink()
                for path in (_wal(self.work), _base_path(self.work)):
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
            elif self._con is not None:
                # Unexpected failure: keep the working file; the next ingest resumes from it.
                with contextlib.suppress(duckdb.Error):
                    self.con.close()
                self._con = None
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            if fcntl is not None:
                fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None
