"""Build the demo database: render the simulated region, ingest it, mark it simulated.

``xxgk demo`` runs :func:`build_demo`:

1. :func:`etl.demo.simulate.simulate_region` draws the region's reports;
2. each is rendered with :mod:`etl.synthetic` into the file format its organ publishes
   (web page, Word, born-digital PDF, text) under ``out_dir/<year>/``, and the real
   pipeline (:func:`etl.pipeline.ingest`) loads each year's folder as soon as it is
   written while worker processes render the following years;
3. ``out_dir/SIMULATED.json`` lists every file with its SHA-256, organ, year, format and
   faults (the database does not otherwise know these files are simulated);
4. the real reports shipped in ``data/reports`` are ingested too;
5. the reports whose files are in the manifest get ``is_simulated = TRUE`` (through
   the store's writer, so the published database is replaced atomically).

Rebuilding with another seed replaces each organ-year's report (the loader keeps one
report per organ and year; the older file goes to ``superseded_reports``). The files of
an earlier build listed in its manifest are deleted before writing the new ones.

A format whose reader (or, for PDF, reportlab) is not installed is replaced by plain
text, and said so in the summary and the manifest.
"""

from __future__ import annotations

import importlib.util
import json
import os
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from etl import pipeline
from etl.demo.region import CITY, PROVINCE, RENAMED, SEED_AGENCY, SEED_YEAR
from etl.demo.simulate import SimReport, simulate_region
from etl.store.fetch import one
from etl.store.publish import Writer
from etl.synthetic.docx import render_docx
from etl.synthetic.html import render_html
from etl.synthetic.text import render_text

MANIFEST = "SIMULATED.json"
DEFAULT_REAL_DIR = Path(__file__).resolve().parents[2] / "data" / "reports"
FALLBACK = ("txt", "tab")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
PARALLEL_FROM = 60  # render in worker processes from this many reports on
NOTES = ("SOURCES", "README")  # documentation beside the real reports, not reports
#: The demo's files were rendered a moment ago by this code, so they need no worker
#: sandbox (timeouts guard against hostile files); one batch, published once at the end.
INGEST_OPTIONS = pipeline.IngestOptions(isolate=False, publish_every=10**9, publish_seconds=1e9)


#: Packages a format's renderer needs beyond the base install.
RENDER_NEEDS = {".pdf": "reportlab"}


def reader_available(suffix: str) -> bool:
    """True when the pipeline has an importable reader for files with this suffix."""
    entry = pipeline.READERS.get(suffix)
    return entry is not None and importlib.util.find_spec(entry[0]) is not None


def format_available(suffix: str) -> bool:
    """True when this suffix can be both rendered here and read by the pipeline."""
    needs = RENDER_NEEDS.get(suffix)
    return reader_available(suffix) and (
        needs is None or importlib.util.find_spec(needs) is not None
    )


@contextmanager
def _invariant_pdf() -> Iterator[None]:
    """reportlab's reproducible mode (fixed dates and document id) for one rendering."""
    from reportlab import rl_config

    old = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = old


