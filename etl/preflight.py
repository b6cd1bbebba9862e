"""Cheap checks on a file's bytes before any reader sees it.

Flow: file → **preflight** → reader → matcher. A reader trusts what it is handed;
preflight makes sure that is a regular, non-empty file under the size cap whose
content matches the format it is routed to: a PDF that has a header and an
end-of-file marker, a Word file that is a ZIP archive holding ``word/document.xml``
and that would not expand past a cap (zip bombs), text in one encoding. Each
refusal is a ReadError whose message is one sentence naming the problem.
"""

from __future__ import annotations

import codecs
import mmap
import stat
import zipfile
from pathlib import Path

from etl.readers.base import CorruptFile, FileTooLarge, ReadError
from etl.readers.encoding import looks_binary
from etl.settings import MB as _MB
from etl.settings import SETTINGS

DEFAULT_MAX_BYTES = SETTINGS.max_bytes
DEFAULT_MAX_UNZIPPED_BYTES = SETTINGS.max_unzipped_bytes
#: A ZIP member this many times larger than its compressed size (and over 16 MB) is a bomb.
BOMB_RATIO = 200
HEAD_BYTES = 8192
#: PDFium rebuilding a damaged cross-reference table searches from every stream without an
#: ``endstream`` to the end of the file: its cost is (such streams) x (file size). This many
#: bytes searched in all is about a second of CPU; a PDF that would cost more is refused.
OPEN_STREAM_BUDGET = 256 * _MB

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", ".docx"),
    (b"\xd0\xcf\x11\xe0", ".doc"),
    (b"{\\rtf", ".rtf"),
)
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".shtml")
WORD_SUFFIXES = (".doc", ".wps")


class EmptyFile(CorruptFile):
    """The file holds no bytes (or only whitespace)."""


class NotRegularFile(ReadError):
    """The path is a folder, a pipe or a device, not a file."""


class ZipBomb(CorruptFile):
    """The archive would expand far beyond any real report."""


class MixedEncoding(CorruptFile):
    """The text mixes encodings (some lines UTF-8, others GBK), so no decoding is right."""


def _is_html(head: bytes) -> bool:
    lower = head[:2048].lower()
    return b"<html" in lower or b"<!doctype html" in lower or b"<table" in lower


def content_suffix(head: bytes) -> str | None:
    """The reader key a file's first bytes prove, or None when they prove nothing."""
    if b"%PDF-" in head[:1024]:
        return ".pdf"
    for magic, suffix in SIGNATURES:
        if head.startswith(magic):
            return suffix
    if _is_html(head):
        return ".html"
    return None


def sniff_suffix(path: Path, head: bytes) -> str:
    """The reader key for a file: its content signature first, then its extension."""
    return content_suffix(head) or path.suffix.lower()


