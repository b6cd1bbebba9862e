"""Optical character recognition of one page image: text boxes with per-character confidence.

Flow: page image → **ocr** → text boxes → ``image`` (layout) → Document. This module
talks to the OCR models and knows nothing of tables or the template.

The models are PP-OCR's detection, recognition and direction-classification
networks as shipped inside the ``rapidocr-onnxruntime`` wheel and run by
onnxruntime on the CPU: nothing is downloaded at run time.

Why not rapidocr's own pipeline: it recognises every box separately at a width
of at least 320 px (a lone "0" costs as much as a line of text) and reports one
mean confidence per box. Report tables are mostly short numbers, so boxes of a
visual line are packed side by side into one strip and recognised together, and
the CTC output is decoded here so that every character carries its own
confidence and x position. A doubtful digit can then be named, and a box that
crosses a ruling line can be split between the cells it covers.

Page orientation: a page turned by 90° shows tall text boxes; it is turned
upright, and the direction model decides between upright and upside down.
Small skew (scans, photos) is measured from the boxes' slope and removed.
"""

from __future__ import annotations

import itertools
import math
import threading
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from etl.readers import ocr_graph
from etl.readers.ocr_strips import GAP, Box, axis_box, crop, crop_box, pack, strip_width

_STRIP_H = 48  # the recogniser's input height (what it was trained at): digits are read here
_FAST_H = 28  # text lines are first read at this height (about 0.4 of the full cost)
# (28: 8 % faster than 32 with the same bench accuracy at 150/200 dpi, one cell less at 100;
# 24 loses whole rows of labels at 100 dpi)
_MAX_STRIP_W = 800  # pack no more than this many pixels into one strip (cost per pixel grows)
_DET_SIDE = 1024  # detection sees the page scaled to at most this many pixels a side
_SURE = 0.9  # a line read at the fast height with a character below this is read again
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class OcrChar:
    """One recognised character: its text, horizontal extent in page pixels, confidence."""

    text: str
    x0: float
    x1: float
    confidence: float


@dataclass(frozen=True, slots=True)
class TextBox:
    """One detected line of text, axis-aligned in page pixels, with its characters."""

    x0: float
    top: float
    x1: float
    bottom: float
    chars: tuple[OcrChar, ...]

    @property
    def text(self) -> str:
        """The recognised text."""
        return "".join(c.text for c in self.chars)

    @property
    def confidence(self) -> float:
        """The least confident character's confidence (0 when nothing was read)."""
        return min((c.confidence for c in self.chars), default=0.0)


class _Engine:
    """The three ONNX sessions, loaded once per process."""

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        threads = {"intra_op_num_threads": 1, "inter_op_num_threads": 1}
        self.ocr = RapidOCR(
            det_limit_side_len=_DET_SIDE, det_limit_type="max", text_score=0.0, **threads
        )
        self.det = self.ocr.text_det
        self.rec = self.ocr.text_rec
        self.cls = self.ocr.text_cls
        for wrapper, probe in (
            (self.det.infer, (1, 3, 64, 64)),
            (self.rec.session, (1, 3, _STRIP_H, 64)),
            (self.cls.infer, (1, 3, 48, 192)),
        ):
            ocr_graph.speed_up(wrapper, probe)
        self.alphabet = self.rec.postprocess_op.character
        self.digit_class = _digit_classes(self.alphabet)


#: Glyphs the recogniser may print for a digit: the doubt among them is not a doubt
#: about the number, so a digit's confidence sums their probabilities.
DIGIT_FORMS = {
    "0": "0０〇○OoОо",
    "1": "1１lI|",
    "2": "2２Z",
    "3": "3３Зз",
    "4": "4４",
    "5": "5５S",
    "6": "6６",
    "7": "7７",
    "8": "8８B",
    "9": "9９",
}


#: Glyphs that may be a digit: a line holding one is always read at full height.
_MAYBE_DIGIT = frozenset("".join(DIGIT_FORMS.values()))


def _digit_classes(alphabet: list[str]) -> dict[int, np.ndarray]:
    """Alphabet index of each digit form → indices of all forms of that digit."""
    where = {ch: i for i, ch in enumerate(alphabet)}
    out: dict[int, np.ndarray] = {}
    for forms in DIGIT_FORMS.values():
        idx = np.array([where[f] for f in forms if f in where], dtype=np.int64)
        for i in idx:
            out[int(i)] = idx
    return out


@cache
def engine() -> _Engine:
    """The process's OCR engine (models load in about half a second)."""
    return _Engine()


