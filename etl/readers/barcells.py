"""Tables printed one cell per line, each cell closed by a bar (``规章 |``).

Web archives often store a report's tables this way: every cell on its own
line ending in `` |``, an empty cell as a lone ``|`` line, the spans of merged
cells as filler lines of bars (``||||``), and a cell whose text broke across
lines closed by a bar on the next line (``行政规范性文件`` then ``|``). Read line
by line, such a table loses its empty cells; read as one stream of cells it
keeps them, so a run of these lines becomes one row of the text grid.

A lone bar right after a row's last value and before the next label is the
row's closing bar, not a cell: it is dropped, so that a row whose blanks were
left out is never made to look complete. Where several lone bars stand there,
only the last closes the row; the others are its empty cells.
"""

from __future__ import annotations

import re

from etl.numbers import parse_cell
from etl.readers.base import Cell, Locator

_BAR_LINE = re.compile(r"^[^|]*\|[\s|]*$")  # one cell closed by a bar, a lone bar, or filler


def _is_lone(line: str) -> bool:
    return line.strip() == "|"


def _closes_cell(line: str) -> bool:
    s = line.strip()
    return bool(_BAR_LINE.match(s)) and bool(s.split("|")[0].strip())


def _next_nonblank(lines: list[str], i: int) -> str | None:
    for line in lines[i + 1 :]:
        if line.strip():
            return line
    return None


def _kind(lines: list[str], i: int) -> str | None:
    s = lines[i].strip()
    if not s:
        return "blank"
    if _BAR_LINE.match(s):
        return "bar"
    nxt = _next_nonblank(lines, i)
    if "|" not in s and nxt is not None and nxt.strip().startswith("|") and _is_lone(nxt):
        return "cont"  # a cell's text; its closing bar is on the next line
    return None


def bar_runs(lines: list[str]) -> list[tuple[int, int]]:
    """First and last line of each run of bar-closed cells worth reading as one row.

    The layout must close at least three cells with a bar (``X |``) in the whole
    text; tables printed with bars on lines of their own but no closed cells (the
    ``|`` separator layout) are left to the separator reading. A run counts when
    it closes a cell and holds a lone bar.
    """
    if sum(1 for line in lines if _closes_cell(line)) < 3:
        return []
    kinds = [_kind(lines, i) for i in range(len(lines))]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if kinds[i] not in ("bar", "cont"):
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and kinds[j + 1] is not None:
            j += 1
        while kinds[j] == "blank":
            j -= 1
        run = lines[i : j + 1]
        if any(_closes_cell(s) for s in run) and any(_is_lone(s) for s in run):
            runs.append((i, j))
        i = j + 1
    return runs


def join_fragments(parts: list[str]) -> str:
    """Join pieces of one cell split over lines (a space only between Latin/digit runs)."""
    out = ""
    for part in parts:
        if out and re.search(r"[0-9A-Za-z]$", out) and re.match(r"[0-9A-Za-z]", part):
            out += " "
        out += part
    return out


def bar_row(lines: list[str], start: int, end: int) -> list[Cell]:
    """The cells of one run, in order; empty cells where a lone bar stands for one."""
    found: list[tuple[int, str, bool]] = []  # (line index, text, from a lone bar)
    pending: list[tuple[int, str]] = []
    for i in range(start, end + 1):
        s = lines[i].strip()
        if not s:
            continue
        if "|" not in s:
            pending.append((i, s))
            continue
        head, _, _filler = s.partition("|")
        head = head.strip()
        if pending:
            # A cell whose text broke across lines, closed by this line's bar.
            found.append((pending[0][0], join_fragments([t for _, t in pending] + [head]), False))
            pending = []
        elif head:
            found.append((i, head, False))
        elif s == "|":
            found.append((i, "", True))
    if pending:
        found.append((pending[0][0], join_fragments([t for _, t in pending]), False))
    keep = _drop_closing_bars(found)
    return [
        Cell(text, Locator(block=0, row=start, col=k, line=i + 1))
        for k, (i, text, _lone) in enumerate(keep)
    ]


def _drop_closing_bars(found: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    out: list[tuple[int, str, bool]] = []
    k = 0
    while k < len(found):
        if not found[k][2]:
            out.append(found[k])
            k += 1
            continue
        j = k
        while j < len(found) and found[j][2]:
            j += 1
        before = out[-1][1] if out else None
        after = found[j][1] if j < len(found) else None
        closing = (
            before is not None
            and parse_cell(before).kind != "text"
            and (after is None or parse_cell(after).kind == "text")
        )
        # Only the last bar of the run closes the row; the bars before it are its
        # empty cells (18 | then six lone bars and the closing one: 18 and 6 blanks).
        out.extend(found[k : j - 1] if closing else found[k:j])
        k = j
    return out
