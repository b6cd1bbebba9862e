"""What every reader returns: a Document of text lines and table grids.

Readers know nothing about the template. They turn a file of some format into
ordered blocks: paragraphs of text and rectangular (or ragged) grids of cells,
each cell carrying where it came from so a value can be traced back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import XxgkError


class ReadError(XxgkError):
    """A file could not be read; the message is one clear sentence for the user."""


class UnsupportedFormat(ReadError):
    """The file's format is not one xxgk reads."""


class MissingConverter(ReadError):
    """A program needed to read this format (e.g. LibreOffice) is not installed."""


class EncryptedPdf(ReadError):
    """The PDF is encrypted and cannot be opened without a password."""


class ScannedPdf(ReadError):
    """The PDF has no text layer (a scan); it cannot be read without OCR."""


class CorruptFile(ReadError):
    """The file is damaged, truncated or not what its extension says."""


class FileTooLarge(ReadError):
    """The file exceeds the configured size cap."""


@dataclass(frozen=True)
class OcrMark:
    """How a cell's text was recognised from a page image (absent for text-layer input).

    ``box`` is the text's box on the page in points (72 per inch, page frame after
    deskew and turning); ``confidence`` the least confident character's score;
    ``weak`` the cell text with each doubtful digit written as ``?`` (e.g. ``"1?5"``),
    or None when every digit was read confidently.
    """

    box: tuple[int, int, int, int]
    confidence: float
    weak: str | None = None


@dataclass(frozen=True)
class Locator:
    """Where a cell sits in its source: enough to find it again by eye."""

    block: int  # index of the block (paragraph or table) in the document
    row: int  # row within the block (0 for a paragraph)
    col: int  # column within the row
    line: int | None = None  # 1-based source line (text formats)
    page: int | None = None  # 1-based page (PDF)
    table: int | None = None  # 1-based index among the document's tables
    ocr: OcrMark | None = None  # set when the text was read from a page image

    def describe(self) -> str:
        """A short human description, e.g. ``p3 table 2 r5 c4``."""
        parts = []
        if self.page is not None:
            parts.append(f"p{self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        parts.append(f"r{self.row + 1} c{self.col + 1}")
        if self.ocr is not None:
            parts.append(f"OCR {self.ocr.confidence:.2f}")
        return " ".join(parts)


@dataclass(frozen=True)
class Cell:
    """One cell's text, as printed, and its place.

    ``is_span_copy`` marks a position covered by a rowspan/colspan of another
    cell: the text is repeated there so labels can be read per row, but the
    matcher must never take a value from a copy.
    """

    text: str
    locator: Locator
    is_span_copy: bool = False
    is_cut: bool = False  # the file ends inside this cell: its text may be incomplete


@dataclass
class TableGrid:
    """Rows of cells from one table (or one run of text lines).

    ``aligned`` is True when columns line up positionally (HTML after span
    expansion, Word tables, ruled PDF tables): there a blank cell inside the
    table is a real, empty cell. Text-derived grids are ragged, and blanks in
    them carry no position.
    """

    rows: list[list[Cell]]
    aligned: bool
    page: int | None = None
    caption: str | None = None


@dataclass
class Paragraph:
    """A run of prose, kept whole (narrative numbers and metadata come from here)."""

    text: str
    locator: Locator


Block = Paragraph | TableGrid


@dataclass
class Document:
    """A file as a reader saw it: ordered blocks, its full text and its title."""

    source_path: Path
    source_format: str  # "text" | "html" | "docx" | "pdf" | ...
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None  # e.g. HTML <title>, PDF metadata title
    is_truncated: bool = False  # the file stops mid-cell (archive excerpts)
    notes: list[str] = field(default_factory=list)  # reader remarks (encoding used...)

    @property
    def text(self) -> str:
        """The document's plain text in reading order (tables as tab rows)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                out.extend(
                    "\t".join(c.text for c in row if not c.is_span_copy) for row in block.rows
                )
        return "\n".join(out)

    @property
    def tables(self) -> list[TableGrid]:
        """The table grids of the document, in order."""
        return [b for b in self.blocks if isinstance(b, TableGrid)]
