"""Read a report web page into a Document: paragraphs and span-expanded table grids.

First stage of the flow for ``.html``/``.htm``/``.shtml`` files (file → **reader** →
grid → matcher). The page's bytes are decoded with the charset it declares (or
sniffed: GBK pages are common), parsed with lxml, and walked in document order:

- text in block elements (``p``, ``div``, ``h1``–``h6``, ``li``...) and each
  ``<br>``-separated line becomes a :class:`Paragraph`;
- each innermost ``<table>`` becomes a :class:`TableGrid` (``aligned=True``) with
  rowspan/colspan expanded: the origin position holds the text, every position
  the span covers holds the same text with ``is_span_copy=True``;
- a table that contains other tables is layout: it is walked like any container.
  So is a one-cell table (a frame around prose).

Split tables and header rows printed as separate ``<table>`` elements are simply
emitted in order; joining them is the job of ``etl/grid.py``. The reader knows
nothing of the report template.
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

from lxml import etree

from etl.readers.base import Cell as GridCell
from etl.readers.base import CorruptFile, Document, Locator, Paragraph, TableGrid
from etl.readers.encoding import decode_bytes, looks_binary

# fmt: off
# Elements whose text is never shown as content.
_SKIP = frozenset({
    "script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg",
    "select", "textarea", "button", "map",
})
# Elements that start and end a line of text (everything else is inline).
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table",
    "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "section", "article", "header",
    "footer", "nav", "aside", "main", "blockquote", "center", "pre", "form", "fieldset",
    "legend", "figure", "figcaption", "hr", "address", "body", "html",
})
# fmt: on
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_NEWLINE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[^\S\n]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[\s\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80", "cp936", "euc-cn"}
# Declarations that are never true of a Chinese page; decode_bytes then sniffs instead.
_IGNORED_CHARSETS = frozenset(
    ["iso-8859-1", "latin1", "latin-1", "windows-1252", "us-ascii", "ascii", "x-user-defined"]
)
_MAX_COLSPAN = 1000  # the HTML standard's limits
_MAX_ROWSPAN = 65534
_MAX_GRID_POSITIONS = 250_000  # a report table has a few hundred; spans must not blow up


def clean_text(raw: str) -> str:
    r"""Normalise cell or line text: one space between words, none across a CJK line break.

    Line breaks (``\n``) mark where the source broke a line (``<br>``, ``<p>``, Word
    paragraphs); a break between two CJK characters is a wrap, not a word gap.

    >>> clean_text("本机关不掌握\n相关政府信息")
    '本机关不掌握相关政府信息'
    >>> clean_text("\u3000（一）&nbsp;予以公开 ".replace("&nbsp;", "\xa0"))
    '（一） 予以公开'
    >>> clean_text("1.\n属于国家秘密")
    '1. 属于国家秘密'
    """
    raw = _INVISIBLE.sub("", raw)
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in raw:
        raw = _NEWLINE_BETWEEN_CJK.sub("", raw)
    return _SPACES.sub(" ", raw).strip()


def sniff_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta>`` or an XML declaration, if any."""
    m = _CHARSET.search(data, 0, 16384)
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii").lower()


def _span(el: etree._Element, attr: str, cap: int) -> int:
    """A rowspan/colspan value as browsers read it: leading digits, 1 when absent or bad."""
    raw = el.get(attr)
    if raw is None:
        return 1
    m = re.match(r"\s*(\d{1,9})", raw)
    if not m:
        return 1
    value = int(m.group(1))
    if value == 0 and attr == "rowspan":
        return cap  # rowspan=0: to the end of the table (clamped by the caller)
    return min(max(value, 1), cap)


def _collect(el: etree._Element, parts: list[str]) -> None:
    """Append the text under ``el`` to ``parts``, with a line break around each block."""
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIP:
            if tag == "br":
                parts.append("\n")
            else:
                block = tag in _BLOCK
                if block:
                    parts.append("\n")
                if child.text:
                    parts.append(child.text)
                _collect(child, parts)
                if block:
                    parts.append("\n")
        if child.tail:
            parts.append(child.tail)


def _cell_text(td: etree._Element) -> str:
    """The text of one table cell, lines (``<br>``, ``<p>``, ``<div>``) joined by clean_text."""
    parts = [td.text] if td.text else []
    _collect(td, parts)
    return clean_text("".join(parts))