def check_file(path: Path, max_bytes: int) -> int:
    """Size of a regular, non-empty file under the cap; ReadError otherwise."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile("the path is not a regular file (a folder, pipe or device)")
    if st.st_size == 0:
        raise EmptyFile("the file is empty")
    if st.st_size > max_bytes:
        raise FileTooLarge(
            f"the file is {st.st_size / _MB:.0f} MB, over the {max_bytes / _MB:g} MB limit "
            "(raise it with --max-mb)"
        )
    return st.st_size


def _check_pdf(path: Path, size: int) -> None:
    with path.open("rb") as fh:
        fh.seek(max(0, size - 1024))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise CorruptFile("the PDF is truncated or damaged: it has no end-of-file marker (%%EOF)")
    unended = unended_streams(path)
    if unended > 1 and unended * size > OPEN_STREAM_BUDGET:
        raise CorruptFile(
            f"the PDF is damaged: {unended} of its data streams have no end (endstream)"
        )


def unended_streams(path: Path) -> int:
    """How many ``stream`` keywords of a PDF have no ``endstream`` to match (a linear scan).

    ``endstream`` holds ``stream``, so the openings are the count of ``stream`` less the ends.
    """
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return max(0, _count(data, b"stream") - 2 * _count(data, b"endstream"))


def _count(data: mmap.mmap, word: bytes, chunk: int = 8 * _MB) -> int:
    """Occurrences of ``word`` in the map, read a chunk at a time (a window holds every match
    that starts inside its chunk and nothing that starts after it)."""
    return sum(
        data[at : at + chunk + len(word) - 1].count(word) for at in range(0, len(data), chunk)
    )


def _check_zip(path: Path, max_unzipped_bytes: int) -> None:
    if not zipfile.is_zipfile(path):
        raise CorruptFile("the Word file is not a ZIP archive (damaged, or not a .docx)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise CorruptFile(f"the ZIP archive is damaged ({exc})") from exc  # 17.9: no zip version
    if "word/document.xml" not in {i.filename for i in infos}:
        raise CorruptFile("the ZIP archive is not a Word document (no word/document.xml)")
    total = sum(i.file_size for i in infos)
    if len(infos) > 10_000 or total > max_unzipped_bytes:
        raise ZipBomb(
            f"the archive would expand to {total / _MB:.0f} MB in {len(infos)} parts, over the "
            f"{max_unzipped_bytes / _MB:g} MB limit (a zip bomb?)"
        )
    for i in infos:
        if i.file_size > 16 * 1024 * 1024 and i.file_size > BOMB_RATIO * max(i.compress_size, 1):
            raise ZipBomb(
                f"'{i.filename}' would expand {i.file_size // max(i.compress_size, 1)}-fold "
                f"to {i.file_size / _MB:.0f} MB (a zip bomb?)"
            )


def mixed_encoding(data: bytes) -> bool:
    """True when some lines are UTF-8 and others are not (e.g. GBK pasted into UTF-8).

    >>> mixed_encoding(("一行中文\\n" * 3).encode() + ("另一行中文\\n" * 3).encode("gbk"))
    True
    >>> mixed_encoding(("一行中文\\n" * 6).encode("gbk"))
    False
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    good = bad = 0
    for line in data[:4_000_000].splitlines():
        if max(line, default=0) < 0x80:
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
            continue
        if sum(1 for ch in text if ord(ch) > 0x2E80) >= 2:
            good += 1
    return good >= 3 and bad >= 3


def diagnose_encoding(data: bytes) -> str | None:
    """Why text that holds no report may simply be mis-encoded, or None.

    >>> diagnose_encoding("政府信息公开工作年度报告".encode().decode("latin-1").encode())
    'the text is mis-encoded (UTF-8 that was read as Latin-1 and saved again)'
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        latin = sum(1 for ch in text if "\u00c0" <= ch <= "\u00ff")
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if latin >= 8 and cjk < latin // 4:
            try:
                fixed = text.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                fixed = ""
            if "政府" in fixed or "公开" in fixed:
                return "the text is mis-encoded (UTF-8 that was read as Latin-1 and saved again)"
        return None
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        return None
    if any(w in big5 for w in ("政府資訊公開", "政府信息公開", "年度報告", "資訊公開")):
        return "the text is in Big5 (traditional-Chinese) encoding, which is not read; save it as UTF-8"
    return None


def preflight(path: Path, *, max_bytes: int, max_unzipped_bytes: int) -> str:
    """Check a file and return the reader key to route it by; ReadError with a reason otherwise."""
    size = check_file(path, max_bytes)
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if size <= HEAD_BYTES and not head.strip():
        raise EmptyFile("the file is empty: it holds only blank space")
    declared = path.suffix.lower()
    suffix = content_suffix(head)
    if suffix == ".pdf":
        _check_pdf(path, size)
    elif suffix == ".docx":
        _check_zip(path, max_unzipped_bytes)
    elif suffix is None and declared in (".pdf", ".docx"):
        what = "a PDF" if declared == ".pdf" else "a Word .docx file (not a ZIP archive)"
        junk = "binary data of no known format" if looks_binary(head) else "plain text"
        raise CorruptFile(f"the file is not {what}: its content is {junk}")
    elif suffix is None and declared in WORD_SUFFIXES:
        if looks_binary(head):
            raise CorruptFile(
                "the file is not a Word file: its content is binary data of no known format"
            )
        suffix = ".txt"  # old sites save plain text under a .doc name
    suffix = suffix or declared
    if suffix in TEXT_SUFFIXES + HTML_SUFFIXES and not looks_binary(head):
        data = path.read_bytes() if size <= 8_000_000 else head
        if mixed_encoding(data):
            raise MixedEncoding(
                "the text mixes encodings (some lines UTF-8, others GBK or another code page); "
                "save it in one encoding"
            )
    return suffix
