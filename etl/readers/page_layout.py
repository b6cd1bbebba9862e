"""One page's characters and rulings → paragraphs and table grids of a Document.

Used for born-digital PDF pages (:mod:`etl.readers.pdf`) and for pages read by OCR
(:mod:`etl.readers.image`), so neither reader imports the other. It knows page layout
only, nothing of the report template.

Ruled tables: pdfplumber's lattice algorithm (merge edges -> intersections ->
cells -> tables) turns the rulings into cells, so merged cells come out as in
pdfplumber; characters are assigned to the cell they sit in, and a position
covered by a merged cell repeats its text as a span copy.

Everything else is grouped into visual lines and words by position. Lines
become paragraphs (wrapped lines are rejoined), except on pages without ruled
tables, where a line ending in a run of numbers is a row of an unaligned grid.
A line ending in a single number needs more evidence than that, since prose
wraps after numbers too ("…公开政府常务会议 7" / "期，…"): see ``_unruled_rows``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise

from pdfplumber import table as lattice

from etl.readers.base import Cell, Document, Locator, Paragraph, TableGrid
from etl.readers.pdf_geometry import SNAP, Char

_MAX_EDGES = 3000  # more rulings than any report table has: a drawing, skipped
_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]"
)
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’]")
_NUMBER = re.compile(r"[-+−]?[0-9０-９]+(?:[,，.．][0-9０-９]+)*(?:件|条|个|项|%)?|[-—–/]")
_PAGE_NO = re.compile(
    r"[-—–－\s]*(?:第\s*)?[0-9０-９]{1,4}\s*页?(?:\s*[,，/]?\s*共\s*\d+\s*页)?[-—–－\s]*"
)
_ENUMERATION = re.compile(
    r"(?:（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、|\d+[.、．](?!\d))"
)


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    size: float


@dataclass(slots=True)
class _Line:
    words: list[_Word]
    top: float
    bottom: float
    x0: float
    x1: float
    size: float


_Table = tuple[float, list[list[tuple[str, bool]]]]  # (top, rows of (text, is_span_copy))


def _find_tables(edges: list[dict], chars: list[Char]) -> tuple[list[_Table], list[Char]]:
    """Ruled tables of two or more columns, and the characters left outside them."""
    if not edges:
        return [], chars
    edges = lattice.merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    edges = [e for e in edges if max(e["width"], e["height"]) >= SNAP]
    if len(edges) > _MAX_EDGES:  # a vector drawing or map, not a table: keep it cheap
        return [], chars
    tables = []
    points = lattice.edges_to_intersections(edges, SNAP, SNAP)
    for cells in lattice.cells_to_tables(lattice.intersections_to_cells(points)):
        table, rest = _fill_grid(cells, chars)
        if table is not None:
            tables.append(table)
            chars = rest
    return tables, chars


def _fill_grid(cells: list[tuple], chars: list[Char]) -> tuple[_Table | None, list[Char]]:
    xs, tops = sorted({c[0] for c in cells}), sorted({c[1] for c in cells})
    if len(xs) < 2:  # a one-column frame round prose is layout, not a table
        return None, chars
    owner: dict[tuple[int, int], tuple] = {}
    for cell in cells:
        for r in range(bisect_left(tops, cell[1]), bisect_left(tops, cell[3])):
            for c in range(bisect_left(xs, cell[0]), bisect_left(xs, cell[2])):
                owner.setdefault((r, c), cell)
    inside: dict[tuple, list[Char]] = {cell: [] for cell in cells}
    rest = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        found_in = owner.get((bisect_right(tops, cy) - 1, bisect_right(xs, cx) - 1))
        if (
            found_in is not None
            and found_in[0] <= cx < found_in[2]
            and found_in[1] <= cy < found_in[3]
        ):
            inside[found_in].append(ch)
        else:
            rest.append(ch)
    texts = {cell: _cell_text(found) for cell, found in inside.items()}
    if not any(texts.values()):
        return None, chars
    rows = []
    for r, top in enumerate(tops):
        row = []
        for c, x in enumerate(xs):
            at = owner.get((r, c))
            row.append(("", False) if at is None else (texts[at], at[:2] != (x, top)))
        rows.append(row)
    return (tops[0], rows), rest


def _lines(chars: list[Char]) -> list[_Line]:
    """Group characters into visual lines, top to bottom, each split into words at gaps."""
    groups: list[tuple[float, float, list[Char]]] = []
    for ch in sorted(chars, key=lambda c: c.top + c.bottom):
        mid, size = (ch.top + ch.bottom) / 2, ch.bottom - ch.top
        if groups and abs(mid - groups[-1][0]) <= 0.4 * max(size, groups[-1][1]):
            groups[-1][2].append(ch)
        else:
            groups.append((mid, size, [ch]))
    lines = []
    for _, _, group in groups:
        words: list[_Word] = []
        last, gap = None, False
        for ch in sorted(group, key=lambda c: c.x0):
            size = ch.bottom - ch.top
            if ch.is_space:
                gap = True
            elif last and ch.text == last.text and abs(ch.x0 - last.x0) < 0.3 * size:
                continue  # the same glyph overprinted to fake bold
            elif words and not gap and ch.x0 - words[-1].x1 <= 0.2 * size:
                words[-1].text += ch.text
                words[-1].x1 = max(words[-1].x1, ch.x1)
            else:
                words.append(_Word(ch.text, ch.x0, ch.x1, size))
                gap = False
            last = ch if not ch.is_space else last
        if words:
            top = min(c.top for c in group if not c.is_space)
            bottom = max(c.bottom for c in group if not c.is_space)
            lines.append(_Line(words, top, bottom, words[0].x0, words[-1].x1, bottom - top))
    return lines


def join_words(left: str, right: str) -> str:
    """Join wrapped text: no space between CJK (结/果 -> 结果), a space elsewhere (12 / 34)."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    tight = (_CJK.match(a) and _CJK.match(b)) or _CJK_PUNCT.match(a) or _CJK_PUNCT.match(b)
    return left + ("" if tight else " ") + right