def _table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own ``<tr>`` elements (direct or inside thead/tbody/tfoot), in order."""
    rows: list[etree._Element] = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if tr.tag == "tr")
    return rows


def expand_table(table: etree._Element) -> list[list[tuple[str, bool] | None]]:
    """Lay a table's cells out on a regular grid: (text, is_span_copy) per position.

    Positions no cell reaches inside a row are ``None``; rows are not padded at
    the end (a short row stays short, as the page shows it).
    """
    trs = _table_rows(table)
    n_rows = len(trs)
    grid: list[list[tuple[str, bool] | None]] = [[] for _ in range(n_rows)]
    size = 0
    for r, tr in enumerate(trs):
        c = 0
        row = grid[r]
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while c < len(row) and row[c] is not None:
                c += 1
            rowspan = min(_span(td, "rowspan", _MAX_ROWSPAN), n_rows - r)
            colspan = _span(td, "colspan", _MAX_COLSPAN)
            text = _cell_text(td)
            size += rowspan * colspan
            if size > _MAX_GRID_POSITIONS:
                raise CorruptFile(
                    f"a table on the page spans more than {_MAX_GRID_POSITIONS} cells"
                )
            for dr in range(rowspan):
                target = grid[r + dr]
                if len(target) < c + colspan:
                    target.extend([None] * (c + colspan - len(target)))
                for dc in range(colspan):
                    if target[c + dc] is None:  # overlapping spans: the first one wins
                        target[c + dc] = (text, dr > 0 or dc > 0)
            c += colspan
    return grid


class _Walker:
    """Walks the DOM in order, collecting paragraphs and table grids into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Paragraph | TableGrid] = []
        self.buffer: list[str] = []
        self.n_tables = 0
        self.notes: list[str] = []

    def flush(self) -> None:
        if not self.buffer:
            return
        text = clean_text("".join(self.buffer))
        self.buffer = []
        if text:
            self.blocks.append(Paragraph(text, Locator(block=len(self.blocks), row=0, col=0)))

    def walk(self, el: etree._Element) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comment or processing instruction
            if el.tail:
                self.buffer.append(el.tail)
            return
        if tag in _SKIP:
            pass
        elif tag == "br":
            self.flush()
        elif tag == "table" and self.is_data_table(el):
            self.flush()
            self.emit_table(el)
        elif tag == "pre":
            self.flush()
            for line in "".join(el.itertext()).splitlines():
                self.buffer.append(line)
                self.flush()
        else:
            self.walk_children(el, tag in _BLOCK)
        if el.tail:
            self.buffer.append(el.tail)

    def walk_children(self, el: etree._Element, block: bool) -> None:
        """An element's own text and children (a block element is its own paragraph)."""
        if block:
            self.flush()
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()

    @staticmethod
    def is_data_table(table: etree._Element) -> bool:
        """Innermost tables with more than one cell hold data; others are layout."""
        if next(table.iterdescendants("table"), None) is not None:
            return False
        return len(list(islice(table.iterdescendants("td", "th"), 2))) > 1

    def emit_table(self, table: etree._Element) -> None:
        caption = next((c for c in table if c.tag == "caption"), None)
        caption_text = _cell_text(caption) if caption is not None else ""
        if caption_text:
            self.buffer.append(caption_text)
            self.flush()
        layout = expand_table(table)
        if not any(pos and pos[0] for row in layout for pos in row):
            return  # an empty frame or spacer table
        self.n_tables += 1
        block = len(self.blocks)
        rows: list[list[GridCell]] = []
        holes = 0
        for row in layout:
            if not any(pos is not None and not pos[1] for pos in row):
                # A <tr> in which no cell starts carries nothing. Blank rows stay: in a
                # shown table an empty cell is a 0 (all-zero part 四 is often blank).
                continue
            r = len(rows)
            cells = []
            for c, pos in enumerate(row):
                loc = Locator(block=block, row=r, col=c, table=self.n_tables)
                if pos is None:
                    # No cell reaches this position: mark it a copy so no value is read from it.
                    holes += 1
                    cells.append(GridCell("", loc, is_span_copy=True))
                else:
                    cells.append(GridCell(pos[0], loc, is_span_copy=pos[1]))
            rows.append(cells)
        if holes:
            self.notes.append(f"table {self.n_tables}: {holes} positions reached by no cell")
        self.blocks.append(TableGrid(rows=rows, aligned=True, caption=caption_text or None))


def decode_page(data: bytes) -> tuple[str, str, str | None]:
    """Decode page bytes: ``(text, encoding_used, declared_charset)``."""
    declared = sniff_charset(data)
    hint = declared
    if hint in _IGNORED_CHARSETS:
        hint = None
    elif hint in _GB_FAMILY:
        # Archive sites re-encode GBK pages as UTF-8 but keep the old <meta>;
        # GBK bytes are practically never valid UTF-8, so valid UTF-8 wins.
        try:
            data.decode("utf-8")
            hint = "utf-8"
        except UnicodeDecodeError:
            pass
    text, encoding = decode_bytes(data, hint)
    return text, encoding, declared


def read_html(path: Path) -> Document:
    """Read an HTML report page; raise CorruptFile when it is not a page or holds no text."""
    path = Path(path)
    data = path.read_bytes()
    if looks_binary(data):
        raise CorruptFile("the file is not an HTML page (it holds binary data)")
    text, encoding, declared = decode_page(data)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise CorruptFile("the HTML page holds no text")
    try:
        # lxml's HTML parser with plain elements (lxml.html's element classes cost a third
        # more); one parser per call, since an lxml parser must not be shared across threads.
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        root = etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptFile(f"the HTML page could not be parsed ({exc})") from exc
    if root is None:
        raise CorruptFile("the HTML page holds no text")
    walker = _Walker()
    try:
        walker.walk(root)
    except RecursionError as exc:
        raise CorruptFile("the HTML page is nested too deeply to read") from exc
    walker.flush()
    if not walker.blocks:
        raise CorruptFile("the HTML page holds no text")
    title_el = root.find(".//title")
    title = clean_text("".join(title_el.itertext())) if title_el is not None else ""
    notes = [f"encoding: {encoding}" + (f" (declared {declared})" if declared else "")]
    return Document(
        source_path=path,
        source_format="html",
        blocks=walker.blocks,
        title=title or None,
        notes=notes + walker.notes,
    )
