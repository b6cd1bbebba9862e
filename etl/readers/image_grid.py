"""Ruled tables on a page image: rulings found with OpenCV, cells by the PDF lattice.

Flow: page image → **image_grid** (rulings, cells, characters per cell) → ``image``
(Document). Rulings are long thin runs of ink; they are handed, as segments in
points, to the same lattice algorithm the PDF reader uses, and every recognised
character goes to the cell its centre falls in, so a text box that crosses a
ruling is split between its cells. A ruled cell where detection found no text
but the scan shows ink (a thin "1") is recognised on its own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np
from pdfplumber import table as lattice

from etl.readers import ocr
from etl.readers.ocr_text import clean
from etl.readers.pdf_geometry import SNAP, Char


def rulings(gray: np.ndarray, text_height: float, pt: float) -> list[dict]:
    """Horizontal and vertical rulings as pdfplumber edges, in points.

    Ink is found at full size (a thin ruling stays ink), then looked at on a
    half-size mask where any of four pixels is ink: the long-run search and the
    labelling of its pieces, most of this step's cost, see a quarter of the pixels.
    """
    import cv2

    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    f = 2 if text_height >= 12 else 1  # pixels of the page per pixel of the mask
    if f > 1:
        h2, w2 = ink.shape[0] // f, ink.shape[1] // f
        ink = cv2.resize(ink[: h2 * f, : w2 * f], (w2, h2), interpolation=cv2.INTER_AREA)
        ink = cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY)[1]
    h, w = ink.shape
    height, scale = text_height / f, pt * f
    edges: list[dict] = []
    for orientation in ("h", "v"):
        length = int(max(2.5 * height, (w if orientation == "h" else h) / 40))
        size = (length, 1) if orientation == "h" else (1, length)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        # a speck of white on a thin ruling (a 100-dpi scan's line is one pixel) cuts it,
        # and the piece beyond is too short to count: small gaps along it are closed
        # first, on a mask fine enough that text strokes stay apart (at 50 dpi a column
        # of digits closed into a "ruling" through its rows)
        line = ink
        if 72 / scale >= 90:
            gap = (3, 1) if orientation == "h" else (1, 3)
            line = cv2.morphologyEx(
                ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, gap)
            )
        mask = cv2.morphologyEx(line, cv2.MORPH_OPEN, kernel)
        reach = 9 // f + (f > 1)
        bridge = (reach, 1) if orientation == "h" else (1, reach)
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, bw, bh, _area in stats[1:n]:
            if orientation == "h" and bh < 0.5 * height:
                mid = (y + bh / 2) * scale
                edges.append(_edge(x * scale - 2, (x + bw) * scale + 2, mid, mid, "h"))
            elif orientation == "v" and bw < 0.5 * height:
                mid = (x + bw / 2) * scale
                edges.append(_edge(mid, mid, y * scale - 2, (y + bh) * scale + 2, "v"))
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


Placed = tuple[Char, ocr.TextBox, ocr.OcrChar]


def ruled_tables(
    edges: list[dict], chars: list[Placed]
) -> list[tuple[float, float, list[list[tuple[bool, list[Placed], tuple | None]]]]]:
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
    chars: list[Placed],
) -> dict[tuple, list[Placed]]:
    """The characters whose centre lies in each cell of one table."""
    inside: dict[tuple, list[Placed]] = {cell: [] for cell in cells}
    for placed in chars:
        ch = placed[0]
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        hit = owner.get((bisect_right(tops, cy) - 1, bisect_right(xs, cx) - 1))
        if hit is not None and hit[0] <= cx < hit[2] and hit[1] <= cy < hit[3]:
            inside[hit].append(placed)
    return inside


def _grid_rows(
    owner: dict[tuple[int, int], tuple],
    inside: dict[tuple, list[Placed]],
    xs: list[float],
    tops: list[float],
) -> list[list[tuple[bool, list[Placed], tuple | None]]]:
    """Every grid position of one table: its cell (or a copy of the merged cell over it)."""
    rows = []
    for r, top in enumerate(tops):
        row: list[tuple[bool, list[Placed], tuple | None]] = []
        for c, x in enumerate(xs):
            at = owner.get((r, c))
            if at is None:
                row.append((False, [], None))
            else:
                row.append((at[:2] != (x, top), inside[at], at))
        rows.append(row)
    return rows


def rescue(gray: np.ndarray, rows: list, pt: float) -> None:
    """Recognise the ink of ruled cells where detection found no text (a thin "1" is missed).

    Sizes are set at 200 dpi and scale with the page's resolution (``pt`` points
    a pixel): a 100-dpi scan's thin "1" has a quarter of the ink pixels.
    """
    k = 0.36 / pt  # the page's pixels per pixel at 200 dpi
    inset, tail, pad = max(2, round(4 * k)), max(2, round(3 * k)), max(2, round(4 * k))
    least_ink = max(4, round(12 * k * k))
    found: list[tuple[list, np.ndarray]] = []
    for row in rows:
        for copy, placed, cell in row:
            if copy or placed or cell is None:
                continue
            x0, top, x1, bottom = (round(v / pt) for v in cell[:4])
            inner = gray[top + inset : bottom - tail, x0 + inset : x1 - tail]
            if inner.size == 0:
                continue
            ink = _glyph_box(inner < 140, least_ink, k)
            if ink is None:
                continue
            ya, yb, xa, xb = ink
            y0, y1 = max(0, ya - pad), min(inner.shape[0], yb + pad)
            xa, xb = max(0, xa - pad), min(inner.shape[1], xb + pad)
            left, up = x0 + inset, top + inset
            quad = np.array(
                [
                    [left + xa, up + y0],
                    [left + xb, up + y0],
                    [left + xb, up + y1],
                    [left + xa, up + y1],
                ],
                dtype=np.float32,
            )
            found.append((placed, quad))
    if not found:
        return
    for (placed, _), box in zip(found, ocr.recognise(gray, [q for _, q in found]), strict=True):
        box = clean(box)
        for ch in box.chars:
            char = Char(ch.text, ch.x0 * pt, box.top * pt, ch.x1 * pt, box.bottom * pt, False)
            placed.append((char, box, ch))


def _glyph_box(ink: np.ndarray, least_ink: int, k: float) -> tuple[int, int, int, int] | None:
    """The box (top, bottom, left, right) of a cell's glyphs; None when there are none.

    The cell's inside still holds the blurred edge of its rulings on a poor scan
    (a 100-dpi page turned straight) and specks: a piece of ink along the crop's
    edge that is a line (thin, or as long as the side) and a speck are no glyph.
    Read with them, a lone "1" came out as "区".
    """
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    h, w = ink.shape
    thin, speck = max(2, round(3 * k)), max(3, round(6 * k * k))
    kept = []
    for x, y, bw, bh, area in stats[1:n]:
        edge = x == 0 or y == 0 or x + bw == w or y + bh == h
        line = min(bw, bh) <= thin or bw >= 0.8 * w or bh >= 0.8 * h
        if area >= speck and not (edge and line):
            kept.append((x, y, bw, bh, area))
    if sum(a for *_, a in kept) < least_ink:
        return None
    return (
        min(y for _, y, _, _, _ in kept),
        max(y + bh for _, y, _, bh, _ in kept),
        min(x for x, _, _, _, _ in kept),
        max(x + bw for x, _, bw, _, _ in kept),
    )