def _fix_zip_times(path: Path) -> None:
    """Rewrite a .docx with fixed entry timestamps, so one seed gives identical bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)


def render_report(report: SimReport, path: Path) -> Path:
    """Write one simulated report to ``path`` in its format, typo fault included.

    The bytes depend only on the report: rendering the same seed twice gives the
    same files, hence the same SHA-256 and an ``unchanged`` re-ingest.
    """
    spec = report.spec()
    path.parent.mkdir(parents=True, exist_ok=True)
    if report.fmt == "html":
        path.write_bytes(render_html(spec))
    elif report.fmt == "docx":
        render_docx(spec, path)
        _fix_zip_times(path)
    elif report.fmt == "pdf":
        from etl.synthetic.pdf import render_pdf  # reportlab: only needed for PDFs

        with _invariant_pdf():
            render_pdf(spec, path)
    else:
        text = render_text(spec, report.layout or "tab")
        if report.typo:
            label, typo = report.typo
            if label not in text:
                raise ValueError(f"{path}: label {label!r} not in the rendered text")
            text = text.replace(label, typo)
        path.write_text(text, encoding="utf-8")
    return path


def select_sample(reports: list[SimReport], per_rendition: int) -> list[SimReport]:
    """A small corpus for tests that still covers every way a report is published.

    At most ``per_rendition`` reports of each (format, layout, style, template); every
    faulty report and, for the cross-year checks, the report of the year before it; and
    the seed organ's last simulated year (its chain runs into the real 2024 report).
    """
    seen: Counter = Counter()
    wanted: set[tuple[str, int]] = set()
    for r in reports:
        if r.faults:
            wanted |= {(r.organ.id, r.year), (r.organ.id, r.year - 1)}
        if r.prose_of:
            wanted.add(r.prose_of)
        if r.agency == SEED_AGENCY:
            wanted.add((r.organ.id, SEED_YEAR - 1))
    out = []
    for r in reports:
        rendition = (r.fmt, r.layout, r.style, r.template)
        if (r.organ.id, r.year) in wanted or seen[rendition] < per_rendition:
            seen[rendition] += 1
            out.append(r)
    return out


def _remove_previous(out_dir: Path) -> None:
    """Delete the files an earlier build listed in its manifest (and nothing else)."""
    manifest = out_dir / MANIFEST
    if not manifest.exists():
        return
    entries = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    for entry in entries:
        (out_dir / entry["path"]).unlink(missing_ok=True)
    for folder in sorted({(out_dir / e["path"]).parent for e in entries}, reverse=True):
        if folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    manifest.unlink()


def _render_chunk(jobs: list[tuple[SimReport, Path]]) -> list[str]:
    """Render some reports (in a worker process); returns their files' SHA-256."""
    return [pipeline.sha256_of(render_report(r, path)) for r, path in jobs]


def render_by_year(
    reports: list[SimReport], out_dir: Path, workers: int | None = None
) -> Iterator[tuple[int, list[SimReport], list[str]]]:
    """Yield (year, reports, SHA-256s) year by year as each year's files are written.

    With many reports, worker processes render the later years while the caller
    ingests the earlier ones (ingest uses one core; rendering takes the other).
    """
    by_year: dict[int, list[SimReport]] = {}
    for r in reports:
        by_year.setdefault(r.year, []).append(r)
    jobs = {y: [(r, out_dir / r.file_name()) for r in rs] for y, rs in sorted(by_year.items())}
    workers = workers or min(2, os.cpu_count() or 1)
    if len(reports) < PARALLEL_FROM or workers < 2:
        for year, year_jobs in jobs.items():
            yield year, by_year[year], _render_chunk(year_jobs)
        return
    size = max(1, len(reports) // (workers * 8))
    with ProcessPoolExecutor(workers) as pool:
        futures = {
            year: [pool.submit(_render_chunk, js[i : i + size]) for i in range(0, len(js), size)]
            for year, js in jobs.items()
        }
        for year, parts in futures.items():
            yield year, by_year[year], [sha for f in parts for sha in f.result()]


def manifest_entry(r: SimReport, sha: str) -> dict:
    """One file of the manifest: where it is, its hash, and what it simulates."""
    return {
        "path": r.file_name(),
        "sha256": sha,
        "agency": r.agency,
        "year": r.year,
        "template": r.template,
        "province": r.organ.province,
        "city": r.organ.city,
        "county": r.organ.county,
        "level": r.organ.level,
        "kind": r.organ.kind,
        "format": r.fmt,
        "layout": r.layout,
        "style": r.style,
        "faults": r.faults,
    }


def write_manifest(out_dir: Path, seed: int, entries: list[dict], faults: list) -> Path:
    """``out_dir/SIMULATED.json``: every simulated file and every deliberate fault."""
    manifest = {
        "generator": "xxgk demo",
        "seed": seed,
        "region": f"{PROVINCE}{CITY}",
        "note": "Simulated reports: the numbers are drawn at random, not published by any organ.",
        "files": entries,
        "faults": [f.to_dict() for f in faults],
    }
    path = out_dir / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_renames(out_dir: Path) -> None:
    """The rename list the pipeline reads, so the renamed organ keeps one agency id."""
    old, new, _ = RENAMED
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "renames.csv").write_text(f"old,new\n{CITY}{old},{CITY}{new}\n", encoding="utf-8")


