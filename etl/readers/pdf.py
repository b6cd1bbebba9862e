"""Read born-digital PDF reports into a Document of paragraphs and table grids.

Flow: file -> **reader** -> grid -> matcher. This module knows PDF geometry only,
nothing of the report template.

PDFium (pypdfium2) supplies each character with its box and each vector path.
Ruling lines come from stroked paths and thin filled bars; large fills are
ignored (WPS paints a white box behind every line of text). pdfplumber's
lattice algorithm (merge edges -> intersections -> cells -> tables) turns the
rulings into cells, so merged cells come out as in pdfplumber. PDFium replaces
pdfplumber's pure-Python pdfminer parsing because it is about ten times faster
on the glyph-by-glyph content streams that WPS and Word write. Where PDFium
loses text (one-glyph text objects in an unembedded CJK font when the machine
has no CJK font), that page's characters are taken from pdfplumber instead.

Per page: chars are turned to the dominant text direction (so pages with
/Rotate 90/270 and landscape tables read upright), assigned to ruled cells,
and the rest grouped into lines. Lines become paragraphs (wrapped lines are
rejoined), except on pages without ruled tables, where lines ending in a run
of numbers become rows of an unaligned grid.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber import table as lattice

from etl.readers.base import (
    Cell,
    CorruptFile,
    Document,
    EncryptedPdf,
    Locator,
    Paragraph,
    ScannedPdf,
    TableGrid,
)

_SNAP = 3.0  # pt: rulings closer than this are one line (pdfplumber's default tolerance)
_THIN = 2.5  # pt: a filled shape no thicker than this is a ruling, not a background
_EDGE_KEYS = ("x0", "x1", "top", "bottom", "doctop", "width", "height", "orientation")
_MAX_EDGES = 3000  # more rulings than any report table has: a drawing, skipped
_PAPER = 230  # a colour whose r, g and b are all above this is paper-white, not ink
_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]"
)
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’]")
_NUMBER = re.compile(r"[-+−]?[0-9０-９]+(?:[,，.．][0-9０-９]+)*(?:件|条|个|项|%)?|[-—–/]")
_PAGE_NO = re.compile(
    r"[-—–－\s]*(?:第\s*)?[0-9０-９]{1,4}\s*页?(?:\s*[,，/]?\s*共\s*\d+\s*页)?[-—–－\s]*"
)
_ENUMERATION = re.compile(
    r"(?:（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、|\d+[.、．](?!\d))"
)
_JUNK_TITLE = re.compile(r"(?i)(?:untitled|无标题|文档|document|title|microsoft word)\s*\d*")


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    is_space: bool


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    size: float


@dataclass(slots=True)
class _Line:
    words: list[_Word]
    top: float
    bottom: float
    x0: float
    x1: float
    size: float


_Table = tuple[float, list[list[tuple[str, bool]]]]  # (top, rows of (text, is_span_copy))


def read_pdf(path: Path) -> Document:
    """Read a born-digital PDF; raise ScannedPdf, EncryptedPdf or CorruptFile when it can't."""
    path = Path(path)
    pdf, plumber = _open(path), None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise CorruptFile("the PDF has no pages")
        doc = Document(source_path=path, source_format="pdf", title=_title(pdf))
        no_text: list[int] = []
        for index in range(n_pages):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise CorruptFile(f"page {index + 1} of the PDF is damaged") from exc
            try:
                chars, turn = _page_chars(page)
                edges, lost = _page_objects(page, turn)
            finally:
                page.close()
            if lost:
                plumber = plumber or pdfplumber.open(path)
                chars = _plumber_chars(plumber.pages[index], turn)
            if all(c.is_space for c in chars):
                no_text.append(index + 1)
            else:
                _add_page(doc, index + 1, chars, edges)
    finally:
        pdf.close()
        if plumber is not None:
            plumber.close()
    if len(no_text) == n_pages:
        raise ScannedPdf("scanned, no text layer")
    if no_text:
        doc.notes.append(f"no text layer on page(s) {', '.join(map(str, no_text))}")
    return doc