def _words_text(words: list[_Word], *, in_cell: bool) -> str:
    """A line's text; a space between CJK words only where the gap is a real column gap."""
    text = words[0].text
    for a, b in pairwise(words):
        wide = not in_cell and b.x0 - a.x1 >= b.size
        cjk = _CJK.match(a.text[-1]) and _CJK.match(b.text[0])
        text += ("" if cjk and not wide else " ") + b.text
    return text


def _cell_text(chars: list[Char]) -> str:
    text = ""
    for line in _lines(chars):
        text = join_words(text, _words_text(line.words, in_cell=True))
    return text


def _unruled_rows(lines: list[_Line], right: float) -> list[list[str] | None]:
    """Per line of a page without ruled tables: ``[label, n1, n2, ...]`` if it is a row, else None.

    A line is a row when it ends in a run of numbers with a digit among them:
    two or more numbers, or one number after a label that is set apart from it.
    A lone number after a label is the hard case. "行政处罚 0" is a row, but a
    sentence wraps after a number too ("…公开政府常务会议 7" / "期，…"). So the
    number counts as set apart only if a column gap separates it from its label,
    or it lines up with a number that ends a neighbouring line, as the values of
    one table column do ("行政许可 9" over "行政处罚 0"). Prose that fills the
    measure never qualifies by alignment: justified lines end at the same x.
    "会议 7 期" and "受理申请 17 件" end in a word, not a number: prose.
    """
    starts = []  # index of the first word of each line's trailing run of numbers
    for line in lines:
        k = len(line.words)
        while k and _NUMBER.fullmatch(line.words[k - 1].text):
            k -= 1
        has_digit = any(ch.isdigit() for w in line.words[k:] for ch in w.text)
        starts.append(k if has_digit else None)
    rows: list[list[str] | None] = []
    for i, (line, start) in enumerate(zip(lines, starts, strict=True)):
        n = len(line.words) - start if start is not None else 0
        if (
            start is None
            or n == 0
            or (n == 1 and not (start and _set_apart(i, lines, starts, right)))
        ):
            rows.append(None)
            continue
        label = [_words_text(line.words[:start], in_cell=True)] if start else []
        rows.append(label + [w.text for w in line.words[start:]])
    return rows


