"""Read a Word .docx report into a Document: paragraphs and merge-expanded table grids.

First stage of the flow for ``.docx`` files (file → **reader** → grid → matcher),
and the second half of ``office.py``, which converts .doc/.wps/.rtf to .docx.

python-docx opens the package; the body is then walked in order straight on its
XML (paragraphs and tables interleaved, content controls entered). Tables are
laid out on their grid: a horizontal merge (``gridSpan``, legacy ``hMerge``) or a
vertical one (``vMerge``) puts the origin cell's text on every position it
covers, flagged ``is_span_copy``. Tables nested in a cell are emitted after
their outer table; a one-cell table is a frame and its content is read as body.

The zip is checked before python-docx sees it: not a zip → CorruptFile, and a
total unpacked size above the cap (zip bomb) → CorruptFile.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from etl.readers.base import Cell as GridCell
from etl.readers.base import CorruptFile, Document, Locator, Paragraph, TableGrid
from etl.readers.html import clean_text
from etl.settings import SETTINGS

DEFAULT_MAX_UNPACKED_BYTES = SETTINGS.docx_max_unpacked_bytes
#: Grid positions (rows × columns after gridSpan/gridBefore) all of a document's tables
#: may expand to: a report's tables hold a few thousand; a handful of gridSpan attributes
#: could otherwise ask for hundreds of millions.
MAX_GRID_CELLS = 200_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_VAL = f"{_W}val"
# Containers whose children are read as if they stood in the parent (content controls...).
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"})
_TEXT_TAGS = (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (text, is_span_copy) per grid position; None where no cell reaches (w:gridBefore).
_Slot = tuple[str, bool] | None


def check_zip(path: Path, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES) -> None:
    """Refuse files that are not zips, or whose entries would unpack beyond the cap."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except NotImplementedError as exc:  # its directory asks for a zip version (17.9) or method
        raise CorruptFile(f"the Word file's ZIP archive is damaged ({exc})") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        with Path(path).open("rb") as fh:
            head = fh.read(8)
        if head == _OLE2_MAGIC:
            raise CorruptFile(
                "not a valid Word .docx file (it is an old-format .doc or a password-protected "
                "document)"
            ) from exc
        raise CorruptFile("not a valid Word .docx file (not a zip archive)") from exc
    if total > max_unpacked_bytes:
        raise CorruptFile(
            f"the .docx file would unpack to {total / 2**20:.0f} MB, above the "
            f"{max_unpacked_bytes / 2**20:.0f} MB limit (a zip bomb?)"
        )


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Child elements of ``el``, with content-control and custom-XML wrappers unwrapped."""
    for child in el:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def paragraph_text(p: etree._Element) -> str:
    r"""A paragraph's visible text: runs, hyperlinks, insertions, fields; ``\t``/``\n`` kept.

    Deleted text (``w:delText``) and field codes (``w:instrText``) are other
    elements, so they are left out.
    """
    parts: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        tag = el.tag
        if tag == _TEXT_TAGS[0]:
            if el.text:
                parts.append(el.text)
        elif tag == _TEXT_TAGS[1]:
            parts.append("\t")
        elif tag == _TEXT_TAGS[4]:
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _line_text(line: str) -> str:
    """Clean one body line; tabs survive (Word tab stops often stand in for table columns)."""
    if "\t" not in line:
        return clean_text(line)
    return "\t".join(clean_text(part) for part in line.split("\t")).strip("\t")


def _grid_span(tc_pr: etree._Element | None) -> int:
    if tc_pr is None:
        return 1
    span = tc_pr.find(f"{_W}gridSpan")
    if span is None:
        return 1
    try:
        return max(1, min(int(span.get(_VAL, "1")), 1000))
    except ValueError:
        return 1


def _merge(tc_pr: etree._Element | None, name: str) -> str | None:
    """``"restart"``, ``"continue"`` or None for a ``vMerge``/``hMerge`` property."""
    if tc_pr is None:
        return None
    el = tc_pr.find(f"{_W}{name}")
    if el is None:
        return None
    return el.get(_VAL, "continue")


def _grid_before(tr: etree._Element) -> int:
    tr_pr = tr.find(f"{_W}trPr")
    el = tr_pr.find(f"{_W}gridBefore") if tr_pr is not None else None
    if el is None:
        return 0
    try:
        return max(0, min(int(el.get(_VAL, "0")), 1000))
    except ValueError:
        return 0


def grid_size(tbl: etree._Element) -> int:
    """How many grid positions a table expands to, counted from its XML before building it."""
    total = 0
    for tr in _children(tbl):
        if tr.tag != _TR:
            continue
        total += _grid_before(tr)
        for tc in _children(tr):
            if tc.tag == _TC:
                total += _grid_span(tc.find(f"{_W}tcPr"))
    return total


def expand_table(tbl: etree._Element) -> tuple[list[list[_Slot]], list[etree._Element]]:
    """Lay a Word table out on its grid; also return the tables nested in its cells."""
    grid: list[list[_Slot]] = []
    nested: list[etree._Element] = []
    for tr in _children(tbl):
        if tr.tag != _TR:
            continue
        row: list[_Slot] = [None] * _grid_before(tr)
        above = grid[-1] if grid else []
        for tc in _children(tr):
            if tc.tag != _TC:
                continue
            tc_pr = tc.find(f"{_W}tcPr")
            span = _grid_span(tc_pr)
            col = len(row)
            origin = above[col] if col < len(above) else None
            left = row[-1] if row else None
            if origin is not None and _merge(tc_pr, "vMerge") == "continue":
                # Covered by the cell above: repeat what stands above, column by column.
                for dc in range(span):
                    slot = above[col + dc] if col + dc < len(above) else None
                    row.append(((slot or origin)[0], True))
            elif left is not None and _merge(tc_pr, "hMerge") == "continue":
                row.extend([(left[0], True)] * span)
            else:
                text = _cell_text(tc, nested)
                row.append((text, False))
                row.extend([(text, True)] * (span - 1))
        grid.append(row)
    return grid, nested


def _cell_text(tc: etree._Element, nested: list[etree._Element]) -> str:
    """A cell's paragraphs as text; the tables nested in it go to ``nested``."""
    lines = []
    for child in _children(tc):
        if child.tag == _P:
            lines.append(paragraph_text(child))
        elif child.tag == _TBL:
            nested.append(child)
    return clean_text("\n".join(lines))