def _open(path: Path) -> pdfium.PdfDocument:
    with path.open("rb") as f:
        head = f.read(1024)
    if not head:
        raise CorruptFile("the file is empty")
    if b"%PDF-" not in head:
        raise CorruptFile("the file is not a PDF (it has no %PDF header)")
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdf("the PDF is encrypted and needs a password to open") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedPdf("the PDF uses an encryption scheme that cannot be opened") from exc
        raise CorruptFile("the PDF is damaged or truncated and cannot be opened") from exc


def _title(pdf: pdfium.PdfDocument) -> str | None:
    title = (pdf.get_metadata_dict().get("Title") or "").strip()
    title = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", title)
    title = re.sub(r"(?i)\.(?:docx?|wps|pdf|rtf|txt)$", "", title).strip()
    if _JUNK_TITLE.fullmatch(title) or not re.search(r"[\u4e00-\u9fff]{2}|[A-Za-z]{4}", title):
        return None
    return title


def _turn(quarter: int):
    """Map PDF user space to a top-down frame where text at ``quarter``·90° reads left to right."""
    cos, sin = ((1, 0), (0, 1), (-1, 0), (0, -1))[quarter]
    return lambda x, y: (x * cos - y * sin, -(x * sin + y * cos))


_TURNS = [_turn(q) for q in range(4)]


def _page_chars(page: pdfium.PdfPage) -> tuple[list[_Char], object]:
    """The page's characters in reading frame, and the transform that put them there."""
    textpage = page.get_textpage()
    raw, rect, found, votes = textpage.raw, pdfium_c.FS_RECTF(), [], [0, 0, 0, 0]
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # astral characters: one call per character instead
            codes = (pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(count))
            text = "".join("\ufffd" if 0xD800 <= c <= 0xDFFF else chr(c) for c in codes)
        for i, ch in enumerate(text):
            space = ch.isspace()
            if ch in "\r\n" or (space and pdfium_c.FPDFText_IsGenerated(raw, i)):
                continue  # line breaks and spaces PDFium inferred: geometry decides those here
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect))
            box = (rect.left, rect.bottom, rect.right, rect.top)
            if rect.top - rect.bottom > 24:  # PDFium oversizes vertical-writing (WMode 1) glyphs
                box = _checked_box(raw, i, box)
            if not space:
                quarters = pdfium_c.FPDFText_GetCharAngle(raw, i) / (math.pi / 2)
                if abs(quarters - round(quarters)) > 0.1:
                    continue  # a diagonal watermark or stamp, not text of the page
                votes[round(quarters) % 4] += 1
            found.append((ch, *box))
    finally:
        textpage.close()
    turn = _TURNS[votes.index(max(votes))]
    return [_frame_char(turn, *item) for item in found], turn


def _frame_char(turn, text: str, left: float, bottom: float, right: float, top: float) -> _Char:
    if "\u2e80" <= text <= "\u2fdf":  # Kangxi radicals some fonts map 一, 二, 人… to
        text = unicodedata.normalize("NFKC", text)
    if turn is _TURNS[0]:
        return _Char(text, left, -top, right, -bottom, text.isspace())
    (ax, ay), (bx, by) = turn(left, bottom), turn(right, top)
    return _Char(text, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), text.isspace())


def _plumber_chars(page: pdfplumber.page.Page, turn) -> list[_Char]:
    """The page's characters as pdfminer reads them, put back in PDFium's user space and frame."""
    x0, y0, x1, y1 = page.page_obj.mediabox
    to_user = {  # undo the rotation and MediaBox shift of pdfminer's process_page
        90: lambda u, v: (x1 - v, u + y0),
        180: lambda u, v: (x1 - u, y1 - v),
        270: lambda u, v: (v + x0, y1 - u),
    }.get(page.page_obj.rotate, lambda u, v: (u + x0, v + y0))
    chars = []
    for c in page.chars:
        a, b = c["matrix"][:2]
        if abs(a) > 1e-3 and abs(b) > 1e-3:
            continue  # a diagonal watermark or stamp, as in _page_chars
        (ax, ay), (bx, by) = to_user(c["x0"] - x0, c["y0"]), to_user(c["x1"] - x0, c["y1"])
        chars.append(
            _frame_char(turn, c["text"], min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        )
    page.close()
    return chars


def _checked_box(raw, i: int, box: tuple[float, ...]) -> tuple[float, ...]:
    """The loose box, or an em square round the glyph's ink when the loose box is inflated."""
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(m))
    em = pdfium_c.FPDFText_GetFontSize(raw, i) * math.sqrt(abs(m.a * m.d - m.b * m.c))
    if box[3] - box[1] <= 2 * em:
        return box
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(raw, i, *(ctypes.byref(v) for v in (left, right, bottom, top)))
    cx, cy = (left.value + right.value) / 2, (bottom.value + top.value) / 2
    return (cx - em / 2, cy - em / 2, cx + em / 2, cy + em / 2)


