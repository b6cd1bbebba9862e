"""Page rasters for OCR: what resolution to render at, and how big a page may be.

Every copy the OCR reader makes of a page (deskew, ruling masks, component
labels) is the page's size, so the page's pixel count bounds its memory: a
page over ``OCR_MAX_PIXELS`` (a large photo, a scan at 600 dpi, a PDF page
whose media box is absurd) is shrunk, or rendered smaller, before it is read,
and the freed buffers are handed back to the system after each page.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

OCR_DPI = 200  # PDF pages without a text layer are rendered at (at most) this dpi
MAX_PIXELS = 60_000_000  # a page image larger than this is refused (decompression bombs)
#: A page is read at no more than this many pixels (A3 at 200 dpi, A4 at 300).
OCR_MAX_PIXELS = 9_000_000


def page_gray(image) -> tuple[np.ndarray, float]:
    """A PIL image as a greyscale page of at most ``OCR_MAX_PIXELS``, and its resolution.

    A JPEG is decoded at the reduced size directly (``draft``), so a large photo
    never exists at full size in memory.
    """
    from PIL import Image

    dpi = page_dpi(image.info.get("dpi"), image.size)
    width, height = image.size
    shrink = min(1.0, (OCR_MAX_PIXELS / max(1, width * height)) ** 0.5)
    if shrink < 1.0 and image.format == "JPEG":
        image.draft("L", (int(width * shrink), int(height * shrink)))
    gray = image.convert("L")
    if gray.width * gray.height > OCR_MAX_PIXELS:
        shrink = (OCR_MAX_PIXELS / (gray.width * gray.height)) ** 0.5
        size = (max(1, int(gray.width * shrink)), max(1, int(gray.height * shrink)))
        gray = gray.resize(size, Image.Resampling.BOX)
    return np.array(gray), dpi * gray.width / width


def ocr_dpi(width_pt: float, height_pt: float) -> float:
    """The resolution to render a PDF page at: ``OCR_DPI``, less for a page over the pixel cap."""
    inches = max(1e-6, width_pt / 72) * max(1e-6, height_pt / 72)
    return min(float(OCR_DPI), (OCR_MAX_PIXELS / inches) ** 0.5)


def page_dpi(info, size: tuple[int, int]) -> float:
    """The image's resolution: as recorded when plausible, else assuming an A4 page."""
    if info and 50 <= float(info[0]) <= 1200:
        return float(info[0])
    return max(50.0, min(size) / 8.27)


def fit(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """``gray`` shrunk to at most ``OCR_MAX_PIXELS`` (as is when smaller), and its new dpi."""
    if gray.size <= OCR_MAX_PIXELS:
        return gray, dpi
    import cv2

    shrink = (OCR_MAX_PIXELS / gray.size) ** 0.5
    size = (max(1, int(gray.shape[1] * shrink)), max(1, int(gray.shape[0] * shrink)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), dpi * size[0] / gray.shape[1]


_trim: Callable[[int], int] | bool | None = None  # glibc's malloc_trim, once looked up


def release_memory() -> None:
    """Give the page's freed buffers back to the system (glibc keeps them otherwise)."""
    global _trim
    if _trim is None:
        try:
            import ctypes

            _trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _trim = False
    if callable(_trim):
        _trim(0)
