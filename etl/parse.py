"""The parse step: one file → one ParsedReport (read → match → checks → enrich).

The one home of the chain below both callers: the ingest loop
(:mod:`etl.pipeline`) and the worker process (:mod:`etl.worker`) call
:func:`parse_job`; ``xxgk parse`` and tests call :func:`parse_file`. It knows
no database. A file that cannot be parsed raises a :class:`ReadError` here,
which :func:`parse_job` turns into a rejection kind and a one-sentence reason.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import re
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from etl.checks import check_report
from etl.chinese import to_simplified
from etl.findings import Finding, attach_locators
from etl.matcher.narrative import extract_narrative
from etl.matcher.report import ParsedReport, completeness_of, match_document
from etl.matcher.sections import part_starts
from etl.matcher.years import period_year
from etl.preflight import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_UNZIPPED_BYTES,
    EmptyFile,
    MixedEncoding,
    NotRegularFile,
    ZipBomb,
    diagnose_encoding,
    preflight,
)
from etl.readers.base import (
    CorruptFile,
    Document,
    EncryptedPdf,
    FileTooLarge,
    MissingConverter,
    ReadError,
    ScannedPdf,
    UnsupportedFormat,
)
from etl.template import FIRST_YEAR, PART_TITLES
from etl.valuecolumns import ValueColumns

if TYPE_CHECKING:
    from etl.checks.copytext import CopyText


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
    **{
        suffix: ("etl.readers.image", "read_image")
        for suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
    },
}


def read_document(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES,
    readers: dict[str, tuple[str, str]] | None = None,
) -> Document:
    """Read any supported file into a Document (ReadError with a reason otherwise)."""
    path = Path(path)
    table = readers or READERS
    suffix = preflight(path, max_bytes=max_bytes, max_unzipped_bytes=max_unzipped_bytes)
    if suffix not in table and path.suffix.lower() in table:
        suffix = path.suffix.lower()  # an injected reader for a suffix sniffing does not know
    if suffix not in table:
        raise UnsupportedFormat(f"'{path.suffix or path.name}' files are not a supported format")
    module, func = table[suffix]
    try:
        reader = getattr(importlib.import_module(module), func)
    except ModuleNotFoundError as exc:
        raise UnsupportedFormat(
            f"no reader for '{suffix}' files is available ({exc.name})"
        ) from exc
    return reader(path)


def file_context(path: Path) -> tuple:
    """The manifest row and rename list that apply to a file (ReadError if unusable)."""
    from etl.agencies.context import context_for
    from etl.agencies.manifest import ManifestError

    try:
        return context_for(path)
    except (ManifestError, ValueError) as exc:
        raise ReadError(f"the manifest beside this file cannot be used: {exc}") from exc


def _enrich(report: ParsedReport, doc: Document, context: tuple | None) -> tuple[Finding, ...]:
    """Place, level, kind and agency id from the name, folders, text and the user's manifest.

    Returns the doubts about the agency (A1/A2); the checks stage reports them.
    """
    from etl.agencies.enrich import enrich_meta

    entry, renames = context if context is not None else file_context(doc.source_path)
    result = enrich_meta(report.meta, doc.source_path, doc.text, entry, renames)
    report.meta = result.meta
    return result.doubts


# 政府 may be left out (《2020年度如东县水务局信息公开工作年度报告》).
_REPORT_HEAD = re.compile(r"(?:政府)?信息公开(?:工作)?(?:年度报告|工作报告|情况报告|报告|年报)")


_OLD_OUTLINE_HEADING = re.compile(
    r"^[一二三四五六七八九十]\s*[、.．][^。；;]{0,12}(?:主动公开|信息公开工作)[^。；;]{0,20}$"
)


# Part 一's own sub-headings under the report's title when its heading 一、总体情况 is left
# out (山海关区南关街道办事处 2024: the lead, then (一)主动公开 / (二)依申请公开 at once).
_PART1_SUBHEADS = (
    re.compile(r"^[（(]一[)）]\s*(?:政府信息)?主动公开"),
    re.compile(r"^[（(]二[)）]\s*(?:政府信息)?依申请公开"),
)
_NOTICE = re.compile(r"关于做好|通知$|的通知")
# A page explaining the report (文字解读:…年度报告, 图解…, 一图读懂…) is not the report.
_INTERPRETATION = re.compile(
    r"^[【\[]?(?:文字|图文|图片|政策)?(?:解读|图解)|^[【\[]?一图(?:读懂|看懂|了解)"
)


def _is_interpretation(lines: list[str]) -> bool:
    """The page's first line says it interprets the report rather than being it."""
    first = next((line.strip() for line in lines if line.strip()), "")
    return _INTERPRETATION.match(to_simplified(first)) is not None


