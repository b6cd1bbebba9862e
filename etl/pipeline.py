"""The whole chain, and the only module that knows it: file → parse step → store.

``parse_file`` (from :mod:`etl.parse`) turns one file into a ParsedReport (values,
findings with locators); ``ingest`` loads many files into DuckDB. Each file goes
through the parse step (read → match → checks → enrich, :mod:`etl.parse`) in a
worker process with a timeout (:mod:`etl.worker`), and is written in one transaction
(``etl.store.loader``) into the working file, which is published atomically
for readers (``etl.store.publish``). Every file that cannot be read is recorded
in ``rejected_files`` with its reason; one bad file never stops a batch.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import rejection_reason
from etl.matcher.report import ParsedReport
from etl.parse import READERS, ParseJob, ParseOutcome, StoreForm, parse_file, rejection_kind
from etl.preflight import DEFAULT_MAX_BYTES, DEFAULT_MAX_UNZIPPED_BYTES, check_file
from etl.readers.base import ReadError
from etl.settings import SETTINGS
from etl.store import batch, loader
from etl.store.copyscreen import YearScreen
from etl.store.known import KnownFiles, sha256_of
from etl.store.publish import Writer
from etl.store.record import ReportRecord
from etl.worker import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, InlineReader

__all__ = ["IngestOptions", "IngestSummary", "ingest", "parse_file", "sha256_of", "to_record"]


def to_record(
    report: ParsedReport,
    path: Path,
    sha: str,
    source_format: str,
    *,
    source_mtime: float | None = None,
    stored: StoreForm | None = None,
) -> ReportRecord:
    """The store's view of a parsed report (``stored``: its store form, made by the worker)."""
    form = stored or StoreForm.of(report)
    return ReportRecord(
        report_id=sha[:16],
        meta=report.meta,
        values=form.values,
        findings=report.findings,
        source_path=str(path),
        source_sha256=sha,
        source_format=source_format,
        completeness=form.completeness,
        parts_found=form.parts_found,
        source_mtime=source_mtime,
        prose=report.prose,
    )


@dataclass
class IngestSummary:
    """What a batch did: files loaded, already present, copies, old versions, rejected."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)  # path, report it duplicates
    replaced: list[tuple[str, str]] = field(default_factory=list)  # path, report it replaced
    older: list[tuple[str, str]] = field(default_factory=list)  # path, newer report kept
    merged: list[tuple[str, str]] = field(default_factory=list)  # partial copy, report it completed
    skipped: list[tuple[str, str]] = field(default_factory=list)  # path, earlier reason
    findings: int = 0
    errors: int = 0
    parse_seconds: float = 0.0
    worker_restarts: int = 0
    resumed: bool = False
    notice: str | None = None  # e.g. a left-over working file was rebuilt (Chinese sentence)
    years_screened: int = 0  # years screened for copies when the ingest ended
    copies_flagged: int = 0  # reports those screens gave a C1/C2/C3 finding
    copy_texts_made: int = 0  # screened reports whose copy text a parse worker made
    # year → the reports its screen flagged (a later screen of a year replaces its findings)
    screened: dict[int, set[str]] = field(default_factory=dict)

    def line(self) -> str:
        """One-line summary for the CLI."""
        extra = ""
        if self.replaced:
            extra += f" ({len(self.replaced)} replacing an older version)"
        others = []
        if self.copies:
            others.append(f"{len(self.copies)} copies of loaded reports")
        if self.merged:
            others.append(f"{len(self.merged)} partial copies merged into loaded reports")
        if self.older:
            others.append(f"{len(self.older)} older versions kept as history")
        if self.skipped:
            others.append(f"{len(self.skipped)} skipped (timed out or crashed before; --no-retry)")
        return (
            f"loaded {len(self.loaded)}{extra}, unchanged {len(self.unchanged)}, "
            f"rejected {len(self.rejected)}"
            + (", " + ", ".join(others) if others else "")
            + f"; {self.findings} findings ({self.errors} errors)"
            + self._screening()
        )

    def _screening(self) -> str:
        """The copy screening's part of the line: its findings are made after the parse
        findings counted above, when the ingest ends."""
        return screening_part(self.years_screened, self.copies_flagged)


def screening_part(years: int, flagged: int) -> str:
    """``; copy screening of N years: K reports flagged (C1–C3)``, or nothing (no year)."""
    if not years:
        return ""
    return f"; copy screening of {years} years: {flagged} reports flagged (C1–C3)"


def flagged_reports(screens: Iterable[YearScreen]) -> set[str]:
    """Reports the copy screens gave a finding: a prose pair (C1/C2) or tables (C3)."""
    out: set[str] = set()
    for screen in screens:
        out |= {pair[0] for pair in screen.pairs} | {t[0] for t in screen.tables}
    return out


def iter_files(paths: Iterable[Path], suffixes: Iterable[str] = READERS) -> Iterator[Path]:
    """Files under the given paths: folders recursively (report extensions only)."""
    suffixes = set(suffixes)
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (
                    f.is_file()
                    and f.suffix.lower() in suffixes
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                ):
                    yield f
        elif p.exists():
            yield p
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")


@dataclass(frozen=True)
class IngestOptions:
    """Limits and publication cadence of one ingest."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    isolate: bool = True  # read each file in the worker process (timeouts need it)
    publish_every: int = SETTINGS.publish_every
    publish_seconds: float = SETTINGS.publish_seconds
    readers: dict[str, tuple[str, str]] | None = None
    # Read again files that timed out or crashed the reader last time (a crash is seldom the
    # file's fault); False skips them, as they may cost a full timeout each run.
    retry: bool = True
    jobs: int | None = None  # parse worker processes; None: one per core
    scheduler: str | None = None  # a Dask scheduler address: parse on that cluster instead


