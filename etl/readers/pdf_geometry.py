"""What is printed where on each page of a PDF: characters and ruling lines.

This is the half of the PDF reader that talks to PDF libraries; ``pdf.py`` turns
its output into paragraphs and table grids. The output is plain geometry in a
top-down *reading frame* (y grows downwards, text reads left to right):

- characters (:class:`Char`) with their boxes, and
- ruling segments as pdfplumber edge dicts, ready for pdfplumber's lattice
  algorithm.

Why PDFium (pypdfium2) rather than pdfplumber: pdfminer's pure-Python parsing is
about ten times slower on the glyph-by-glyph content streams that WPS and Word
write, and reports come in batches.

Why a pdfplumber fallback all the same: PDFium's text page silently skips a
text object whose box has no width, which is what a one-glyph object in an
unembedded CJK font gets when the machine has no font with that glyph. Such a
page would lose characters without any error, so it is read with pdfminer,
which does not need the glyph outlines to place the text.

Why the reading frame: landscape tables are printed on pages with /Rotate 90 or
270, or drawn turned on an upright page. The dominant character angle on the
page decides the turn, so every table reads upright and left to right.

Why rulings are filtered: WPS paints a white box behind every line of text and
Word draws rulings as thin filled rectangles. Only inked strokes and thin inked
fills are rulings; paper-white shapes and large fills are not.
"""

from __future__ import annotations

import ctypes
import math
import os
import unicodedata
from collections.abc import Callable, Generator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from etl.readers.base import CorruptFile, EncryptedPdf

SNAP = 3.0  # pt: rulings closer than this are one line (pdfplumber's default tolerance)
_THIN = 2.5  # pt: a filled shape no thicker than this is a ruling, not a background
_EDGE_KEYS = ("x0", "x1", "top", "bottom", "doctop", "width", "height", "orientation")
_PAPER = 230  # a colour whose r, g and b are all above this is paper-white, not ink

Turn = Callable[[float, float], tuple[float, float]]


@dataclass(slots=True)
class Char:
    """One character and its box in the page's reading frame."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    is_space: bool


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open ``path`` with PDFium; raise CorruptFile or EncryptedPdf with a clear reason.

    The document is loaded through the raw API so that a PDF that parses but has
    an empty page tree can be told apart from a damaged one: pypdfium2 refuses
    both with the same error (and PDFium's last error says "success").
    """
    with path.open("rb") as f:
        head = f.read(1024)
    if not head:
        raise CorruptFile("the file is empty")
    if b"%PDF-" not in head:
        raise CorruptFile("the file is not a PDF (it has no %PDF header)")
    raw = pdfium_c.FPDF_LoadDocument(os.fsencode(path.resolve()) + b"\0", None)
    if not raw:
        code = pdfium_c.FPDF_GetLastError()
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdf("the PDF is encrypted and needs a password to open")
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedPdf("the PDF uses an encryption scheme that cannot be opened")
        raise CorruptFile("the PDF is damaged or truncated and cannot be opened")
    if pdfium_c.FPDF_GetPageCount(raw) < 1:
        pdfium_c.FPDF_CloseDocument(raw)
        raise CorruptFile("the PDF has no pages (its page tree is empty)")
    return pdfium.PdfDocument(raw)  # takes ownership: closing it closes ``raw``


def page_geometry(
    pdf: pdfium.PdfDocument, path: Path
) -> Generator[tuple[list[Char], list[dict]], None, None]:
    """Each page's characters and ruling edges, in page order, in the page's reading frame.

    pdfplumber is opened on ``path`` only when a page has lost text, and closed
    when the iteration ends (use ``contextlib.closing`` if stopping early).
    """
    plumber = None
    try:
        for index in range(len(pdf)):
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
                try:
                    plumber = plumber or pdfplumber.open(path)
                    chars = _plumber_chars(plumber.pages[index], turn)
                except Exception as exc:  # pdfminer is stricter than PDFium on damaged files
                    raise CorruptFile(
                        f"page {index + 1} of the PDF is damaged ({type(exc).__name__}: {exc})"
                    ) from exc
            yield chars, edges
    finally:
        if plumber is not None:
            plumber.close()


def _turn(quarter: int) -> Turn:
    """Map PDF user space to a top-down frame where text at ``quarter``·90° reads left to right."""
    cos, sin = ((1, 0), (0, 1), (-1, 0), (0, -1))[quarter]
    return lambda x, y: (x * cos - y * sin, -(x * sin + y * cos))


_TURNS = [_turn(q) for q in range(4)]


def _page_chars(page: pdfium.PdfPage) -> tuple[list[Char], Turn]:
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
            box: tuple[float, ...] = (rect.left, rect.bottom, rect.right, rect.top)
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


def _frame_char(
    turn: Turn, text: str, left: float, bottom: float, right: float, top: float
) -> Char:
    if "\u2e80" <= text <= "\u2fdf":  # Kangxi radicals some fonts map 一, 二, 人… to
        text = unicodedata.normalize("NFKC", text)
    if turn is _TURNS[0]:
        return Char(text, left, -top, right, -bottom, text.isspace())
    (ax, ay), (bx, by) = turn(left, bottom), turn(right, top)
    return Char(text, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), text.isspace())


def _plumber_chars(page: pdfplumber.page.Page, turn: Turn) -> list[Char]:
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


def _page_objects(page: pdfium.PdfPage, turn: Turn) -> tuple[list[dict], bool]:
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
                edges += _path_edges(obj, _placed(_matrix(obj).multiply(outer), turn))
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


def _placed(m, turn: Turn) -> Turn:
    """A path point through the object's matrix, then into the page's reading frame."""

    def place(x: float, y: float) -> tuple[float, float]:
        return turn(*m.on_point(x, y))

    return place


def _path_edges(obj, place: Turn) -> list[dict]:
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
    if abs(y1 - y0) <= 1 and abs(x1 - x0) >= SNAP:
        x0, x1, y0, y1, orientation = min(x0, x1), max(x0, x1), y0, y0, "h"
    elif abs(x1 - x0) <= 1 and abs(y1 - y0) >= SNAP:
        x0, x1, y0, y1, orientation = x0, x0, min(y0, y1), max(y0, y1), "v"
    else:
        return None
    return dict(zip(_EDGE_KEYS, (x0, x1, y0, y1, y0, x1 - x0, y1 - y0, orientation), strict=True))