def _is_annual_report(report: ParsedReport, text: str) -> bool:
    """A report whose tables were not shown (images, a cut copy): organ and year are known,
    the head names the 政府信息公开 report (or states its statistics period: 汇总…2020年政府
    信息公开情况编制形成，…统计期限自2020年1月1日至…, or lists the template's parts:
    …收到和处理政府信息公开申请情况…) and part 一 is there (its heading
    as :mod:`etl.matcher.sections` knows it: 总体情况, 概述, 总体公开情况; on the old outline
    under the report's title, a numbered heading on 主动公开 or 信息公开工作, or part 一's own
    sub-headings (一)主动公开 and (二)依申请公开 without its heading) and the page is not
    an interpretation of the report (文字解读:…年度报告). It loads with its
    metadata and a P1 finding (no table value) instead of being refused as not a report."""
    year = report.meta.year
    lines = text.splitlines()
    head = to_simplified("\n".join(lines[:40]))
    names_report = (
        _REPORT_HEAD.search(head) is not None
        or ("政府信息公开" in head and period_year(head) == year)
        or PART_TITLES[3] in head  # the lead sentence lists the template's parts
    )
    # The old outline (一、政府信息公开工作的基本情况 / 二、主动公开、依申请公开工作情况) under
    # the report's own title: a numbered heading on 主动公开 or 信息公开工作 stands in for part 一.
    # A notice about the reports (关于做好2020年政府信息公开工作年度报告编制工作的通知) names
    # one too and numbers its own headings: its first line gives it away.
    first = to_simplified(next((line.strip() for line in lines if line.strip()), ""))
    old_outline = (
        _REPORT_HEAD.search(head) is not None
        and not _NOTICE.search(first)
        and (
            any(_OLD_OUTLINE_HEADING.match(to_simplified(line.strip())) for line in lines[:200])
            or all(
                any(sub.match(to_simplified(line.strip())) for line in lines[:200])
                for sub in _PART1_SUBHEADS
            )
        )
    )
    return (
        report.meta.agency is not None
        and year is not None
        and year >= FIRST_YEAR
        and names_report
        and not _is_interpretation(lines)
        and (PART_TITLES[1] in to_simplified(text) or 1 in part_starts(lines) or old_outline)
    )


def _require_tables(report: ParsedReport, text: str) -> None:
    if (not report.values or not report.parts_found) and not _is_annual_report(report, text):
        year = report.meta.year
        if year is not None and year < FIRST_YEAR:
            raise NoTemplateTables(f"pre-{FIRST_YEAR} report, no standard tables")
        if _is_interpretation(text.splitlines()):
            # a Chinese sentence: shown to the user as it is (etl.errors.rejection_reason)
            raise NoTemplateTables("这是年度报告的解读或图解页面，不是年度报告本身，未载入。")
        raise NoTemplateTables(
            "no table of the annual-report template was found (not a 政府信息公开年度报告?)"
        )


def parse_document(doc: Document, *, context: tuple | None = None) -> ParsedReport:
    """Match a Document, enrich its metadata, run every single-report check, add locators.

    ``context`` is the file's ``(manifest entry, rename list)`` when the caller found
    them already (a Dask worker cannot look beside the file); None: looked up here.
    """
    report = match_document(doc)
    _require_tables(report, doc.text)
    doubts = _enrich(report, doc, context)
    facts = extract_narrative(doc)
    report.prose = facts.prose
    report.findings += check_report(report, facts, doubts)
    report.findings = attach_locators(
        report.findings, {k: v.locator for k, v in report.values.items()}
    )
    return report


def parse_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedReport:
    """Read and parse one file in this process (ReadError if it cannot be)."""
    return parse_document(read_document(Path(path), max_bytes=max_bytes))


@dataclass(frozen=True)
class ParseJob:
    """One file to read and parse, with the limits that apply to it."""

    path: str
    max_bytes: int
    max_unzipped_bytes: int
    readers: dict[str, tuple[str, str]] | None = None  # suffix → (module, function) override
    # Set when the file was copied to a machine that does not hold the user's folders
    # (a Dask worker): the path as the user knows it (its name and folders are hints for
    # the organ and year) and the manifest row and rename list found beside it.
    source_path: str | None = None
    context: tuple | None = None
    # Ingest: the worker also prepares what the store writes (``StoreForm``), so the one
    # writer process only appends rows while the workers use every other core.
    store_form: bool = False