def _page_objects(page: pdfium.PdfPage, turn) -> tuple[list[dict], bool]:
    """Ruling segments as pdfplumber edge dicts in the reading frame, and whether text was lost.

    PDFium's text page skips a text object whose box has no width, which is what a
    one-glyph object in an unembedded font gets when no system font has the glyph.
    """
    edges: list[dict] = []
    lost = False
    box = [ctypes.c_float() for _ in range(4)]
    stack = [(page.raw, False, pdfium.PdfMatrix())]
    while stack:
        container, is_form, outer = stack.pop()
        count = pdfium_c.FPDFFormObj_CountObjects if is_form else pdfium_c.FPDFPage_CountObjects
        get = pdfium_c.FPDFFormObj_GetObject if is_form else pdfium_c.FPDFPage_GetObject
        for i in range(count(container)):
            obj = get(container, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, True, _matrix(obj).multiply(outer)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                m = _matrix(obj).multiply(outer)
                edges += _path_edges(obj, lambda x, y, m=m: turn(*m.on_point(x, y)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT and not lost:
                pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in box))
                font = pdfium_c.FPDFTextObj_GetFont(obj)
                lost = box[2].value - box[0].value < 0.01 and not pdfium_c.FPDFFont_GetIsEmbedded(
                    font
                )
    return edges, lost


def _matrix(obj) -> pdfium.PdfMatrix:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    return pdfium.PdfMatrix.from_raw(m)


def _inked(getter, obj) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, *(ctypes.byref(v) for v in (r, g, b, a))):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) <= _PAPER


