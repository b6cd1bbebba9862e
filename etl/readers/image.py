"""Read page images (scans, photos, screenshots) into paragraphs and table grids.

Flow: image → upright, deskewed page → ``ocr`` text boxes → **layout** → Document.
Used for PNG/JPEG/TIFF files, for PDF pages without a text layer and for images
embedded in Word files; the result is the same Document the other readers make,
so the matcher and the rules work unchanged.

Tables: where rulings are drawn, ``image_grid`` finds them and puts every
recognised character in its cell. Where no rulings are drawn, the page's
characters go through the PDF reader's line and word grouping, which makes a row
of each line that ends in numbers.

Every cell keeps its OCR provenance (:class:`~etl.readers.base.OcrMark`): its box,
the least character confidence and which digits were doubtful.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

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
from etl.readers.image_grid import Placed, rescue, ruled_tables, rulings
from etl.readers.ocr_text import clean
from etl.readers.page_layout import add_page, join_words
from etl.readers.pdf_geometry import Char
from etl.settings import SETTINGS

#: A digit read with less confidence than this is doubtful (see etl.matcher.ocrtrust).
DIGIT_CONFIDENCE = 0.8
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
    boxes = [clean(b) for b in ocr.recognise(gray, quads)]
    boxes = [b for b in boxes if b.chars]
    pt = 72.0 / dpi
    heights = sorted(b.bottom - b.top for b in boxes) or [20.0]
    edges = rulings(gray, heights[len(heights) // 2], pt)
    chars: list[Placed] = []
    for box in boxes:
        for ch in box.chars:
            char = Char(ch.text, ch.x0 * pt, box.top * pt, ch.x1 * pt, box.bottom * pt, False)
            chars.append((char, box, ch))
    tables = ruled_tables(edges, chars)
    for *_, rows in tables:
        rescue(gray, rows, pt)
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


def _text(placed: list[Placed]) -> str:
    """A cell's text: its boxes top to bottom, each box's characters left to right."""
    text = ""
    by_box: dict[int, list[Placed]] = {}
    for p in placed:
        by_box.setdefault(id(p[1]), []).append(p)
    for group in sorted(by_box.values(), key=lambda g: (g[0][1].top, g[0][1].x0)):
        text = join_words(text, "".join(p[2].text for p in sorted(group, key=lambda p: p[0].x0)))
    return text


def _mark(placed: list[Placed]) -> OcrMark | None:
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


def _mark_text_blocks(blocks: list, placed: list[Placed], pt: float) -> None:
    """Give the cells ``add_page`` made from OCR characters their provenance.

    The characters went in line by line, left to right, so each cell's text is
    found again by walking the characters forward in that order.
    """
    order: list[Placed] = []
    line: list[Placed] = []
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