def _set_apart(i: int, lines: list[_Line], starts: list[int | None], right: float) -> bool:
    """Whether line ``i``'s one trailing number stands in a column of its own (see above)."""
    line, k = lines[i], starts[i]
    if k is None:
        return False
    number, size = line.words[k], line.size
    if number.x0 - line.words[k - 1].x1 >= 1.5 * size:
        return True  # a column gap
    if _fills_measure(line, right):
        return False
    for j in (i - 1, i + 1):
        if not 0 <= j < len(lines) or starts[j] is None:
            continue
        other = lines[j]
        if max(line.top, other.top) - min(line.bottom, other.bottom) > 1.5 * size:
            continue  # not the next row: a blank line or more lies between
        if _fills_measure(other, right):
            continue
        tolerance = 0.3 * size
        for w in other.words[starts[j] :]:
            if (
                abs(w.x0 - number.x0) <= tolerance  # left-aligned column
                or abs(w.x1 - number.x1) <= tolerance  # right-aligned
                or abs(w.x0 + w.x1 - number.x0 - number.x1) <= 2 * tolerance  # centred
            ):
                return True
    return False


def _fills_measure(line: _Line, right: float) -> bool:
    """Whether ``line`` spans the page's text to its right edge, as a wrapped prose line does."""
    return line.x1 - line.x0 >= 15 * line.size and line.x1 >= right - 2 * line.size


def _continues(prev: _Line, line: _Line, left: float, right: float) -> bool:
    """Whether ``line`` carries on the paragraph that ``prev`` wrapped out of."""
    size = max(prev.size, line.size)
    return (
        right - left >= 15 * size
        and prev.x1 >= right - 2 * size
        and line.x0 <= left + 0.6 * size
        and -0.2 * size <= line.top - prev.bottom <= 1.5 * size
        and not _ENUMERATION.match(line.words[0].text)
    )


def add_page(doc: Document, page_no: int, chars: list[Char], edges: list[dict]) -> None:
    """Append one page's blocks to ``doc`` in reading order (top to bottom)."""
    tables, free = _find_tables(edges, chars)
    lines = _lines(free)
    tops = [top for top, _ in tables] + [ln.top for ln in lines]
    for i in sorted({0, len(lines) - 1} if lines else (), reverse=True):
        # "- 3 -" / "第 3 页" printed above or below everything else is a page number
        outermost = lines[i].top in (min(tops), max(tops))
        if outermost and _PAGE_NO.fullmatch(_words_text(lines[i].words, in_cell=True)):
            del lines[i]
    left = min((ln.x0 for ln in lines), default=0.0)
    right = max((ln.x1 for ln in lines), default=0.0)
    rows = _unruled_rows(lines, right) if not tables else [None] * len(lines)
    items: list[tuple[float, list | _Line, list[str] | None]] = [
        *((top, grid, None) for top, grid in tables),
        *((ln.top, ln, row) for ln, row in zip(lines, rows, strict=True)),
    ]
    items.sort(key=lambda item: item[0])
    run: TableGrid | None = None  # the unruled grid the previous line went into
    para: tuple[Paragraph, _Line] | None = None  # the paragraph the previous line went into
    for _, item, row in items:
        if not isinstance(item, _Line):
            _new_grid(doc, page_no, item, aligned=True)
            run = para = None
            continue
        if row is not None:
            cells = [(text, False) for text in row]
            if run is None:
                run = _new_grid(doc, page_no, [cells], aligned=False)
            else:
                first = run.rows[0][0].locator
                run.rows.append(_cells(cells, first.block, len(run.rows), first.table, page_no))
            para = None
        elif para is not None and _continues(para[1], item, left, right):
            para[0].text = join_words(para[0].text, _words_text(item.words, in_cell=False))
            para = (para[0], item)
        else:
            locator = Locator(block=len(doc.blocks), row=0, col=0, page=page_no)
            paragraph = Paragraph(_words_text(item.words, in_cell=False), locator)
            doc.blocks.append(paragraph)
            para, run = (paragraph, item), None


def _new_grid(doc: Document, page_no: int, rows: list, *, aligned: bool) -> TableGrid:
    block, table = len(doc.blocks), len(doc.tables) + 1
    grid = TableGrid(
        rows=[_cells(row, block, r, table, page_no) for r, row in enumerate(rows)],
        aligned=aligned,
        page=page_no,
    )
    doc.blocks.append(grid)
    return grid


def _cells(row: list[tuple[str, bool]], block: int, r: int, table: int | None, page: int) -> list:
    return [
        Cell(text, Locator(block=block, row=r, col=c, page=page, table=table), is_span_copy=copy)
        for c, (text, copy) in enumerate(row)
    ]