def _first_cell(tbl: etree._Element) -> etree._Element:
    return next(
        tc for tr in _children(tbl) if tr.tag == _TR for tc in _children(tr) if tc.tag == _TC
    )


class _Builder:
    """Collects the body's blocks in reading order."""

    def __init__(self) -> None:
        self.blocks: list[Paragraph | TableGrid] = []
        self.n_tables = 0
        self.grid_cells = 0  # grid positions of the tables laid out so far

    def add_paragraph(self, p: etree._Element) -> None:
        for line in paragraph_text(p).split("\n"):
            text = _line_text(line)
            if text:
                self.blocks.append(Paragraph(text, Locator(block=len(self.blocks), row=0, col=0)))

    def add_body(self, container: etree._Element) -> None:
        for child in _children(container):
            if child.tag == _P:
                self.add_paragraph(child)
            elif child.tag == _TBL:
                self.add_table(child)

    def add_table(self, tbl: etree._Element) -> None:
        self.grid_cells += grid_size(tbl)
        if self.grid_cells > MAX_GRID_CELLS:
            raise CorruptFile(
                f"Word 文档中的表格展开后超过 {MAX_GRID_CELLS} 个单元格（合并单元格的跨度异常），"
                "不予读取。"
            )
        layout, nested = expand_table(tbl)
        if len(layout) == 1 and len(layout[0]) == 1 and layout[0][0] and not layout[0][0][1]:
            # A one-cell table frames prose: read its content as body.
            self.add_body(_first_cell(tbl))
            return
        if any(slot and slot[0] for row in layout for slot in row):
            self.n_tables += 1
            block = len(self.blocks)
            rows: list[list[GridCell]] = []
            # Blank rows stay: inside a shown table an empty cell is a 0 (an all-zero
            # part 四 is often printed blank). Only rows no cell starts in are dropped.
            for row in (r for r in layout if any(slot and not slot[1] for slot in r)):
                i = len(rows)
                rows.append(
                    [
                        GridCell(
                            slot[0] if slot else "",
                            Locator(block=block, row=i, col=c, table=self.n_tables),
                            # no cell reaches a gridBefore position: never read a value there
                            is_span_copy=slot[1] if slot else True,
                        )
                        for c, slot in enumerate(row)
                    ]
                )
            self.blocks.append(TableGrid(rows=rows, aligned=True))
        for inner in nested:
            self.add_table(inner)


def read_docx(path: Path, *, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES) -> Document:
    """Read a .docx report; CorruptFile when it is not a Word file, too big, or has no text."""
    path = Path(path)
    check_zip(path, max_unpacked_bytes)
    try:
        word = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise CorruptFile("not a valid Word .docx file (no Word document inside the zip)") from exc
    except (ValueError, KeyError, etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise CorruptFile(f"not a valid Word .docx file ({exc})") from exc
    except (zlib.error, EOFError, NotImplementedError) as exc:  # a part does not unpack
        raise CorruptFile(
            f"the Word file's ZIP archive is damaged: a part does not unpack ({exc})"
        ) from exc
    body = word.element.body
    for fallback in list(body.iter(_FALLBACK)):  # drawings give their text box twice
        fallback.getparent().remove(fallback)
    builder = _Builder()
    try:
        builder.add_body(body)
    except RecursionError as exc:
        raise CorruptFile("the Word document is nested too deeply to read") from exc
    doc = Document(source_path=path, source_format="docx", blocks=builder.blocks)
    images = _ocr_images(word, body, doc)
    if not doc.blocks:
        raise CorruptFile("the Word document holds no text, and OCR found none in its images")
    if images:
        doc.notes.append(f"read by OCR: {images} embedded image(s)")
    title = clean_text(word.core_properties.title or "").removeprefix("Microsoft Word - ")
    if not title:
        first = next((b for b in builder.blocks if isinstance(b, Paragraph)), None)
        title = first.text if first else ""
    doc.title = title or None
    return doc


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_MIN_SIDE = 400  # pixels: smaller pictures are logos and seals, not scanned pages or tables


def _ocr_images(word, body, doc: Document) -> int:
    """OCR the document's large embedded pictures (scanned pages or tables pasted into Word).

    Their blocks follow the text, in the order the pictures appear; each picture
    counts as a page. Returns how many pictures were read.
    """
    import io

    rels = word.part.related_parts
    seen: list[str] = []
    for blip in body.iter(_BLIP):
        rid = blip.get(_EMBED)
        if rid and rid in rels and rid not in seen:
            seen.append(rid)
    if not seen:
        return 0
    try:
        from PIL import Image

        from etl.readers.image import ocr_page
        from etl.readers.raster import page_gray
    except ImportError:
        return 0
    read = 0
    for rid in seen:
        try:
            with Image.open(io.BytesIO(rels[rid].blob)) as im:
                if min(im.size) < _MIN_SIDE:
                    continue
                gray, dpi = page_gray(im)
        except (OSError, ValueError, Image.DecompressionBombError):
            continue
        read += 1
        ocr_page(doc, read, gray, dpi)
    return read
