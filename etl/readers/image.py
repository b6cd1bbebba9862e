"""Read page images (scans, photos, screenshots) into paragraphs and table grids.

Flow: image → upright, deskewed page → ``ocr`` text boxes → **layout** → Document.
Used for PNG/JPEG/TIFF files, for PDF pages without a text layer and for images
embedded in Word files; the result is the same Document the other readers make,
so the matcher and the rules work unchanged.

Tables: where rulings are drawn, they are found with OpenCV (long thin runs of
ink) and handed, as ruling segments in points, to the same lattice algorithm
the PDF reader uses; every recognised character goes to the cell its centre
falls in, so a text box that crosses a ruling is split between its cells. Where
no rulings are drawn, the page's characters go through the PDF reader's line
and word grouping, which makes a row of each line that ends in numbers.

Every cell keeps its OCR provenance (:class:`~etl.readers.base.OcrMark`): its box,
the least character confidence and which digits were doubtful.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import replace
from pathlib import Path

import numpy as np
from pdfplumber import table as lattice

from etl import budget
from etl.readers import ocr, raster
from etl.readers.base import (
    Cell,
    CorruptFile,
    Document,
    Locator,
    OcrMark,
    Paragraph,
    TableGrid,
)
from etl.readers.page_layout import add_page, join_words
from etl.readers.pdf_geometry import SNAP, Char
from etl.settings import SETTINGS

#: A digit read with less confidence than this is doubtful (see etl.matcher.ocrtrust).
DIGIT_CONFIDENCE = 0.8
_LABEL_FLOOR = 0.3  # a non-digit character below this is noise (a stray mark), dropped
_LOOKALIKE = {form: digit for digit, forms in ocr.DIGIT_FORMS.items() for form in forms}
_SPECKS = frozenset(".,:;'`·-_、，。：；")
_EDGE_MARKS = frozenset(")）“”\"'")  # doubtful marks dropped at the edge of a bare number
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


def read_image(path: Path) -> Document:
    """Read a PNG/JPEG/TIFF (every frame of a multi-page TIFF) by OCR."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    path = Path(path)
    doc = Document(source_path=path, source_format="image")
    Image.MAX_IMAGE_PIXELS = raster.MAX_PIXELS
    try:
        with Image.open(path) as im:
            for page_no, frame in enumerate(ImageSequence.Iterator(im), start=1):
                ocr_page(doc, page_no, *raster.page_gray(frame))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise CorruptFile(f"the image cannot be decoded ({exc})") from exc
    doc.notes.append("read by OCR")
    return doc


def ocr_page(doc: Document, page_no: int, gray: np.ndarray, dpi: float) -> None:
    """Recognise one page image and append its blocks to ``doc``."""
    budget.more_time(SETTINGS.ocr_page_s)  # seconds, not milliseconds: ask the worker
    gray, dpi = raster.fit(gray, dpi)
    try:
        _read_page(doc, page_no, gray, dpi)
    finally:
        raster.release_memory()