def _path_edges(obj, place) -> list[dict]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    stroked = bool(stroke.value) and _inked(pdfium_c.FPDFPageObj_GetStrokeColor, obj)
    filled = bool(fill.value) and _inked(pdfium_c.FPDFPageObj_GetFillColor, obj)
    if not (stroked or filled):
        return []
    subpaths: list[list[tuple[float, float, bool]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        point = (*place(x.value, y.value), kind == pdfium_c.FPDF_SEGMENT_LINETO)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            subpaths[-1].append((*subpaths[-1][0][:2], True))
    edges = []
    for pts in subpaths:
        if stroked:
            edges += [_edge(p[0], p[1], q[0], q[1]) for p, q in pairwise(pts) if q[2]]
        elif len(pts) >= 3:  # a filled bar drawn as a thin rectangle
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            if min(w, h) <= _THIN:
                mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
                ends = (min(xs), my, max(xs), my) if w > h else (mx, min(ys), mx, max(ys))
                edges.append(_edge(*ends))
    return [e for e in edges if e is not None]


def _edge(x0: float, y0: float, x1: float, y1: float) -> dict | None:
    if abs(y1 - y0) <= 1 and abs(x1 - x0) >= _SNAP:
        x0, x1, y0, y1, orientation = min(x0, x1), max(x0, x1), y0, y0, "h"
    elif abs(x1 - x0) <= 1 and abs(y1 - y0) >= _SNAP:
        x0, x1, y0, y1, orientation = x0, x0, min(y0, y1), max(y0, y1), "v"
    else:
        return None
    return dict(zip(_EDGE_KEYS, (x0, x1, y0, y1, y0, x1 - x0, y1 - y0, orientation), strict=True))


def _find_tables(edges: list[dict], chars: list[_Char]) -> tuple[list[_Table], list[_Char]]:
    """Ruled tables of two or more columns, and the characters left outside them."""
    if not edges:
        return [], chars
    edges = lattice.merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    edges = [e for e in edges if max(e["width"], e["height"]) >= _SNAP]
    if len(edges) > _MAX_EDGES:  # a vector drawing or map, not a table: keep it cheap
        return [], chars
    tables = []
    points = lattice.edges_to_intersections(edges, _SNAP, _SNAP)
    for cells in lattice.cells_to_tables(lattice.intersections_to_cells(points)):
        table, rest = _fill_grid(cells, chars)
        if table is not None:
            tables.append(table)
            chars = rest
    return tables, chars


def _fill_grid(cells: list[tuple], chars: list[_Char]) -> tuple[_Table | None, list[_Char]]:
    xs, tops = sorted({c[0] for c in cells}), sorted({c[1] for c in cells})
    if len(xs) < 2:  # a one-column frame round prose is layout, not a table
        return None, chars
    owner: dict[tuple[int, int], tuple] = {}
    for cell in cells:
        for r in range(bisect_left(tops, cell[1]), bisect_left(tops, cell[3])):
            for c in range(bisect_left(xs, cell[0]), bisect_left(xs, cell[2])):
                owner.setdefault((r, c), cell)
    inside: dict[tuple, list[_Char]] = {cell: [] for cell in cells}
    rest = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        cell = owner.get((bisect_right(tops, cy) - 1, bisect_right(xs, cx) - 1))
        if cell is not None and cell[0] <= cx < cell[2] and cell[1] <= cy < cell[3]:
            inside[cell].append(ch)
        else:
            rest.append(ch)
    texts = {cell: _cell_text(found) for cell, found in inside.items()}
    if not any(texts.values()):
        return None, chars
    rows = []
    for r, top in enumerate(tops):
        row = []
        for c, x in enumerate(xs):
            cell = owner.get((r, c))
            row.append(("", False) if cell is None else (texts[cell], cell[:2] != (x, top)))
        rows.append(row)
    return (tops[0], rows), rest


def _lines(chars: list[_Char]) -> list[_Line]:
    """Group characters into visual lines, top to bottom, each split into words at gaps."""
    groups: list[tuple[float, float, list[_Char]]] = []
    for ch in sorted(chars, key=lambda c: c.top + c.bottom):
        mid, size = (ch.top + ch.bottom) / 2, ch.bottom - ch.top
        if groups and abs(mid - groups[-1][0]) <= 0.4 * max(size, groups[-1][1]):
            groups[-1][2].append(ch)
        else:
            groups.append((mid, size, [ch]))
    lines = []
    for _, _, group in groups:
        words: list[_Word] = []
        last, gap = None, False
        for ch in sorted(group, key=lambda c: c.x0):
            size = ch.bottom - ch.top
            if ch.is_space:
                gap = True
            elif last and ch.text == last.text and abs(ch.x0 - last.x0) < 0.3 * size:
                continue  # the same glyph overprinted to fake bold
            elif words and not gap and ch.x0 - words[-1].x1 <= 0.2 * size:
                words[-1].text += ch.text
                words[-1].x1 = max(words[-1].x1, ch.x1)
            else:
                words.append(_Word(ch.text, ch.x0, ch.x1, size))
                gap = False
            last = ch if not ch.is_space else last
        if words:
            top = min(c.top for c in group if not c.is_space)
            bottom = max(c.bottom for c in group if not c.is_space)
            lines.append(_Line(words, top, bottom, words[0].x0, words[-1].x1, bottom - top))
    return lines


def _join(left: str, right: str) -> str:
    """Join wrapped text: no space between CJK (结/果 -> 结果), a space elsewhere (12 / 34)."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    tight = (_CJK.match(a) and _CJK.match(b)) or _CJK_PUNCT.match(a) or _CJK_PUNCT.match(b)
    return left + ("" if tight else " ") + right


def _words_text(words: list[_Word], *, in_cell: bool) -> str:
    """A line's text; a space between CJK words only where the gap is a real column gap."""
    text = words[0].text
    for a, b in pairwise(words):
        wide = not in_cell and b.x0 - a.x1 >= b.size
        cjk = _CJK.match(a.text[-1]) and _CJK.match(b.text[0])
        text += ("" if cjk and not wide else " ") + b.text
    return text


def _cell_text(chars: list[_Char]) -> str:
    text = ""
    for line in _lines(chars):
        text = _join(text, _words_text(line.words, in_cell=True))
    return text


def _numeric_row(line: _Line) -> list[str] | None:
    """``[label, n1, n2, ...]`` when the line ends in a run of numbers set apart from its label."""
    words = line.words
    k = len(words)
    while k and _NUMBER.fullmatch(words[k - 1].text):
        k -= 1
    numbers = [w.text for w in words[k:]]
    if not any(any(ch.isdigit() for ch in n) for n in numbers):
        return None
    if k and len(numbers) == 1 and words[k].x0 - words[k - 1].x1 < 1.5 * line.size:
        return None  # "…会议 7" is a wrapped sentence, not a table row
    if not k and len(numbers) == 1:
        return None
    return ([_words_text(words[:k], in_cell=True)] if k else []) + numbers


def _continues(prev: _Line, line: _Line, left: float, right: float) -> bool:
    """Whether ``line`` carries on the paragraph that ``prev`` wrapped out of."""
    size = max(prev.size, line.size)
    return (
        right - left >= 15 * size
        and prev.x1 >= right - 2 * size
        and line.x0 <= left + 0.6 * size
        and -0.2 * size <= line.top - prev.bottom <= 1.5 * size
        and not _ENUMERATION.match(line.words[0].text)
    )


def _add_page(doc: Document, page_no: int, chars: list[_Char], edges: list[dict]) -> None:
    """Append one page's blocks to ``doc`` in reading order (top to bottom)."""
    tables, free = _find_tables(edges, chars)
    lines = _lines(free)
    tops = [top for top, _ in tables] + [ln.top for ln in lines]
    for i in sorted({0, len(lines) - 1} if lines else (), reverse=True):
        # "- 3 -" / "第 3 页" printed above or below everything else is a page number
        outermost = lines[i].top in (min(tops), max(tops))
        if outermost and _PAGE_NO.fullmatch(_words_text(lines[i].words, in_cell=True)):
            del lines[i]
    items: list[tuple[float, list | _Line]] = [*tables, *((ln.top, ln) for ln in lines)]
    items.sort(key=lambda item: item[0])
    left = min((ln.x0 for ln in lines), default=0.0)
    right = max((ln.x1 for ln in lines), default=0.0)
    run: TableGrid | None = None  # the unruled grid the previous line went into
    para: tuple[Paragraph, _Line] | None = None  # the paragraph the previous line went into
    for _, item in items:
        if not isinstance(item, _Line):
            _new_grid(doc, page_no, item, aligned=True)
            run = para = None
            continue
        row = None if tables else _numeric_row(item)
        if row is not None:
            cells = [(text, False) for text in row]
            if run is None:
                run = _new_grid(doc, page_no, [cells], aligned=False)
            else:
                first = run.rows[0][0].locator
                run.rows.append(_cells(cells, first.block, len(run.rows), first.table, page_no))
            para = None
        elif para is not None and _continues(para[1], item, left, right):
            para[0].text = _join(para[0].text, _words_text(item.words, in_cell=False))
            para = (para[0], item)
        else:
            locator = Locator(block=len(doc.blocks), row=0, col=0, page=page_no)
            doc.blocks.append(Paragraph(_words_text(item.words, in_cell=False), locator))
            para, run = (doc.blocks[-1], item), None


def _new_grid(doc: Document, page_no: int, rows: list, *, aligned: bool) -> TableGrid:
    block, table = len(doc.blocks), len(doc.tables) + 1
    grid = TableGrid(
        rows=[_cells(row, block, r, table, page_no) for r, row in enumerate(rows)],
        aligned=aligned,
        page=page_no,
    )
    doc.blocks.append(grid)
    return grid


def _cells(row: list[tuple[str, bool]], block: int, r: int, table: int | None, page: int) -> list:
    return [
        Cell(text, Locator(block=block, row=r, col=c, page=page, table=table), is_span_copy=copy)
        for c, (text, copy) in enumerate(row)
    ]
