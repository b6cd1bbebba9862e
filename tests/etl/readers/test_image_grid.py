"""Ruled grids on page images: rulings cut by specks, glyphs of a cell beside ruling remnants."""

from __future__ import annotations

import numpy as np

from etl.readers.image_grid import _glyph_box, rulings


def _page(gap_at: int | None) -> np.ndarray:
    """A white 200-dpi page with a 3 x 2 ruled grid drawn one pixel thin."""
    page = np.full((900, 700), 255, dtype=np.uint8)
    for y in (100, 300, 500, 700):
        page[y, 100:601] = 0
    for x in (100, 350, 600):
        page[100:701, x] = 0
    if gap_at is not None:
        page[gap_at : gap_at + 2, 350] = 255  # a white speck on the middle ruling
    return page


def test_a_ruling_cut_by_a_speck_still_spans_its_table():
    # hongze-2023's part 四 at 100 dpi: a speck cut the ruling between the first two
    # cells 12 pt above the table's end; the short piece was lost and "10" and "1"
    # became one cell "10 1": part 四 was 14 numbers of 15 and dropped
    pt = 72 / 200
    for gap in (None, 660):
        middle = [e for e in rulings(_page(gap), 40, pt) if e["orientation"] == "v"]
        middle = [e for e in middle if abs(e["x0"] - 350 * pt) < 2]
        assert len(middle) == 1
        assert middle[0]["top"] <= 100 * pt and middle[0]["bottom"] >= 700 * pt


def test_a_cells_glyph_is_found_beside_its_rulings_blurred_edges():
    # the inside of a cell of a deskewed 100-dpi scan: the left ruling's blurred edge,
    # a grey bottom ruling, specks, and a thin "1" in the middle
    ink = np.zeros((65, 77), dtype=bool)
    ink[:, 0:3] = True  # the left ruling
    ink[63:, :] = True  # the bottom ruling
    ink[5, 60] = ink[40, 10] = True  # specks
    ink[21:46, 38:43] = True  # the "1"
    assert _glyph_box(ink, 12, 1.0) == (21, 46, 38, 43)
    assert _glyph_box(np.pad(np.zeros((20, 20), bool), 0), 12, 1.0) is None