def make_runner(opts: IngestOptions, files: Iterable[Path] | None = None):
    """The parse side of an ingest: in-process, one or several workers, or a Dask cluster
    (``files``: those to come, whose readers local workers load before the first)."""
    if not opts.isolate:
        return InlineReader()
    if opts.scheduler:
        from etl.distributed import DaskReader

        return DaskReader(opts.scheduler, opts.timeout, opts.memory_mb)
    from etl.pool import ReaderPool, default_jobs

    jobs = opts.jobs if opts.jobs is not None else default_jobs()
    # --jobs 1 is the same pool with one worker (as fed), the base of the speed-up of N.
    suffixes = None if files is None else {f.suffix.lower() for f in files}
    return ReaderPool(jobs, opts.timeout, opts.memory_mb, suffixes)


def ingest(
    paths: Iterable[Path],
    db_path: Path,
    *,
    progress: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    options: IngestOptions | None = None,
) -> IngestSummary:
    """Load every report file under ``paths``; ``db_path`` is the published database.

    While the writer stores reports, the workers (one per core by default, or a Dask
    cluster) already parse the next files, so parsing and DuckDB writes overlap.
    """
    opts = options or IngestOptions(max_bytes=max_bytes)
    paths = [Path(p) for p in paths]
    # Absolute paths: the dashboard finds a report's file from any working folder.
    files = [p.absolute() for p in iter_files(paths, opts.readers or READERS)]
    summary = IngestSummary()
    runner = make_runner(opts, files)
    if files:  # the workers' imports run while the writer opens the database
        getattr(runner, "start_soon", lambda: None)()
    threads = 1 if opts.isolate and not opts.scheduler else None  # workers on every core
    every, seconds = opts.publish_every, opts.publish_seconds
    try:
        with Writer(
            db_path, publish_every=every, publish_seconds=seconds, threads=threads
        ) as writer:
            summary.resumed = writer.resumed
            summary.notice = writer.notice
            bar = files
            if progress:
                from tqdm import tqdm

                bar = tqdm(files, unit="file", desc="ingest", leave=False)
            _manifest_rosters(writer, paths)
            try:
                _run_batch(bar, writer, runner, summary, opts, KnownFiles(files, opts.max_bytes))
            except RuntimeError as exc:
                # DuckDB turns Ctrl-C during a statement into "Query interrupted": treat it as
                # Ctrl-C, so the reports committed so far are published on the way out.
                if "interrupt" in str(exc).lower():
                    raise KeyboardInterrupt from exc
                raise
        summary.screened = {screen.year: flagged_reports([screen]) for screen in writer.screens}
        summary.years_screened = len(summary.screened)
        summary.copy_texts_made = sum(screen.n_made for screen in writer.screens)
        summary.copies_flagged = len(set().union(*summary.screened.values()))
    finally:
        summary.worker_restarts = runner.restarts
        runner.close()
    return summary


def _manifest_rosters(writer: Writer, paths: Iterable[Path]) -> None:
    """Each manifest under the folders ingested names organs that should publish: the
    roster (``etl.store.roster``) used to show organs that never did."""
    from etl.agencies.manifest import ManifestError
    from etl.store import roster

    for manifest in roster.manifests_under(paths):
        try:
            entries = roster.from_manifest(manifest)
        except ManifestError:
            continue  # its files are rejected with the reason, one by one
        roster.load_roster(writer.con, entries, f"manifest:{manifest.resolve()}")
        writer.changed()


