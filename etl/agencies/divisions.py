"""The administrative-division table and a prefix-matching index over it.

The table is the offline ``adcodes.csv`` that the ``cpca`` package ships (provinces,
prefectures and counties with their 行政区划代码). It is read straight from the installed
package, without importing ``cpca`` itself (whose import builds its own matcher through
``pkg_resources`` and is slow), and turned once, lazily, into a ``DivisionIndex``: every
division under its full name and under its short forms (河北, 保定, 延边州, 长阳县).

``places.py`` walks an organ's name with ``DivisionIndex.match_at``; nothing here knows
about organs, levels or kinds.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from etl.chinese import to_simplified

PROVINCE, CITY, COUNTY = 0, 1, 2

#: Names the table uses for "no prefecture here" slots (北京 市辖区, 重庆 县, 省直辖…).
_PLACEHOLDER = re.compile(r"^(市辖区|县|.*直辖县级行政区划)$")
_ADMIN_SUFFIX = {
    PROVINCE: re.compile(r"(特别行政区|自治区|省|市)$"),
    CITY: re.compile(r"(自治州|地区|盟|市)$"),
    COUNTY: re.compile(r"(自治县|自治旗|特区|林区|县|区|市|旗)$"),
}
#: What may follow a county's short name for it to count (洪泽 + 区, 长阳 + 县).
COUNTY_SUFFIXES = ("自治县", "自治旗", "特区", "林区", "县", "区", "市", "旗")
_MIN_STEM = 2


@dataclass(frozen=True)
class Division:
    """One row of the division table."""

    adcode: str  # 6 digits
    name: str
    rank: int  # PROVINCE, CITY or COUNTY

    @property
    def prefix(self) -> str:
        """The adcode digits every division inside this one starts with."""
        return self.adcode[: 2 * (self.rank + 1)]

    def contains(self, other: Division) -> bool:
        """True when ``other`` lies inside this division (strictly deeper)."""
        return other.rank > self.rank and other.adcode.startswith(self.prefix)

    def related(self, other: Division) -> bool:
        """True when one of the two divisions contains the other, or they are the same."""
        return self == other or self.contains(other) or other.contains(self)


@dataclass(frozen=True)
class Match:
    """Divisions named by ``text[start:end]``; several when the name is ambiguous."""

    start: int
    end: int
    text: str
    divisions: tuple[Division, ...]
    is_full: bool  # the full official name, not a short form


def _cpca_resource(name: str) -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or spec.origin is None:
        raise ImportError("the cpca package is not installed; it ships the division table")
    return Path(spec.origin).parent / "resources" / name


def _read_nations() -> tuple[str, ...]:
    """Ethnic-group names as they appear inside division names (苗族, 蒙古, 柯尔克孜)."""
    words: set[str] = set()
    with _cpca_resource("56_nations.csv").open(encoding="utf-8") as fh:
        for line in fh:
            nation = line.strip()
            if not nation:
                continue
            words.add(nation)
            bare = nation.removesuffix("族")
            if len(bare) >= _MIN_STEM:
                words.add(bare)
    return tuple(sorted(words, key=len, reverse=True))


def _strip_nations(stem: str, nations: tuple[str, ...]) -> str:
    """Drop trailing ethnic-group names: 黔东南苗族侗族 → 黔东南, 东乡族 → 东乡."""
    changed = True
    while changed:
        changed = False
        for word in nations:
            if stem.endswith(word) and len(stem) - len(word) >= _MIN_STEM:
                stem = stem[: -len(word)]
                changed = True
                break
    if stem.endswith("族") and len(stem) > _MIN_STEM:
        stem = stem[:-1]
    return stem


def short_forms(division: Division, nations: tuple[str, ...]) -> tuple[str, ...]:
    """Short names a division goes by, besides its full name."""
    name = division.name
    stem = _ADMIN_SUFFIX[division.rank].sub("", name)
    if stem == name:
        return ()
    stem = _strip_nations(stem, nations)
    if len(stem) < _MIN_STEM:
        return ()
    forms = [stem]
    if name.endswith("自治州"):
        forms.append(stem + "州")  # 延边州, 恩施州
    elif name.endswith("地区"):
        forms.append(stem + "市")  # 那曲地区 → 那曲市 (地区 made cities after the table)
    return tuple(f for f in forms if f != name)


_BANNER_SIDE = re.compile(r"^(?P<head>.+?)(?P<side>[左右])翼(?P<rest>[前中后])?$")


def banner_abbreviations(division: Division) -> tuple[str, ...]:
    """The short names Inner Mongolia prints for its long banners.

    >>> [banner_abbreviations(Division("152221", n, COUNTY)) for n in
    ...  ("科尔沁右翼前旗", "土默特左旗", "西乌珠穆沁旗", "镶黄旗", "阿拉善左旗")]
    [('科右前旗',), ('土左旗',), ('西乌旗',), (), ('阿左旗',)]
    """
    name = division.name
    if division.rank != COUNTY or not name.endswith("旗") or name.endswith("自治旗"):
        return ()
    stem = name[:-1]
    side = _BANNER_SIDE.match(stem)
    if side:  # 科尔沁右翼前旗 → 科右前旗, 察哈尔右翼中旗 → 察右中旗
        return (side.group("head")[0] + side.group("side") + (side.group("rest") or "") + "旗",)
    if len(stem) >= 4 and stem[-1] in "左右前中后":  # 土默特左旗 → 土左旗, 鄂托克前旗 → 鄂前旗
        return (stem[0] + stem[-1] + "旗",)
    if len(stem) >= 5 and stem[0] in "东西":  # 西乌珠穆沁旗 → 西乌旗
        return (stem[:2] + "旗",)
    return ()


class DivisionIndex:
    """Every division by code, full name and short name, with prefix matching."""

    def __init__(self, divisions: list[Division], nations: tuple[str, ...]) -> None:
        self.by_code: dict[str, Division] = {d.adcode: d for d in divisions}
        self._names: dict[str, list[tuple[Division, bool]]] = {}
        self._county_stems: dict[str, list[Division]] = {}
        # 台湾/香港/澳门 have no subdivisions in the table and file no such reports; their
        # short names would only cause false hits (国务院台湾事务办公室 is a central organ)
        parents = {d.adcode[:2] for d in divisions if d.rank > PROVINCE}
        for d in divisions:
            if _PLACEHOLDER.match(d.name) or len(d.name) < _MIN_STEM:
                continue
            self._add(self._names, d.name, (d, True))
            if d.rank == PROVINCE and d.prefix not in parents:
                continue
            for form in banner_abbreviations(d):
                self._add(self._names, form, (d, False))
            for form in short_forms(d, nations):
                if d.rank == COUNTY:
                    # a county's bare stem (公安, 东方) is a common word: it only counts
                    # when a county suffix follows it, see match_at
                    self._add(self._county_stems, form, d)
                else:
                    self._add(self._names, form, (d, False))
        keys = list(self._names) + list(self._county_stems)
        self._max_len = max(len(k) for k in keys)
        self._first_chars = frozenset(k[0] for k in keys)

    @staticmethod
    def _add(table: dict[str, list[Any]], key: str, value: Any) -> None:
        # names are looked up after OpenCC t2s, which also rewrites some simplified place
        # characters (乾安县 → 干安县), so every key is stored in its t2s form as well
        for form in dict.fromkeys((key, to_simplified(key))):
            table.setdefault(form, []).append(value)

    def is_placeholder(self, adcode: str) -> bool:
        """True for the table's 市辖区 / 县 / 省直辖县级行政区划 slots."""
        d = self.by_code.get(adcode)
        return d is not None and bool(_PLACEHOLDER.match(d.name))

    def ancestors(self, division: Division) -> tuple[Division | None, Division | None]:
        """(province, prefecture) of a division; the prefecture is None for placeholders."""
        province = self.by_code.get(division.adcode[:2] + "0000")
        city = None
        if division.rank == COUNTY:
            code = division.adcode[:4] + "00"
            if not self.is_placeholder(code):
                city = self.by_code.get(code)
        return province, city

    def match_at(self, text: str, pos: int, within: tuple[Division, ...] = ()) -> Match | None:
        """The longest division name starting at ``text[pos]``.

        With ``within``, only divisions inside one of those count. Full names beat short
        forms of the same length; among equal matches the higher rank wins (吉林 is the
        province before the prefecture).
        """
        if pos >= len(text) or text[pos] not in self._first_chars:
            return None
        best: tuple[int, bool, int] | None = None
        found: tuple[Division, ...] = ()
        top = min(self._max_len, len(text) - pos)
        for length in range(top, _MIN_STEM - 1, -1):
            piece = text[pos : pos + length]
            options: list[tuple[int, bool, Division]] = [
                (length, full, d) for d, full in self._names.get(piece, ())
            ]
            if piece in self._county_stems:
                tail = text[pos + length :]
                suffix = next((s for s in COUNTY_SUFFIXES if tail.startswith(s)), None)
                if suffix is not None:
                    options += [(length + len(suffix), False, d) for d in self._county_stems[piece]]
            for total, full, d in options:
                if within and not any(w.contains(d) for w in within):
                    continue
                score = (total, full, -d.rank)
                if best is None or score > best:
                    best, found = score, (d,)
                elif score == best and d not in found:
                    found = (*found, d)
        if best is None:
            return None
        end = pos + best[0]
        return Match(pos, end, text[pos:end], found, best[1])

    def county_stem_at(
        self, text: str, pos: int, within: tuple[Division, ...] = ()
    ) -> tuple[Division, ...]:
        """Counties whose bare stem (乐清 of 乐清市) starts ``text[pos]``, longest first,
        with no county suffix needed: a development zone is named after its county
        (乐清经济开发区)."""
        top = min(self._max_len, len(text) - pos)
        for length in range(top, _MIN_STEM - 1, -1):
            found = tuple(
                d
                for d in self._county_stems.get(text[pos : pos + length], ())
                if not within or any(w.contains(d) for w in within)
            )
            if found:
                return found
        return ()

    def match_chain(self, text: str, pos: int = 0) -> list[Match]:
        """Successive division names from ``pos``: 四川省 → 达州市 → 大竹县.

        Each match must lie inside the one before, so an ambiguous county is narrowed by
        the prefecture named in front of it.
        """
        chain: list[Match] = []
        within: tuple[Division, ...] = ()
        while (m := self.match_at(text, pos, within)) is not None:
            chain.append(m)
            within, pos = m.divisions, m.end
        return chain

    def scan(self, text: str) -> list[Match]:
        """Every division name anywhere in ``text`` (for hints), left to right."""
        out: list[Match] = []
        pos = 0
        while pos < len(text):
            m = self.match_at(text, pos)
            if m is None:
                pos += 1
            else:
                out.append(m)
                pos = m.end
        return out


@lru_cache(maxsize=1)
def division_index() -> DivisionIndex:
    """The index over cpca's table, built on first use (about 0.1 s) and kept."""
    divisions: list[Division] = []
    with _cpca_resource("adcodes.csv").open(encoding="utf-8", newline="") as fh:
        for record in csv.DictReader(fh):
            code = record["adcode"][:6]
            rank = PROVINCE if code.endswith("0000") else CITY if code.endswith("00") else COUNTY
            divisions.append(Division(code, record["name"].strip(), rank))
    divisions.sort(key=lambda d: d.adcode)
    return DivisionIndex(divisions, _read_nations())
