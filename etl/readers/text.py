"""Read plain-text and Markdown reports into one ragged grid of lines.

Text reaches us in many shapes: tab rows copied from Word (with ragged leading
tabs), pipe rows from web archives, one cell per line with ``|`` lines between,
and PDF text with numbers separated by single spaces. Each line becomes a row;
the row's cells are split on tabs, else pipes, else a trailing run of numbers.
The grid is not aligned: a blank cell in text carries no column position.
"""

from __future__ import annotations

import re
from pathlib import Path

from etl.readers.base import Cell as GridCell
from etl.readers.base import CorruptFile, Document, Locator, TableGrid
from etl.readers.encoding import decode_bytes, looks_binary

_NUM = r"[-+]?[0-9０-９][0-9０-９,，.．]*(?:件|条|个|项)?"
_TRAILING_NUMBERS = re.compile(rf"^(?P<label>.*?\D)??\s*(?P<nums>(?:{_NUM}\s+)*{_NUM})\s*$")
_ONLY_NUMBERS = re.compile(rf"^\s*(?:{_NUM}\s+)*{_NUM}\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def split_line(line: str) -> list[str]:
    """Split one text line into cell texts (empty strings kept for tab/pipe rows).

    >>> split_line("规章\\t0\\t0\\t0")
    ['规章', '0', '0', '0']
    >>> split_line("规章 | 0 | 0 | 0 |")
    ['规章', '0', '0', '0', '']
    >>> split_line("四、结转下年度继续办理 0 0 0")
    ['四、结转下年度继续办理', '0', '0', '0']
    >>> split_line("2020 年,我单位对形成的政府信息实现了依法")
    ['2020 年,我单位对形成的政府信息实现了依法']
    """
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    if "|" in line:
        return [c.strip() for c in line.split("|")]
    stripped = line.strip()
    if not stripped:
        return []
    if _ONLY_NUMBERS.match(stripped):
        return stripped.split()
    m = _TRAILING_NUMBERS.match(stripped)
    if m and m.group("label") and re.search(r"\s", m.group(0)[len(m.group("label")) - 1 :]):
        nums = m.group("nums").split()
        label = m.group("label").strip()
        # One trailing number after prose ("…申请17件") is prose, not a table row.
        if len(nums) >= 2 or len(label) <= 40:
            return [label, *nums]
    return [stripped]


def text_to_grid(text: str, *, ends_cleanly: bool = True) -> TableGrid:
    """Turn decoded text into a ragged grid, one row per source line."""
    rows: list[list[GridCell]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if _MD_RULE.match(line) and "-" in line:
            rows.append([])
            continue
        cells = [
            GridCell(t, Locator(block=0, row=i, col=j, line=i + 1))
            for j, t in enumerate(split_line(line))
        ]
        rows.append(cells)
    if not ends_cleanly:
        # The file stops inside its last cell: mark it so no value is read from it.
        for row in reversed(rows):
            if row:
                last = row[-1]
                if last.text:
                    row[-1] = GridCell(last.text, last.locator, is_cut=True)
                break
    return TableGrid(rows=rows, aligned=False)


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
    doc.blocks.append(text_to_grid(text, ends_cleanly=ends_cleanly))
    doc.is_truncated = not ends_cleanly
    doc.notes.append(f"encoding {encoding}")
    return doc
