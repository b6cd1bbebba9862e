"""Read old Word (.doc), WPS (.wps) and RTF reports by converting them to .docx first.

First stage of the flow for formats no Python library reads well (file →
**reader** → grid → matcher). LibreOffice converts the file headless into a
private temporary directory, with its own throwaway user profile so concurrent
conversions never share (and lock) one; ``read_docx`` then reads the result and
the Document keeps the source's format name ("doc", "wps", "rtf").

Files are sniffed before LibreOffice sees them: a ".doc" that is really a .docx
or a saved web page is read directly, and content that is none of the formats
LibreOffice would read as a document is refused (LibreOffice would otherwise
import any bytes as plain text).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from etl import budget
from etl.readers.base import CorruptFile, Document, MissingConverter, UnsupportedFormat
from etl.readers.docx import read_docx
from etl.readers.html import read_html
from etl.settings import SETTINGS

DEFAULT_TIMEOUT_S = SETTINGS.office_timeout_s  # cut to fit the file's time left (etl.budget)
FORMATS = {".doc": "doc", ".wps": "wps", ".rtf": "rtf"}
# Other names a Word document travels under; spreadsheets and slides (also OLE2) are not.
_WORD_FAMILY = frozenset({"", ".docx", ".dot", ".dotx", ".wpt"})
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def find_soffice() -> str | None:
    """The LibreOffice program on PATH (``soffice`` or ``libreoffice``), if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def sniff_content(head: bytes) -> str | None:
    """What the first bytes say the file is: "ole2", "rtf", "docx", "html", "xml", "mime"."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(_OLE2):
        return "ole2"  # Word 97-2003 and WPS documents
    if start.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    lower = start[:1024].lower()
    if lower.startswith((b"<!doctype html", b"<html")) or b"<html" in lower:
        return "html"  # Word's "save as web page", renamed .doc
    if lower.startswith(b"<?xml"):
        return "xml"  # Word 2003 XML
    if lower.startswith(b"mime-version:"):
        return "mime"  # single-file web page (.mht) renamed .doc
    return None


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """End the converter and its children (soffice runs soffice.bin under a launcher)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def convert_to_docx(
    path: Path,
    workdir: Path,
    *,
    soffice: str,
    timeout: float = DEFAULT_TIMEOUT_S,
    suffix: str | None = None,
) -> Path:
    """Convert ``path`` with LibreOffice into ``workdir``; return the .docx (CorruptFile if none).

    The input is copied under a plain ASCII name first, so file names with
    spaces, leading dashes or Chinese characters under a C locale cannot trip
    the command line.
    """
    source = workdir / f"input{suffix or path.suffix.lower()}"
    shutil.copyfile(path, source)
    outdir = workdir / "out"
    profile = workdir / "profile"
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(source),
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=workdir,
        start_new_session=True,  # its own process group, so a timeout ends all of it
    )
    timeout = budget.program_limit(timeout)
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise CorruptFile(
            f"LibreOffice did not finish converting the file within {timeout:.0f} s"
        ) from exc
    result = outdir / "input.docx"
    if not result.is_file() or result.stat().st_size == 0:
        detail = next(
            (
                line.strip()
                for line in stderr.decode("utf-8", "replace").splitlines()
                if line.strip() and "javaldx" not in line
            ),
            "",
        )
        reason = f" ({detail})" if detail else ""
        raise CorruptFile(
            f"LibreOffice could not convert the file to .docx; it is damaged or not a "
            f"Word/WPS/RTF document{reason}"
        )
    return result


def read_office(
    path: Path, *, timeout: float = DEFAULT_TIMEOUT_S, soffice: str | None = None
) -> Document:
    """Read a .doc/.wps/.rtf report through a LibreOffice conversion to .docx."""
    path = Path(path)
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = sniff_content(head)
    fmt = FORMATS.get(suffix)
    if fmt is None and suffix in _WORD_FAMILY:
        # An old .doc renamed .docx (or saved without extension) is still converted.
        fmt = {"ole2": "doc", "rtf": "rtf"}.get(kind or "")
    if fmt is None:
        raise UnsupportedFormat(f"'{suffix or path.name}' files are not read through LibreOffice")
    if not head.strip():
        raise CorruptFile("the file is empty")
    if kind == "docx":
        doc = read_docx(path)
    elif kind == "html":
        doc = read_html(path)
    elif kind is None:
        raise CorruptFile(
            f"not a valid .{fmt} file (its content is not a Word, WPS or RTF document)"
        )
    else:
        # LibreOffice is handed the name that matches the content it is about to read.
        name_suffix = {"ole2": f".{fmt}" if fmt != "rtf" else ".doc", "rtf": ".rtf"}.get(
            kind, suffix
        )
        doc = _read_converted(path, name_suffix, timeout=timeout, soffice=soffice)
    if kind in ("docx", "html"):
        doc.notes.append(f"the {suffix} file is really a {kind} file; read as such")
    doc.source_path = path
    doc.source_format = fmt
    return doc


def _read_converted(path: Path, suffix: str, *, timeout: float, soffice: str | None) -> Document:
    program = soffice or find_soffice()
    if program is None:
        raise MissingConverter(
            f"reading {suffix} files needs LibreOffice (the 'soffice' program); "
            "install it, e.g. apt-get install libreoffice-writer"
        )
    workdir = Path(tempfile.mkdtemp(prefix="xxgk-soffice-"))
    try:
        docx_path = convert_to_docx(path, workdir, soffice=program, timeout=timeout, suffix=suffix)
        try:
            doc = read_docx(docx_path)
        except CorruptFile as exc:
            raise CorruptFile(
                f"the file converted by LibreOffice could not be read: {exc}"
            ) from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    doc.notes.append("converted to .docx with LibreOffice")
    return doc
