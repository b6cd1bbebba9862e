"""Packing text boxes into the recogniser's input strips: crops, scale, side by side.

The OCR step (:mod:`etl.readers.ocr`) recognises the boxes of one visual line
together, as one strip of crops scaled to the recogniser's height with ``GAP``
white pixels between them; this module holds that geometry (no model, no text).
"""

from __future__ import annotations

import numpy as np

GAP = 16  # blank pixels between packed boxes in a strip
Box = tuple[float, float, float, float]  # x0, top, x1, bottom in page pixels


def strip_width(strip: list[int], boxes: list[tuple], height: int) -> float:
    """The width of a strip of boxes ``strip`` once scaled to ``height``, gaps included."""
    return sum(
        height * (boxes[k][2] - boxes[k][0]) / max(1.0, boxes[k][3] - boxes[k][1]) + GAP
        for k in strip
    )


def axis_box(q: np.ndarray) -> tuple[float, float, float, float]:
    """The upright bounding box of a quadrilateral."""
    return float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())


def crop(gray: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The page pixels under a quadrilateral's bounding box."""
    return crop_box(gray, axis_box(q))


def crop_box(gray: np.ndarray, box: Box) -> np.ndarray:
    """The page pixels of a box (clipped to the page)."""
    x0, top, x1, bottom = (round(v) for v in box)
    h, w = gray.shape[:2]
    return gray[max(0, top) : min(h, bottom + 1), max(0, x0) : min(w, x1 + 1)]


def pack(
    crops: list[np.ndarray], height: int
) -> tuple[np.ndarray, list[tuple[float, float, float]]]:
    """Crops side by side at ``height``, ``GAP`` white pixels apart.

    Returns the strip and, per crop, its left and right edge in the strip and its scale.
    """
    import cv2

    parts: list[tuple[int, np.ndarray]] = []
    layout: list[tuple[float, float, float]] = []
    x = GAP // 2
    for crop in crops:
        h, w = crop.shape[:2]
        if h == 0 or w == 0:
            layout.append((x, x, 1.0))
            continue
        scale = height / h
        width = max(1, round(w * scale))
        parts.append((x, cv2.resize(crop, (width, height), interpolation=cv2.INTER_AREA)))
        layout.append((x, x + width, scale))
        x += width + GAP
    canvas: np.ndarray = np.full((height, max(x, 2 * height)), 255, dtype=np.uint8)
    for left, image in parts:
        canvas[:, left : left + image.shape[1]] = image
    return canvas, layout