def prepare(reports: list[SimReport], out_dir: Path) -> None:
    """Clear the previous build's files; publish as text what cannot be rendered or read."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_previous(out_dir)
    for r in reports:
        if not format_available(r.suffix):
            r.fmt, r.layout = FALLBACK
            r.faults.append("no_reader_fallback")


def mark_simulated(db: Path, shas: list[str]) -> int:
    """Flag the reports loaded from the manifest's files simulated; returns how many.

    A file may be the report's primary source or a copy the loader recorded in
    ``report_sources`` (same values, other bytes). Goes through the store's writer
    (lock, working file, atomic publication), so a dashboard reading ``db`` never sees
    a half-written file.
    """
    ids = """SELECT report_id FROM reports WHERE source_sha256 IN (SELECT unnest($1::VARCHAR[]))
             UNION SELECT report_id FROM report_sources
             WHERE source_sha256 IN (SELECT unnest($1::VARCHAR[]))"""
    with Writer(db) as writer:
        writer.con.execute(
            f"UPDATE reports SET is_simulated = TRUE WHERE report_id IN ({ids})", [shas]
        )
        writer.changed()
        return one(
            writer.con,
            f"SELECT count(*) FROM reports WHERE is_simulated AND report_id IN ({ids})",
            [shas],
        )[0]


def real_report_files(folder: Path) -> list[Path]:
    """The report files of the real-reports folder, without its notes (SOURCES.md, README)."""
    return [f for f in pipeline.iter_files([folder]) if f.stem.upper() not in NOTES]


@dataclass
class BuildTotals:
    """Ingest counts summed over the per-year batches."""

    loaded: int = 0
    unchanged: int = 0
    copies: int = 0
    rejected: int = 0
    findings: int = 0
    errors: int = 0
    screened: dict[int, set[str]] = field(default_factory=dict)  # year → reports flagged

    def add(self, summary: pipeline.IngestSummary) -> None:
        """Add one batch's counts (a year screened again replaces what it flagged before)."""
        self.loaded += len(summary.loaded)
        self.unchanged += len(summary.unchanged)
        self.copies += len(summary.copies) + len(summary.older)
        self.rejected += len(summary.rejected)
        self.findings += summary.findings
        self.errors += summary.errors
        self.screened.update(summary.screened)

    def line(self) -> str:
        """The counts as ``xxgk ingest`` prints them."""
        return (
            f"loaded {self.loaded}, unchanged {self.unchanged}, copies {self.copies}, "
            f"rejected {self.rejected}; "
            f"{self.findings} findings ({self.errors} errors)"
            + pipeline.screening_part(len(self.screened), len(set().union(*self.screened.values())))
        )


def build_demo(
    out_dir: Path,
    db: Path,
    seed: int = 2024,
    *,
    sample: int | None = None,
    real_dir: Path | None = DEFAULT_REAL_DIR,
) -> str:
    """Generate the demo region's files under ``out_dir`` and load them into ``db``.

    ``sample`` keeps at most that many reports per rendition (plus the faults and
    their context, see :func:`select_sample`), for tests; ``real_dir`` is the folder of
    real reports ingested alongside (None: none). Returns a one-line summary.
    """
    started = time.perf_counter()
    out_dir, db = Path(out_dir), Path(db)
    corpus = simulate_region(seed)
    reports = corpus.reports if sample is None else select_sample(corpus.reports, sample)
    prepare(reports, out_dir)
    write_renames(out_dir)
    entries: list[dict] = []
    totals = BuildTotals()
    for year, year_reports, shas in render_by_year(reports, out_dir):
        entries += [manifest_entry(r, sha) for r, sha in zip(year_reports, shas, strict=True)]
        totals.add(pipeline.ingest([out_dir / str(year)], db, options=INGEST_OPTIONS))
    write_manifest(out_dir, seed, entries, corpus.faults)
    if real_dir is not None and Path(real_dir).is_dir():
        totals.add(pipeline.ingest(real_report_files(Path(real_dir)), db, options=INGEST_OPTIONS))
    marked = mark_simulated(db, [e["sha256"] for e in entries])
    formats = Counter(e["format"] for e in entries)
    fallback = sum(1 for r in reports if "no_reader_fallback" in r.faults)
    return (
        f"demo {PROVINCE}{CITY} seed {seed}: {len(entries)} simulated reports of "
        f"{len({r.organ.id for r in reports})} organs ("
        + ", ".join(f"{k} {v}" for k, v in sorted(formats.items()))
        + (f"; {fallback} as text, no renderer or reader" if fallback else "")
        + f") in {out_dir}; ingest {totals.line()}; {marked} marked simulated; "
        f"{time.perf_counter() - started:.1f}s"
    )