@dataclass(frozen=True)
class StoreForm:
    """A parsed report's values as the store writes them, made in the worker process.

    Serialising the locators is most of the work between parsing and a database row;
    done here it runs on every core, and the values travel as four plain lists (cheap
    to unpickle, joined per batch by the writer: :mod:`etl.valuecolumns`) instead of a
    dict of dataclasses.
    """

    values: ValueColumns  # key, value, derived, locator JSON: as columns
    completeness: float
    parts_found: str
    # The prose as the copy screening reads it, made here rather than in the writer
    # (etl.checks.copytext); None without prose.
    copy: CopyText | None = None

    @classmethod
    def of(cls, report: ParsedReport) -> StoreForm:
        """The store form of ``report`` (``etl.pipeline.to_record`` reads it)."""
        values = report.values.values()
        columns = ValueColumns(
            [v.key for v in values],
            [float(v.value) for v in values],
            [bool(v.derived) for v in values],
            [json.dumps(v.locator.to_json(), ensure_ascii=False) for v in values],
        )
        copy = None
        if report.prose:
            from etl.checks.copytext import CopyText  # numpy: only once a report has prose

            copy = CopyText.of(report.prose, report.meta.agency)
        return cls(
            columns,
            completeness_of(report.template_id, report.values),
            ",".join(str(p) for p in sorted(report.parts_found)),
            copy,
        )


@dataclass
class ParseOutcome:
    """A parsed report, or the kind and one-sentence reason of a rejection."""

    path: str
    report: ParsedReport | None = None
    source_format: str | None = None
    kind: str | None = None
    reason: str | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    # With ``ParseJob.store_form``: the report's values as stored; ``report.values`` is
    # then left empty (the values travel once, in this form).
    stored: StoreForm | None = None


_REJECTION_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (EmptyFile, "empty"),
    (FileTooLarge, "too_large"),
    (NotRegularFile, "not_a_file"),
    (ZipBomb, "zip_bomb"),
    (MixedEncoding, "encoding"),
    (EncryptedPdf, "encrypted"),
    (ScannedPdf, "scanned"),
    (MissingConverter, "missing_converter"),
    (UnsupportedFormat, "unsupported"),
    (NoTemplateTables, "no_report"),
    (CorruptFile, "corrupt"),
)


def rejection_kind(exc: BaseException) -> str:
    """A short machine-readable class of a rejection, stored in ``rejected_files.kind``."""
    for cls, kind in _REJECTION_KINDS:
        if isinstance(exc, cls):
            return kind
    return "unreadable"


#: Libraries that log every oddity of a damaged file (pdfminer prints multi-line warnings):
#: the reason of a rejection says what matters, so their chatter never reaches the console.
_NOISY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "docx", "PIL", "fontTools", "lxml")


def _quiet_libraries() -> None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def parse_job(job: ParseJob) -> ParseOutcome:
    """Read and parse one file in this process; never raises for a bad file."""
    _quiet_libraries()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _parse_job(job)


def _parse_job(job: ParseJob) -> ParseOutcome:
    start = time.perf_counter()
    out = ParseOutcome(job.path)
    path = Path(job.path)
    try:
        doc = read_document(
            path,
            max_bytes=job.max_bytes,
            max_unzipped_bytes=job.max_unzipped_bytes,
            readers=job.readers,
        )
        if job.source_path is not None:
            doc.source_path = Path(job.source_path)
        out.report = parse_document(doc, context=job.context)
        out.source_format = doc.source_format
        if job.store_form:
            out.stored = StoreForm.of(out.report)
            out.report.values = {}
    except ReadError as exc:
        out.kind, out.reason = rejection_kind(exc), str(exc)
        if isinstance(exc, NoTemplateTables) and path.suffix.lower() != ".pdf":
            with contextlib.suppress(OSError):
                hint = diagnose_encoding(path.read_bytes()[:4_000_000])
                if hint:
                    out.kind, out.reason = "encoding", f"{exc}; {hint}"
    except MemoryError:
        out.kind, out.reason = "too_large", "reading the file needs more memory than allowed"
    except RecursionError:
        out.kind, out.reason = "corrupt", "the file is nested too deeply to read"
    except (OSError, UnicodeError) as exc:
        out.kind, out.reason = "unreadable", f"unreadable file ({type(exc).__name__}: {exc})"
    except Exception as exc:  # a reader bug must not stop the batch; the reason names it
        out.kind = "reader_error"
        out.reason = f"the reader failed ({type(exc).__name__}: {exc})"
    out.seconds = time.perf_counter() - start
    return out
