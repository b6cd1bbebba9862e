"""Read plain-text and Markdown reports into one ragged grid of lines.

Text reaches us in many shapes: tab rows copied from Word (with ragged leading
tabs), pipe rows from web archives, one cell per line with ``|`` lines between,
and PDF text with numbers separated by single spaces. Each line becomes a row;
the row's cells are split on tabs, else pipes, else a trailing run of numbers.
The grid is not aligned: a blank cell in text carries no column position.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from etl.readers.barcells import bar_row, bar_runs, join_fragments
from etl.readers.base import Cell as GridCell
from etl.readers.base import CorruptFile, Document, Locator, TableGrid
from etl.readers.encoding import decode_bytes, looks_binary
from etl.readers.runon import break_run_on

_NUM = r"[-+－＋]?[0-9０-９][0-9０-９,，.．]*(?:件|条|个|项|笔|万元|元)?"
_NUM_TOKEN = re.compile(rf"^{_NUM}$")
_MD_CELL = re.compile(r":?-{3,}:?")
_MD_CHARS = frozenset("|-: \t\u3000")


def is_markdown_rule(line: str) -> bool:
    """A Markdown table's rule line (``|---|:---:|``), checked in linear time.

    >>> is_markdown_rule("| --- | :---: |"), is_markdown_rule("---"), is_markdown_rule(" " * 9)
    (True, True, False)
    """
    if "---" not in line or not set(line) <= _MD_CHARS:
        return False
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return all(_MD_CELL.fullmatch(c) for c in cells)


#: Wider than any template row: in a text row this wide, blank cells place nothing.
MAX_ROW_CELLS = 256


def _drop_far_blanks(cells: list[str]) -> list[str]:
    """Keep a row's blank cells only when the row is no wider than a table can be.

    >>> len(_drop_far_blanks([""] * 1000 + ["规章"]))
    1
    """
    if len(cells) <= MAX_ROW_CELLS:
        return cells
    return [c for c in cells if c]


def split_line(line: str) -> list[str]:
    """Split one text line into cell texts (empty strings kept for tab/pipe rows).

    >>> split_line("规章\\t0\\t0\\t0")
    ['规章', '0', '0', '0']
    >>> split_line("规章 | 0 | 0 | 0 |")
    ['规章', '0', '0', '0']
    >>> split_line("四、结转下年度继续办理 0 0 0")
    ['四、结转下年度继续办理', '0', '0', '0']
    >>> split_line("2020 年,我单位对形成的政府信息实现了依法")
    ['2020 年,我单位对形成的政府信息实现了依法']
    """
    if "\t" in line:
        return _drop_far_blanks([c.strip() for c in line.split("\t")])
    if "|" in line:
        cells = [c.strip() for c in line.split("|")]
        # The bars that open and close a row ("| a | b |") enclose no cell.
        if line.rstrip().endswith("|"):
            cells.pop()
        if line.startswith("|") and cells:
            cells.pop(0)
        return _drop_far_blanks(cells)
    stripped = line.strip()
    if not stripped:
        return []
    tokens = stripped.split()
    k = len(tokens)
    while k > 0 and _NUM_TOKEN.match(tokens[k - 1]):
        k -= 1
    if k == 0:
        return tokens
    nums = tokens[k:]
    label = " ".join(tokens[:k])
    # One trailing number after prose ("…申请17件") is prose, not a table row.
    if nums and (len(nums) >= 2 or len(label) <= 40) and not label[-1].isdigit():
        return [label, *nums]
    return [stripped]


def _separator_region(lines: list[str]) -> tuple[int, int] | None:
    """First and last line of a one-cell-per-line table (cells between lone '|' lines)."""
    seps = [i for i, line in enumerate(lines) if line.strip() == "|"]
    if len(seps) < 10:
        return None
    return seps[0], seps[-1]


def _chunk_cells(chunk: list[tuple[int, str]], col: int) -> list[GridCell]:
    """The cells of the lines between two separators: one cell of joined fragments, or
    one cell a line when the lines are long."""
    texts = [t for _, t in chunk]
    line_no = chunk[0][0] if chunk else 0
    if all(0 < len(t) <= 8 for t in texts) or len(texts) <= 1:
        groups = [(line_no, join_fragments(texts))]
    else:
        groups = list(chunk)
    return [
        GridCell(text, Locator(block=0, row=i, col=col + k, line=i + 1))
        for k, (i, text) in enumerate(groups)
    ]


def _region_row(lines: list[str], start: int, end: int) -> list[GridCell]:
    """One row of cells for a one-cell-per-line region: an empty gap is an empty cell.

    Short lines between two separators are fragments of one cell (a header printed
    as 本年新 / 制作数量); longer lines stay cells of their own.
    """
    cells: list[GridCell] = []
    chunk: list[tuple[int, str]] = []

    def flush() -> None:
        cells.extend(_chunk_cells(chunk, len(cells)))

    after_sep = False
    for i in range(start + 1, min(end + 2, len(lines))):
        line = lines[i].strip()
        if line == "|":
            if chunk or not after_sep:
                flush()
            else:
                cells.append(GridCell("", Locator(block=0, row=i, col=len(cells), line=i)))
            chunk = []
            after_sep = True
            continue
        if i > end:
            # The cell after the region's last separator, when it is blank.
            if not line:
                cells.append(GridCell("", Locator(block=0, row=i, col=len(cells), line=i + 1)))
            break
        if line:
            chunk.append((i, line))
        elif after_sep:
            chunk.append((i, ""))  # a blank line right after a separator is an empty cell
        after_sep = False
    if chunk:
        flush()
    return cells


def text_to_grid(text: str, *, ends_cleanly: bool = True) -> TableGrid:
    """Turn decoded text into a ragged grid, one row per source line."""
    rows: list[list[GridCell]] = []
    lines = text.splitlines()
    runs = {a: b for a, b in bar_runs(lines)}
    region = None if runs else _separator_region(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in runs:
            rows.append(bar_row(lines, i, runs[i]))
            i = runs[i] + 1
            continue
        if region and i == region[0]:
            rows.append(_region_row(lines, region[0], region[1]))
            i = region[1] + 1
            if i < len(lines) and not lines[i].strip():
                i += 1  # consumed as the region's last (blank) cell
            continue
        if is_markdown_rule(line):
            rows.append([])
            i += 1
            continue
        cells = [
            GridCell(t, Locator(block=0, row=i, col=j, line=i + 1))
            for j, t in enumerate(split_line(line))
        ]
        rows.append(cells)
        i += 1
    if not ends_cleanly:
        # The file stops inside its last cell: mark it so no value is read from it.
        for row in reversed(rows):
            if row:
                last = row[-1]
                if last.text:
                    row[-1] = GridCell(last.text, last.locator, is_cut=True)
                break
    return TableGrid(rows=rows, aligned=False)


def _unrun(text: str) -> tuple[str, list[int] | None]:
    """The text with run-on lines broken (:mod:`etl.readers.runon`), and each new line's
    1-based line in the file; None when no line was broken."""
    out: list[str] = []
    source: list[int] = []
    for n, line in enumerate(text.split("\n"), start=1):
        pieces = break_run_on(line)
        out.extend(pieces)
        source.extend([n] * len(pieces))
    if len(out) == len(source) == text.count("\n") + 1 and out == text.split("\n"):
        return text, None
    return "\n".join(out), source


def _relocate(grid: TableGrid, source_lines: list[int]) -> TableGrid:
    """Point each cell's locator at the file's line rather than the broken line."""
    rows = [
        [
            replace(c, locator=replace(c.locator, line=source_lines[c.locator.line - 1]))
            if c.locator.line
            else c
            for c in row
        ]
        for row in grid.rows
    ]
    return replace(grid, rows=rows)


def read_text(path: Path) -> Document:
    """Read a .txt/.md report; raise CorruptFile for empty or binary files."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise CorruptFile("the file is empty")
    if looks_binary(data):
        raise CorruptFile("the file is binary data, not text")
    text, encoding = decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A file that ends right after a character (no newline, space or separator)
    # may have been cut mid-number by an archive: its last cell is not trusted.
    ends_cleanly = text[-1:] in {"\n", " ", "\t", "|", "。", "\u3000"}
    doc = Document(source_path=Path(path), source_format="text")
    text, source_lines = _unrun(text)
    grid = text_to_grid(text, ends_cleanly=ends_cleanly)
    if source_lines is not None:
        grid = _relocate(grid, source_lines)
        doc.notes.append("run-on lines broken at headings and row labels")
    doc.blocks.append(grid)
    doc.is_truncated = not ends_cleanly
    doc.notes.append(f"encoding {encoding}")
    return doc