def detect(gray: np.ndarray) -> list[np.ndarray]:
    """Text-line quadrilaterals (4×2 float arrays) found on a greyscale page.

    The page is shrunk to at most ``_DET_SIDE`` pixels a side (rapidocr's own
    preprocessing ignores a "max" limit on large pages and detects at 2000 px,
    four times the cost) and fed as one grey channel repeated three times.
    """
    import cv2

    h, w = gray.shape[:2]
    ratio = min(1.0, _DET_SIDE / max(h, w))
    rh, rw = (max(32, round(v * ratio / 32) * 32) for v in (h, w))
    small = cv2.resize(gray, (rw, rh), interpolation=cv2.INTER_AREA)
    tensor = np.empty((1, 3, rh, rw), dtype=np.float32)
    tensor[0, :] = small.astype(np.float32) / 127.5 - 1.0
    del small
    det = engine().det
    with _lock:
        preds = det.infer(tensor)[0]
    del tensor
    boxes, _ = det.postprocess_op(preds, (h, w))
    if boxes is None or not len(boxes):
        return []
    return [np.asarray(b, dtype=np.float32) for b in det.filter_tag_det_res(boxes, (h, w))]


def skew_degrees(quads: list[np.ndarray]) -> float:
    """The page's skew from the slope of wide text boxes (0 when too few)."""
    angles = []
    for q in quads:
        (x0, y0), (x1, y1) = q[0], q[1]
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(*(q[3] - q[0]))
        if width > 3 * height and width > 40:
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if len(angles) < 5:
        return 0.0
    return float(np.median(angles))


def tall_share(quads: list[np.ndarray]) -> float:
    """Share of boxes of more than one character that are taller than wide (a turned page)."""
    tall = wide = 0
    for q in quads:
        w = np.linalg.norm(q[1] - q[0])
        h = np.linalg.norm(q[3] - q[0])
        if max(w, h) < 2.5 * min(w, h):
            continue  # one or two characters: says nothing about direction
        if h > w:
            tall += 1
        else:
            wide += 1
    return tall / (tall + wide) if tall + wide else 0.0


def upside_down(gray: np.ndarray, quads: list[np.ndarray]) -> bool:
    """Whether the direction model sees most of the widest boxes upside down."""
    import cv2

    widest = sorted(quads, key=lambda q: -(q[1][0] - q[0][0]))[:12]
    crops = [cv2.cvtColor(crop(gray, q), cv2.COLOR_GRAY2BGR) for q in widest]
    crops = [c for c in crops if c.size]
    if not crops:
        return False
    with _lock:
        _, results, _ = engine().cls(crops)
    votes = [1 if label == "180" else -1 for label, score in results if score > 0.8]
    return sum(votes) > 0


def recognise(gray: np.ndarray, quads: list[np.ndarray]) -> list[TextBox]:
    """Recognise every box; boxes sharing a visual line are packed into one strip.

    Two heights: every line is first read at ``_FAST_H``; then every run of
    digits (or of glyphs that may be digits) is read again at the model's own
    height, whose reading replaces the fast one. Short boxes (a table's number
    cells), boxes read as nothing and stacked vertical labels are read whole at
    full height. Numbers are therefore always read at full height; prose and
    labels, most of a page's ink, cost about 0.4 of it.
    """
    boxes = [axis_box(q) for q in quads]
    crops = [crop(gray, q) for q in quads]
    whole = {i for i, b in enumerate(boxes) if _vertical(*b) or _short(*b)}
    read = _read([i for i in range(len(boxes)) if i not in whole], boxes, crops, _FAST_H)
    empty = {i for i, box in read.items() if not box.chars}
    read.update(_read(sorted(whole | empty), boxes, crops, _STRIP_H))
    whole |= empty
    spans = [(i, *span) for i, box in read.items() if i not in whole for span in _digit_runs(box)]
    if spans:
        pieces = [piece for _, piece, _, _ in spans]
        crops = [crop_box(gray, piece) for piece in pieces]
        again = _read(list(range(len(pieces))), pieces, crops, _STRIP_H)
        for n, (i, _, lo, hi) in enumerate(spans):
            keep = [c for c in read[i].chars if not lo <= (c.x0 + c.x1) / 2 < hi]
            new = [c for c in again[n].chars if lo <= (c.x0 + c.x1) / 2 < hi]
            read[i] = replace(read[i], chars=tuple(sorted(keep + new, key=lambda c: c.x0)))
    return [read[i] for i in range(len(boxes))]


def _vertical(x0: float, top: float, x1: float, bottom: float) -> bool:
    """A stacked vertical label (one character per line): recognised on its own."""
    return bottom - top > 2.2 * (x1 - x0) and bottom - top > 40


def _short(x0: float, top: float, x1: float, bottom: float) -> bool:
    """A short box (a table's number cell, a heading numeral): read whole at full height."""
    return x1 - x0 < 4 * (bottom - top)