def _read_page(doc: Document, page_no: int, gray: np.ndarray, dpi: float) -> None:
    gray, quads = _upright(gray)
    if not quads:
        return
    boxes = [_clean(b) for b in ocr.recognise(gray, quads)]
    boxes = [b for b in boxes if b.chars]
    pt = 72.0 / dpi
    heights = sorted(b.bottom - b.top for b in boxes) or [20.0]
    edges = _rulings(gray, heights[len(heights) // 2], pt)
    chars: list[tuple[Char, ocr.TextBox, ocr.OcrChar]] = []
    for box in boxes:
        for ch in box.chars:
            char = Char(ch.text, ch.x0 * pt, box.top * pt, ch.x1 * pt, box.bottom * pt, False)
            chars.append((char, box, ch))
    tables = _ruled_tables(edges, chars)
    for *_, rows in tables:
        _rescue(gray, rows, pt)
    used = {id(c) for *_, rows in tables for row in rows for _, cell, _ in row for c in cell}
    free = [c for c in chars if id(c) not in used]
    bands: list[tuple[float, float, list | None]] = []
    top = -1e9
    for t_top, t_bottom, cells in sorted(tables, key=lambda t: t[0]):
        bands.append((top, t_top, None))
        bands.append((t_top, t_bottom, cells))
        top = t_bottom
    bands.append((top, 1e9, None))
    for lo, hi, band_cells in bands:
        if band_cells is not None:
            _grid(doc, page_no, band_cells, pt)
            continue
        mine = [c for c in free if lo <= (c[0].top + c[0].bottom) / 2 < hi]
        if mine:
            first = len(doc.blocks)
            add_page(doc, page_no, [c[0] for c in mine], [])
            _mark_text_blocks(doc.blocks[first:], mine, pt)


def _upright(gray: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Turn the page upright and remove its skew; return it with its text boxes."""
    quads = ocr.detect(gray)
    if ocr.tall_share(quads) > 0.6:
        gray = np.ascontiguousarray(np.rot90(gray, -1))
        quads = ocr.detect(gray)
    if quads and ocr.upside_down(gray, quads):
        gray = np.ascontiguousarray(np.rot90(gray, 2))
        quads = ocr.detect(gray)
    angle = ocr.skew_degrees(quads)
    if abs(angle) > 0.15:
        # the boxes turn with the page, not detected again (that cost a tenth of the
        # page's CPU): each keeps its centre and side lengths and is set upright, which
        # is as tight as a box found on the straight page (turning its corners is not:
        # a box found on the skewed page is slanted, and its upright hull takes in
        # rulings and neighbouring rows)
        quads = [_turn_box(q, gray.shape, angle) for q in quads]
        gray = _rotate(gray, angle)
    return gray, quads


def _turn_box(q: np.ndarray, shape: tuple, degrees: float) -> np.ndarray:
    """A box found on the skewed page, on the turned page: same centre and sides, upright."""
    import cv2

    h, w = shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cx, cy = matrix[:, :2] @ q.mean(axis=0) + matrix[:, 2]
    half_w = float(np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3])) / 4
    half_h = float(np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 4
    corners = [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)]
    return np.array([(cx + dx, cy + dy) for dx, dy in corners], dtype=np.float32)


def _rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    """The page turned by ``degrees`` about its centre."""
    import cv2

    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(
        gray,
        matrix,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )


def _clean(box: ocr.TextBox) -> ocr.TextBox:
    """Fold full-width forms, read look-alikes as digits in numbers, drop noise characters.

    The confidence of a look-alike read as a digit ("З" for 3, "O" for 0) is
    already that of the digit (see ``ocr.DIGIT_FORMS``).
    """
    chars = []
    for ch in box.chars:
        text = unicodedata.normalize("NFKC", ch.text)
        if not text.strip():
            continue
        if not text.isdigit() and ch.confidence < _LABEL_FLOOR:
            continue
        chars.append(replace(ch, text=text))
    while chars and chars[0].text in _SPECKS and chars[0].confidence < 0.95:
        chars.pop(0)  # a speck of dirt before a label
    if any(c.text.isdigit() for c in chars):
        chars = _number_specks(chars)
    texts = "".join(c.text for c in chars)
    if texts and len(texts) <= 8 and all(t.isdigit() or t in _LOOKALIKE for t in texts):
        chars = [replace(c, text=_LOOKALIKE.get(c.text, c.text)) for c in chars]
    return replace(box, chars=tuple(_zeros(chars)))


def _number_specks(chars: list[ocr.OcrChar]) -> list[ocr.OcrChar]:
    """Specks around a number dropped; a point inside it kept only when clear (26.55 万元)."""
    chars = list(chars)
    while chars and chars[-1].text in _SPECKS:
        chars.pop()
    while chars and chars[0].text in _SPECKS:
        chars.pop(0)  # a number never starts with a point
    core = list(chars)
    while core and core[-1].text in _EDGE_MARKS and core[-1].confidence < 0.9:
        core.pop()  # a ruling or quote mark read beside a cell's number: "0)", "“0"
    while core and core[0].text in _EDGE_MARKS and core[0].confidence < 0.9:
        core.pop(0)
    if core and all(c.text.isdigit() or c.text in _LOOKALIKE or c.text in _SPECKS for c in core):
        chars = [c for c in core if c.text not in _SPECKS or c.confidence >= 0.9]
    return chars


def _zeros(chars: list[ocr.OcrChar]) -> list[ocr.OcrChar]:
    """〇 beside a digit or before a unit is a zero: 处理费〇元."""
    out = list(chars)
    for i, c in enumerate(chars):
        after = chars[i + 1].text if i + 1 < len(chars) else ""
        before = out[i - 1].text if i else ""
        if c.text in "〇○" and (after.isdigit() or before.isdigit() or after in ("元", "件")):
            out[i] = replace(c, text="0")
    return out


def _rulings(gray: np.ndarray, text_height: float, pt: float) -> list[dict]:
    """Horizontal and vertical rulings as pdfplumber edges, in points."""
    import cv2

    h, w = gray.shape
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    edges: list[dict] = []
    for orientation in ("h", "v"):
        length = int(max(2.5 * text_height, (w if orientation == "h" else h) / 40))
        size = (length, 1) if orientation == "h" else (1, length)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        bridge = (9, 1) if orientation == "h" else (1, 9)
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, bw, bh, _area in stats[1:n]:
            if orientation == "h" and bh < 0.5 * text_height:
                mid = (y + bh / 2) * pt
                edges.append(_edge(x * pt - 2, x * pt + bw * pt + 2, mid, mid, "h"))
            elif orientation == "v" and bw < 0.5 * text_height:
                mid = (x + bw / 2) * pt
                edges.append(_edge(mid, mid, y * pt - 2, y * pt + bh * pt + 2, "v"))
    return edges


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


_Placed = tuple[Char, ocr.TextBox, ocr.OcrChar]


def _ruled_tables(
    edges: list[dict], chars: list[_Placed]
) -> list[tuple[float, float, list[list[tuple[bool, list[_Placed], tuple | None]]]]]:
    """Ruled tables of two or more columns: (top, bottom, rows of cells).

    A cell is (is_span_copy, its characters, its box in points): a position
    covered by a merged cell repeats the merged cell's characters as a copy.
    """
    if not edges:
        return []
    edges = lattice.merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    points = lattice.edges_to_intersections(edges, SNAP, SNAP)
    out = []
    taken: set[int] = set()
    for cells in lattice.cells_to_tables(lattice.intersections_to_cells(points)):
        xs, tops = sorted({c[0] for c in cells}), sorted({c[1] for c in cells})
        if len(xs) < 2 or len(tops) < 2:
            continue
        owner: dict[tuple[int, int], tuple] = {}
        for cell in cells:
            for r in range(bisect_left(tops, cell[1]), bisect_left(tops, cell[3])):
                for c in range(bisect_left(xs, cell[0]), bisect_left(xs, cell[2])):
                    owner.setdefault((r, c), cell)
        inside = _chars_inside(cells, owner, xs, tops, [p for p in chars if id(p) not in taken])
        if not any(inside.values()):
            continue
        rows = _grid_rows(owner, inside, xs, tops)
        taken.update(id(p) for row in rows for _, placed, _ in row for p in placed)
        bottom = max(c[3] for c in cells)
        out.append((tops[0], bottom, rows))
    return out


def _chars_inside(
    cells: list[tuple],
    owner: dict[tuple[int, int], tuple],
    xs: list[float],
    tops: list[float],
    chars: list[_Placed],
) -> dict[tuple, list[_Placed]]:
    """The characters whose centre lies in each cell of one table."""
    inside: dict[tuple, list[_Placed]] = {cell: [] for cell in cells}
    for placed in chars:
        ch = placed[0]
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        hit = owner.get((bisect_right(tops, cy) - 1, bisect_right(xs, cx) - 1))
        if hit is not None and hit[0] <= cx < hit[2] and hit[1] <= cy < hit[3]:
            inside[hit].append(placed)
    return inside


def _grid_rows(
    owner: dict[tuple[int, int], tuple],
    inside: dict[tuple, list[_Placed]],
    xs: list[float],
    tops: list[float],
) -> list[list[tuple[bool, list[_Placed], tuple | None]]]:
    """Every grid position of one table: its cell (or a copy of the merged cell over it)."""
    rows = []
    for r, top in enumerate(tops):
        row: list[tuple[bool, list[_Placed], tuple | None]] = []
        for c, x in enumerate(xs):
            at = owner.get((r, c))
            if at is None:
                row.append((False, [], None))
            else:
                row.append((at[:2] != (x, top), inside[at], at))
        rows.append(row)
    return rows


def _rescue(gray: np.ndarray, rows: list, pt: float) -> None:
    """Recognise the ink of ruled cells where detection found no text (a thin "1" is missed)."""
    found: list[tuple[list, np.ndarray]] = []
    for row in rows:
        for copy, placed, cell in row:
            if copy or placed or cell is None:
                continue
            x0, top, x1, bottom = (round(v / pt) for v in cell[:4])
            inner = gray[top + 4 : bottom - 3, x0 + 4 : x1 - 3]
            if inner.size == 0:
                continue
            ink = inner < 140
            if ink.sum() < 12:
                continue
            ys, xs = np.nonzero(ink)
            pad = 4
            y0, y1 = max(0, ys.min() - pad), min(inner.shape[0], ys.max() + pad + 1)
            xa, xb = max(0, xs.min() - pad), min(inner.shape[1], xs.max() + pad + 1)
            quad = np.array(
                [
                    [x0 + 4 + xa, top + 4 + y0],
                    [x0 + 4 + xb, top + 4 + y0],
                    [x0 + 4 + xb, top + 4 + y1],
                    [x0 + 4 + xa, top + 4 + y1],
                ],
                dtype=np.float32,
            )
            found.append((placed, quad))
    if not found:
        return
    for (placed, _), box in zip(found, ocr.recognise(gray, [q for _, q in found]), strict=True):
        box = _clean(box)
        for ch in box.chars:
            char = Char(ch.text, ch.x0 * pt, box.top * pt, ch.x1 * pt, box.bottom * pt, False)
            placed.append((char, box, ch))


def _grid(doc: Document, page_no: int, rows: list, pt: float) -> None:
    block, table = len(doc.blocks), len(doc.tables) + 1
    grid_rows = []
    for r, row in enumerate(rows):
        cells = []
        for c, (copy, placed, box) in enumerate(row):
            loc = Locator(block=block, row=r, col=c, page=page_no, table=table)
            if copy:
                cells.append(Cell(_text(placed), loc, is_span_copy=True))
            else:
                mark = _mark(placed) or _blank_mark(box)
                cells.append(Cell(_text(placed), replace(loc, ocr=mark)))
        grid_rows.append(cells)
    doc.blocks.append(TableGrid(rows=grid_rows, aligned=True, page=page_no))


def _blank_mark(box: tuple | None) -> OcrMark | None:
    """A ruled cell in which OCR found no ink: blank as far as the scan shows."""
    if box is None:
        return None
    return OcrMark(tuple(round(v) for v in box[:4]), 1.0)


def _text(placed: list[_Placed]) -> str:
    """A cell's text: its boxes top to bottom, each box's characters left to right."""
    text = ""
    by_box: dict[int, list[_Placed]] = {}
    for p in placed:
        by_box.setdefault(id(p[1]), []).append(p)
    for group in sorted(by_box.values(), key=lambda g: (g[0][1].top, g[0][1].x0)):
        text = join_words(text, "".join(p[2].text for p in sorted(group, key=lambda p: p[0].x0)))
    return text


def _mark(placed: list[_Placed]) -> OcrMark | None:
    if not placed:
        return None
    x0 = min(p[0].x0 for p in placed)
    x1 = max(p[0].x1 for p in placed)
    top = min(p[0].top for p in placed)
    bottom = max(p[0].bottom for p in placed)
    ordered = sorted(placed, key=lambda p: (p[1].top, p[0].x0))
    weak = "".join(
        "?" if p[2].text.isdigit() and p[2].confidence < DIGIT_CONFIDENCE else p[2].text
        for p in ordered
    )
    return OcrMark(
        (round(x0), round(top), round(x1), round(bottom)),
        round(min(p[2].confidence for p in placed), 3),
        weak if "?" in weak else None,
    )


def _mark_text_blocks(blocks: list, placed: list[_Placed], pt: float) -> None:
    """Give the cells ``add_page`` made from OCR characters their provenance.

    The characters went in line by line, left to right, so each cell's text is
    found again by walking the characters forward in that order.
    """
    order: list[_Placed] = []
    line: list[_Placed] = []
    for p in sorted(placed, key=lambda p: p[0].top + p[0].bottom):
        mid, size = (p[0].top + p[0].bottom) / 2, p[0].bottom - p[0].top
        if line and abs(mid - (line[0][0].top + line[0][0].bottom) / 2) > 0.4 * size:
            order += sorted(line, key=lambda q: q[0].x0)
            line = []
        line.append(p)
    order += sorted(line, key=lambda q: q[0].x0)
    texts = [p[2].text for p in order]
    pos = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            continue
        for row in block.rows:
            for i, cell in enumerate(row):
                wanted = cell.text.replace(" ", "")
                start = _find(texts, wanted, pos) if wanted else None
                if start is None:
                    continue
                pos = start + len(wanted)
                row[i] = replace(cell, locator=replace(cell.locator, ocr=_mark(order[start:pos])))


def _find(texts: list[str], wanted: str, pos: int) -> int | None:
    for start in range(pos, len(texts)):
        if wanted.startswith(texts[start]) and "".join(
            texts[start : start + len(wanted)]
        ).startswith(wanted):
            return start
    return None
