"""The whole chain, and the only module that knows it: file → reader → matcher → store.

``parse_file`` turns one file into a ParsedReport; ``ingest`` loads many files
into DuckDB, one transaction per report, recording every unreadable file in
``rejected_files`` with its reason. One bad file never stops a batch.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from etl.matcher.report import ParsedReport, match_document
from etl.readers.base import Document, FileTooLarge, ReadError, UnsupportedFormat
from etl.store import loader, schema
from etl.template import derived_keys, get_template


class NoTemplateTables(ReadError):
    """The document holds none of the template's tables."""


READERS: dict[str, tuple[str, str]] = {
    ".txt": ("etl.readers.text", "read_text"),
    ".md": ("etl.readers.text", "read_text"),
    ".markdown": ("etl.readers.text", "read_text"),
    ".html": ("etl.readers.html", "read_html"),
    ".htm": ("etl.readers.html", "read_html"),
    ".shtml": ("etl.readers.html", "read_html"),
    ".docx": ("etl.readers.docx", "read_docx"),
    ".doc": ("etl.readers.office", "read_office"),
    ".wps": ("etl.readers.office", "read_office"),
    ".rtf": ("etl.readers.office", "read_office"),
    ".pdf": ("etl.readers.pdf", "read_pdf"),
}
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", ".pdf"),
    (b"PK\x03\x04", ".docx"),
    (b"\xd0\xcf\x11\xe0", ".doc"),
    (b"{\\rtf", ".rtf"),
)
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def sniff_suffix(path: Path, head: bytes) -> str:
    """The reader key for a file: its content signature first, then its extension."""
    for magic, suffix in SIGNATURES:
        if head.startswith(magic):
            return suffix
    lower = head[:2048].lower()
    if b"<html" in lower or b"<!doctype html" in lower or b"<table" in lower:
        return ".html"
    return path.suffix.lower()


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read any supported file into a Document (ReadError with a reason otherwise)."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(
            f"the file is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit"
        )
    with path.open("rb") as fh:
        head = fh.read(4096)
    suffix = sniff_suffix(path, head)
    if suffix not in READERS:
        raise UnsupportedFormat(f"'{path.suffix or path.name}' files are not a supported format")
    module, func = READERS[suffix]
    try:
        reader = getattr(importlib.import_module(module), func)
    except ModuleNotFoundError as exc:
        raise UnsupportedFormat(
            f"no reader for '{suffix}' files is available ({exc.name})"
        ) from exc
    return reader(path)


def parse_document(doc: Document) -> ParsedReport:
    """Match a Document; reject documents without any template table."""
    report = match_document(doc)
    if not report.values or not report.parts_found:
        year = report.meta.get("year")
        if year is not None and year < 2019:
            raise NoTemplateTables("pre-2019 report, no standard tables")
        raise NoTemplateTables(
            "no table of the annual-report template was found (not a 政府信息公开年度报告?)"
        )
    return report


def parse_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedReport:
    """Read and match one file."""
    return parse_document(read_document(Path(path), max_bytes=max_bytes))


def completeness(report: ParsedReport) -> float:
    """Share of the template's table cells the report shows (derived cells excluded)."""
    template = get_template(report.meta["template"])
    derived = set(derived_keys(template))
    keys = [k for t in template.tables for _, _, k in t.cells() if k not in derived]
    shown = sum(1 for k in keys if k in report.values)
    return round(shown / len(keys), 4) if keys else 0.0


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def to_record(
    report: ParsedReport, path: Path, sha: str, source_format: str
) -> loader.ReportRecord:
    """The store's view of a parsed report."""
    return loader.ReportRecord(
        report_id=sha[:16],
        meta=report.meta,
        values=[(v.key, v.value, v.derived, v.locator) for v in report.values.values()],
        findings=report.findings,
        source_path=str(path),
        source_sha256=sha,
        source_format=source_format,
        completeness=completeness(report),
        parts_found=",".join(str(p) for p in sorted(report.parts_found)),
    )


@dataclass
class IngestSummary:
    """What a batch did: files loaded, already present, and rejected with reasons."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    findings: int = 0
    errors: int = 0

    def line(self) -> str:
        """One-line summary for the CLI."""
        return (
            f"loaded {len(self.loaded)}, unchanged {len(self.unchanged)}, "
            f"rejected {len(self.rejected)}; {self.findings} findings ({self.errors} errors)"
        )


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths: folders recursively (report extensions only)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (
                    f.is_file()
                    and f.suffix.lower() in READERS
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                ):
                    yield f
        elif p.exists():
            yield p
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")


def ingest(
    paths: Iterable[Path],
    db_path: Path,
    *,
    progress: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestSummary:
    """Load every report file under ``paths`` into the DuckDB file ``db_path``."""
    files = list(iter_files(paths))
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    con = schema.connect(str(db_path))
    try:
        bar = files
        if progress:
            from tqdm import tqdm

            bar = tqdm(files, unit="file", desc="ingest", leave=False)
        for path in bar:
            _ingest_one(con, path, summary, max_bytes)
    finally:
        con.close()
    return summary


def _ingest_one(con, path: Path, summary: IngestSummary, max_bytes: int) -> None:
    sha: str | None = None
    try:
        sha = sha256_of(path)
        if loader.report_exists(con, sha):
            summary.unchanged.append(str(path))
            return
        doc = read_document(path, max_bytes=max_bytes)
        report = parse_document(doc)
        loader.load_report(con, to_record(report, path, sha, doc.source_format))
    except ReadError as exc:
        loader.record_rejection(con, str(path), sha, str(exc))
        summary.rejected.append((str(path), str(exc)))
        return
    except (OSError, ValueError, UnicodeError, RecursionError, MemoryError) as exc:
        reason = f"unreadable file ({type(exc).__name__}: {exc})"
        loader.record_rejection(con, str(path), sha, reason)
        summary.rejected.append((str(path), reason))
        return
    summary.loaded.append(str(path))
    summary.findings += len(report.findings)
    summary.errors += sum(1 for f in report.findings if f.severity == "error")
