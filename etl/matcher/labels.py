"""Label normalisation and the alias index built from the template definition.

Printed labels vary: traditional characters, full-width brackets, enumerators
(一、 (三) 1.), line breaks inside words, quotes. ``normalize_label`` folds all of
that away, and ``LabelIndex`` maps a normalised label to the template row it
names. Nothing here is typed by hand: every label comes from ``etl.template``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from etl.chinese import to_simplified
from etl.template import Row, Table, Template

_ENUM = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十]+[)）]?[、.．，,]?|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[①-⑳])"
)
_STACKED = re.compile(r"^\s*\S\s+(?=[(（]?[0-9一二三四五六七八九十]+[)）.、．])")
# A bracketed note of two or more characters (not an enumerator such as （一）).
_NOTE = re.compile(r"[（(][^（）()]{2,}[)）]")
_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[)）]")
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】,，、.．:：;；!！?？·•*#_~`|/\\-]")


_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])" + _PINYIN.pattern)


def drop_pinyin(text: str) -> str:
    """The text without the pinyin readings a mirror put after characters.

    >>> drop_pinyin("請與柞水縣鳳凰鎮(zhèn)人民政府聯(lián)系 (A)")
    '請與柞水縣鳳凰鎮人民政府聯系 (A)'
    """
    return _GLOSS.sub("", text)


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    """Fold a printed label to a comparable form.

    >>> normalize_label("（三）不予公开")
    '不予公开'
    >>> normalize_label("三、本年度辦理結果")
    '本年度办理结果'
    >>> normalize_label("3.危及“三安全一稳定”")
    '危及三安全一稳定'
    >>> normalize_label("办 2.没有现成信息需要另行制作")
    '没有现成信息需要另行制作'
    >>> normalize_label("規(guī)范性文件")
    '规范性文件'
    >>> normalize_label("規範性檔案")
    '规范性文件'
    >>> normalize_label("商业\\n企业")
    '商业企业'
    """
    t = unicodedata.normalize("NFKC", text)
    # Mirror sites insert pinyin readings after characters: 規(guī)范性文件, 服務(wù)事項.
    t = _PINYIN.sub("", t)
    # A Taiwan-style converter turns 文件 into 檔案 (规范性檔案); no template label says 档案.
    t = to_simplified(t).replace("档案", "文件")
    # PDF text puts a stacked group label's characters (三/、/本/年…) before row labels.
    t = _STACKED.sub("", t)
    t = re.sub(r"\s+", "", t)
    for _ in range(3):
        stripped = _ENUM.sub("", t, count=1)
        if stripped == t:
            break
        t = stripped
    return _DROP.sub("", t)


@dataclass(frozen=True)
class LabelMatch:
    """A label matched to a row; ``fuzzy`` when only similar, not equal."""

    table: Table
    row: Row
    fuzzy: bool = False


class LabelIndex:
    """Normalised row labels of one template's tables, with match rules.

    Short labels (其他, 总计) only count as rows right after the rows listed in
    ``Row.only_after``; elsewhere they are column headings.
    """

    def __init__(self, template: Template, table_keys: tuple[str, ...] = ("active", "apply")):
        self.template = template
        self.entries: list[tuple[str, Table, Row]] = []
        self.exact: dict[str, list[tuple[Table, Row]]] = {}
        self.groups: set[str] = set()
        for key in table_keys:
            table = template.table(key)
            for row in table.rows:
                for label in (row.label, *row.aliases):
                    norm = normalize_label(label)
                    self.entries.append((norm, table, row))
                    self.exact.setdefault(norm, []).append((table, row))
                if row.group:
                    self.groups.add(normalize_label(row.group))
            self.groups.update(normalize_label(g) for g in table.groups)
            self.groups.update(normalize_label(h) for h in table.headers)

    def match(self, text: str, last_row: dict[str, str | None]) -> LabelMatch | None:
        """The row this label names, given the last matched row per table.

        Provincial variants lengthen labels with a note in brackets
        (规范性文件（指各行政机关印发的有正式文号的文件）): failing the printed
        label, the label without its notes is tried.
        """
        found = self._match(text, last_row)
        if found is None:
            plain = _PINYIN.sub("", unicodedata.normalize("NFKC", text))
            bare = _NOTE.sub("", plain)
            if bare != plain and normalize_label(bare):
                found = self._match(bare, last_row)
        return found

    def _match(self, text: str, last_row: dict[str, str | None]) -> LabelMatch | None:
        norm = normalize_label(text)
        if len(norm) < 2 and norm not in {"规章"}:
            return None
        exact = self.exact.get(norm, [])
        for table, row in exact:
            if self._allowed(table, row, last_row):
                return LabelMatch(table, row)
        if exact:
            return None
        # A label cut short (line break, truncated file) or lengthened by a variant.
        if len(norm) > 60:
            return None  # prose, not a label
        for lab, table, row in self.entries:
            if row.only_after or len(lab) < 4:
                continue
            if (
                (len(norm) >= 4 and lab.startswith(norm))
                or (norm.startswith(lab) and len(norm) - len(lab) <= 6)
            ) and self._allowed(table, row, last_row):
                return LabelMatch(table, row)
        return None

    def fuzzy_next(self, text: str, last_row: dict[str, str | None]) -> LabelMatch | None:
        """A typo'd label matched only to the row that should come next.

        A label of three characters (a scan's 予以公开 read as 以公开) is matched
        only to the very next row, and only when it differs by one character.
        """
        norm = normalize_label(text)
        if len(norm) < 3:
            return None
        for key, last in last_row.items():
            if last is None:
                continue
            table = self.template.table(key)
            keys = [r.key for r in table.rows]
            if last not in keys:
                continue
            i = keys.index(last)
            for n, row in enumerate(table.rows[i + 1 : i + 3]):
                if row.only_after:
                    continue
                label = normalize_label(row.label)
                ratio = difflib.SequenceMatcher(None, norm, label).ratio()
                short = len(norm) < 4
                if short and (n or len(label) - len(norm) != 1 or ratio < 0.8):
                    continue
                if ratio >= 0.75:
                    return LabelMatch(table, row, fuzzy=True)
        return None

    def is_whole(self, text: str, row: Row) -> bool:
        """Whether ``text`` prints ``row``'s label whole (so no continuation line follows)."""
        return any(r is row for _, r in self.exact.get(normalize_label(text), []))

    def may_begin(self, text: str) -> bool:
        """Whether a text cut by the end of the copy may be the start of a row label or a
        group heading (2.重复申… yes; 本单… no).

        >>> index = label_index("2021")
        >>> index.may_begin("2.重复申"), index.may_begin("第二十条第"), index.may_begin("本单")
        (True, True, False)
        """
        norm = normalize_label(text)
        return (
            not norm
            or any(lab.startswith(norm) for lab, _, _ in self.entries)
            or any(g.startswith(norm) for g in self.groups)
        )

    def is_group(self, text: str) -> bool:
        """True for group headings that carry no values (不予公开, 第二十条第（五）项)."""
        return normalize_label(text) in self.groups

    @staticmethod
    def _allowed(table: Table, row: Row, last_row: dict[str, str | None]) -> bool:
        last = last_row.get(table.key)
        if row.only_after:
            return last in row.only_after
        if last is None:
            return True
        keys = [r.key for r in table.rows]
        # Rows only move forward through a table; a repeat of an earlier label is a header.
        return last not in keys or keys.index(row.key) > keys.index(last)


@lru_cache(maxsize=4)
def label_index(template_id: str) -> LabelIndex:
    """The (immutable once built) label index of a template, built once per process."""
    from etl.template import get_template

    return LabelIndex(get_template(template_id))


@lru_cache(maxsize=4)
def column_labels(template_id: str) -> frozenset[str]:
    """Folded column headings of a template's tables (with their aliases)."""
    from etl.template import get_template

    template = get_template(template_id)
    return frozenset(
        normalize_label(label)
        for table in template.tables
        for row in table.rows
        for col in table.columns_of(row)
        for label in (col.label, *col.aliases)
    )
