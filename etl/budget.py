"""The time left for the file being read, as seen from inside a reader.

The worker (:mod:`etl.worker`) stops a reader that overruns the per-file
timeout. Two kinds of work inside a reader need that clock:

- A program the reader starts (LibreOffice) gets less than what is left, so
  the reader stops it itself and says why, instead of the worker being killed
  at the timeout with LibreOffice still running.
- OCR reads a page in seconds, where a text layer takes milliseconds: each
  page read by OCR asks for ``SETTINGS.ocr_page_s`` more, which the worker
  grants up to ``SETTINGS.ocr_timeout_s`` for the file in all. A hang inside a
  page is still stopped one page's budget later.

Outside a worker (``xxgk parse``, tests) there is no clock: :func:`remaining`
is None and requests for more time go nowhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from etl.settings import SETTINGS

_deadline: float | None = None
_cap: float | None = None
_ask: Callable[[float], None] | None = None


def begin(timeout: float | None, ask: Callable[[float], None] | None = None) -> None:
    """Start the clock of one file: ``timeout`` seconds; ``ask`` forwards requests for more."""
    global _deadline, _cap, _ask
    now = time.monotonic()
    _deadline = None if timeout is None else now + timeout
    _cap = None if timeout is None else now + max(timeout, SETTINGS.ocr_timeout_s)
    _ask = ask


def remaining() -> float | None:
    """Seconds left for this file (None when nobody is timing it)."""
    return None if _deadline is None else _deadline - time.monotonic()


def program_limit(default: float) -> float:
    """How long a program started now may run: ``default``, less when the file's time is short.

    Five seconds (or a fifth of what is left) stay for reading its output.
    """
    left = remaining()
    if left is None:
        return default
    return max(1.0, min(default, left - max(5.0, left / 5)))


def more_time(seconds: float) -> None:
    """Ask for ``seconds`` more from now (one OCR page); granted up to the file's OCR cap."""
    global _deadline
    if _deadline is None or _cap is None:
        return
    _deadline = max(_deadline, min(time.monotonic() + seconds, _cap))
    if _ask is not None:
        _ask(seconds)