def _run_batch(
    files, writer: Writer, runner, summary: IngestSummary, opts: IngestOptions, known: KnownFiles
) -> None:
    """Prepare, parse (a few files ahead in the workers) and store every file."""
    store = _BatchStore(writer, summary, known)
    queued: deque[tuple[Path, str, float]] = deque()
    depth = getattr(runner, "depth", 1)  # jobs kept in flight beyond the one being collected
    try:
        for path in [*files, None]:
            if path is not None:
                ready = _prepare(store, path, summary, opts)
                if isinstance(ready, tuple):
                    job = ParseJob(
                        str(path),
                        opts.max_bytes,
                        opts.max_unzipped_bytes,
                        opts.readers,
                        store_form=True,
                    )
                    runner.submit(job)
                    queued.append(ready)
                elif ready:
                    writer.changed()
            while queued and (len(queued) > depth or path is None):
                store.add(*queued.popleft(), runner.collect())
        # Every file is parsed: the workers exit while the writer publishes, not after.
        getattr(runner, "finish", lambda: None)()
    except KeyboardInterrupt:
        store.flush()  # what was parsed is written and published on the way out
        raise
    store.flush()


class _BatchStore:
    """Parsed reports waiting to be written together (``etl.store.batch``).

    A batch is written when it holds ``size`` reports (never more than the publication
    cadence), when its oldest report waited ``seconds``, before any rejection is
    recorded and at the end, so the database reaches the same state as writing each
    report on its own, in file order.
    """

    def __init__(
        self, writer: Writer, summary: IngestSummary, known: KnownFiles, size=64, seconds=5.0
    ):
        self.writer = writer
        self.summary = summary
        self.known = known  # which files' bytes the database holds, asked many at once
        self.size = max(1, min(size, writer.publish_every))
        self.seconds = seconds
        self.pending: list[tuple[str, ParsedReport, ReportRecord]] = []
        self._since = 0.0

    @property
    def con(self):
        """The writer's current connection (a publication reopens it)."""
        return self.writer.con

    def add(self, path: Path, sha: str, mtime: float, outcome: ParseOutcome) -> None:
        """Queue one parse outcome; a rejection is recorded at once."""
        self.summary.parse_seconds += outcome.seconds
        if outcome.report is None:
            kind, reason = outcome.kind or "unreadable", outcome.reason or ""
            _reject(self, path, sha, kind, reason, self.summary)
            self.writer.changed()
            return
        report = outcome.report
        record = to_record(
            report,
            path,
            sha,
            outcome.source_format or "",
            source_mtime=mtime,
            stored=outcome.stored,
        )
        if outcome.stored is not None and outcome.stored.copy is not None:
            self.writer.copy_texts.offer(record.report_id, outcome.stored.copy)
        if not self.pending:
            self._since = time.monotonic()
        self.pending.append((str(path), report, record))
        if len(self.pending) >= self.size or time.monotonic() - self._since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Write the queued reports in one transaction and count what they did."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        results = batch.load_reports(self.writer.con, [rec for _, _, rec in pending])
        changes = 0
        for (path, report, _), result in zip(pending, results, strict=True):
            changes += _count(self.summary, path, report, result)
        if changes:
            self.writer.changed(changes)


def _reject(store, path: Path, sha: str | None, kind: str, reason: str, summary) -> bool:
    store.flush()  # the reports parsed before this file are written before its rejection
    reason = rejection_reason(kind, reason)
    loader.record_rejection(store.con, str(path), sha, reason, kind)
    summary.rejected.append((str(path), reason))
    return True


def _prepare(
    store, path: Path, summary: IngestSummary, opts: IngestOptions
) -> tuple[Path, str, float] | bool:
    """Checks before parsing: ``(path, sha, mtime)`` to parse, else whether the db changed."""
    try:
        check_file(path, opts.max_bytes)
        mtime = path.stat().st_mtime
        sha = store.known.sha(path)
    except ReadError as exc:
        empty_sha = sha256_of(path) if rejection_kind(exc) == "empty" else None
        return _reject(store, path, empty_sha, rejection_kind(exc), str(exc), summary)
    except OSError as exc:
        reason = f"cannot open the file ({exc.strerror or exc})"
        return _reject(store, path, None, "unreadable", reason, summary)
    con = store.con
    if store.known.is_held(con, path, sha):
        summary.unchanged.append(str(path))
        # the same bytes under another name or folder are one more source of that report
        return loader.note_source(con, sha, str(path), mtime)
    if not opts.retry and (earlier := loader.costly_rejection(con, sha)):
        summary.skipped.append((str(path), earlier))
        return False
    return path, sha, mtime


def _count(summary: IngestSummary, path: str, report: ParsedReport, result) -> bool:
    """Record one load result in the summary; True when the db changed."""
    if result.status in ("unchanged", "dated"):
        summary.unchanged.append(path)
        return result.status == "dated"
    if result.status == "copy":
        summary.copies.append((path, result.report_id))
        return True
    if result.status == "older":
        summary.older.append((path, result.other_id or ""))
        return True
    if result.status == "merged":
        summary.merged.append((path, result.report_id))
        return True
    summary.loaded.append(path)
    if result.status == "replaced":
        summary.replaced.append((path, result.other_id or ""))
    summary.findings += len(report.findings)
    summary.errors += sum(1 for f in report.findings if f.severity == "error")
    return True