def _digit_runs(box: TextBox) -> list[tuple[Box, float, float]]:
    """Runs of possible digits in a fast reading, to be read again at full height.

    Each run is (the piece of the box to read again: the run with 0.6 line
    height of margin each side, left and right page x between which the full
    height reading replaces the fast one).
    """
    pad = 0.6 * (box.bottom - box.top)
    runs: list[list[OcrChar]] = []
    last = -2
    for n, c in enumerate(box.chars):
        if c.text.isdigit() or c.text in _MAYBE_DIGIT:
            if n - last <= 2 and runs:
                runs[-1].append(c)  # 2024年1月: one run
            else:
                runs.append([c])
            last = n
    out: list[tuple[Box, float, float]] = []
    for run in runs:
        lo, hi = run[0].x0, run[-1].x1
        piece = (max(box.x0, lo - pad), box.top, min(box.x1, hi + pad), box.bottom)
        out.append((piece, lo - pad / 3, hi + pad / 3))
    return out


def _read(
    which: list[int], boxes: list[tuple], crops: list[np.ndarray], height: int
) -> dict[int, TextBox]:
    """Recognise boxes ``which`` at ``height``, packing those of a visual line into strips."""
    order = sorted(which, key=lambda i: (boxes[i][1] + boxes[i][3], boxes[i][0]))
    strips: list[list[int]] = []
    for i in order:
        x0, top, x1, bottom = boxes[i]
        h = bottom - top
        if _vertical(x0, top, x1, bottom):
            strips.append([i])
            continue
        mid = (top + bottom) / 2
        for strip in strips:
            j = strip[-1]
            jt, jb = boxes[j][1], boxes[j][3]
            same_line = abs((jt + jb) / 2 - mid) < 0.35 * max(h, jb - jt)
            fits = strip_width([*strip, i], boxes, height) <= _MAX_STRIP_W
            if same_line and abs((jb - jt) - h) < 0.5 * h and fits and not _vertical(*boxes[j]):
                strip.append(i)
                break
        else:
            strips.append([i])
    out: dict[int, TextBox] = {}
    images, layouts = [], []
    for strip in strips:
        strip.sort(key=lambda k: boxes[k][0])
        image, layout = pack([crops[k] for k in strip], height)
        images.append(image)
        layouts.append(layout)
    for strip, layout, chars in zip(strips, layouts, _rec(images), strict=True):
        for k, (left, right, scale) in zip(strip, layout, strict=True):
            x0, top, x1, bottom = boxes[k]
            mine = [c for c in chars if left - GAP / 2 <= (c[1] + c[2]) / 2 < right + GAP / 2]
            out[k] = TextBox(x0, top, x1, bottom, _spread(mine, left, scale, x0, x1))
    return out


def _spread(chars: list, left: float, scale: float, x0: float, x1: float) -> tuple:
    """Characters in page pixels, touching each other: boundaries halfway between centres."""
    centres = [x0 + ((a + b) / 2 - left) / scale for _, a, b, _ in chars]
    bounds = [x0, *((p + q) / 2 for p, q in itertools.pairwise(centres)), x1]
    return tuple(
        OcrChar(c[0], bounds[i], max(bounds[i + 1], bounds[i] + 1), c[3])
        for i, c in enumerate(chars)
    )


def _rec(images: list[np.ndarray]) -> list[list[tuple[str, float, float, float]]]:
    """Characters of each strip: (text, x0, x1 in strip pixels, confidence).

    One strip per run: the recogniser's cost grows with the padded width, and a
    batch costs more per strip than single runs on this model.
    """
    eng = engine()
    out: list[list] = []
    for image in images:
        width = -(-image.shape[1] // 8) * 8
        tensor = np.ones((1, 3, image.shape[0], width), dtype=np.float32)
        tensor[0, :, :, : image.shape[1]] = image.astype(np.float32) / 127.5 - 1.0
        with _lock:
            preds = eng.rec.session(tensor)[0]
        out.append(_decode(preds[0], width, eng.alphabet, eng.digit_class))
    return out


def _decode(
    pred: np.ndarray, width: int, alphabet: list[str], digit_class: dict[int, np.ndarray]
) -> list:
    """Greedy CTC decoding keeping each character's steps and its best probability.

    A digit's probability at a step is the sum over the forms of that digit
    (see ``DIGIT_FORMS``).
    """
    idx = pred.argmax(axis=1)
    step = width / len(idx)
    chars: list[list] = []
    prev = 0
    for t, k in enumerate(idx):
        k = int(k)
        forms = digit_class.get(k)
        p = float(pred[t, forms].sum()) if forms is not None else float(pred[t, k])
        if k != 0 and k == prev and chars:
            chars[-1][2] = (t + 1) * step
            chars[-1][3] = max(chars[-1][3], p)
        elif k != 0:
            chars.append([alphabet[k], t * step, (t + 1) * step, p])
        prev = k
    return [tuple(c) for c in chars if c[0].strip()]
