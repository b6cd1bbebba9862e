"""Who an organ is: one normalised name, the renames that join two names, one identity.

An organ has, by design, these names for itself (and no others):

- ``agency``: its name as the report prints it, normalised by :func:`normalize_agency_name`
  (the only name normaliser).
- ``agency_id`` (column ``reports.agency_id``): ``<adcode|central|000000>-<12 hex>``
  from the current name (after renames) and the place, made by
  :func:`etl.agencies.keys.agency_id_for`.
- :attr:`OrganIdentity.key` (column ``reports.organ_key``): what joins an organ's reports
  across years: ``id:<agency_id>``, or ``name:<normalised name>`` for a report without an
  id. The dashboard and the roster call the same value ``agency_key`` (their column name,
  kept because saved links and stored rosters carry it); the dashboard's ``agency_ix`` is
  only a dense integer numbering these keys in memory, for fast grouping.

The same organ is printed as 保定市行政审批局, 保定市 行政审批局, 保定市行政審批局 or
保定市行政审批局2024年政府信息公开工作年度报告. ``normalize_agency_name`` folds those to one
form; a ``RenameMap`` (data, e.g. a CSV of old,new) keeps a renamed organ
(洪泽县人民政府 → 淮安市洪泽区人民政府) on one name. The id built from a name and its place
is in :mod:`etl.agencies.keys` (it needs :mod:`etl.agencies.places`, which needs this module).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.chinese import to_simplified

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "【", "]": "】", "〔": "【", "〕": "】"})
_TITLE_TAIL = re.compile(
    r"(?:关于)?(?:[(（]?\d{4}(?:年度?|-\d{4}年度?)?[)）]?)?(?:的)?"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:的)?(?:年度)?(?:报告|年报)(?:全文)?$"
)
_YEAR_HEAD = re.compile(r"^[(（]?\d{4}年度?[)）]?")
_EDGE_PUNCT = re.compile(r"^[\-—_·:：,，、.。\s]+|[\-—_·:：,，、.。\s]+$")


@lru_cache(maxsize=131072)
def normalize_agency_name(name: str) -> str:
    """The comparable form of an organ's name.

    NFKC (full-width letters and digits), traditional → simplified, no spaces, round
    brackets as （）, square ones as 【】, and no trailing report title or leading year.

    >>> normalize_agency_name(" 保定市 行政審批局(本級) ")
    '保定市行政审批局（本级）'
    >>> normalize_agency_name("淮安市洪泽区人民政府2024年政府信息公开工作年度报告")
    '淮安市洪泽区人民政府'
    """
    text = unicodedata.normalize("NFKC", name)
    text = to_simplified(text)
    text = _SPACE.sub("", text).translate(_BRACKETS)
    for _ in range(2):
        text = _TITLE_TAIL.sub("", text)
        text = _YEAR_HEAD.sub("", text)
        text = _EDGE_PUNCT.sub("", text)
    return text


@dataclass(frozen=True)
class OrganIdentity:
    """The organ a report belongs to, as the store joins its reports across years."""

    agency_id: str | None  # see etl.agencies.keys.agency_id_for; None when never placed
    agency: str | None  # the organ's name

    @property
    def key(self) -> str | None:
        """``reports.organ_key``: the id when known, else the normalised name; None if neither.

        >>> OrganIdentity(None, "保定市 行政審批局").key
        'name:保定市行政审批局'
        >>> OrganIdentity("130600-xzspj", "whatever").key
        'id:130600-xzspj'
        """
        if self.agency_id:
            return f"id:{self.agency_id}"
        name = normalize_agency_name(self.agency) if self.agency else ""
        return f"name:{name}" if name else None


def organ_key(agency_id: str | None, agency: str | None) -> str | None:
    """:attr:`OrganIdentity.key` of an id and a name (for rows read from a database)."""
    return OrganIdentity(agency_id, agency).key


@dataclass(frozen=True)
class RenameMap:
    """Old organ name → current name, normalised; chains (a→b→c) resolve to the last."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_pairs(cls, pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> RenameMap:
        """Build from a mapping or (old, new) pairs; raises ValueError on a cycle."""
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        table: dict[str, str] = {}
        for old, new in items:
            o, n = normalize_agency_name(old), normalize_agency_name(new)
            if not o or not n:
                raise ValueError(f"rename {old!r} → {new!r} has an empty name")
            if o in table and table[o] != n:
                raise ValueError(f"{o} is renamed twice: to {table[o]} and to {n}")
            if o != n:
                table[o] = n
        result = cls(tuple(sorted(table.items())))
        for old in table:
            result.canonical(old)  # raises on a cycle now rather than at lookup time
        return result

    @classmethod
    def from_csv(cls, path: str | Path) -> RenameMap:
        """Read a CSV with header ``old,new`` (UTF-8, UTF-8 with BOM or GBK)."""
        path = Path(path)
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        rows = list(csv.DictReader(text.splitlines()))
        if rows and not {"old", "new"} <= set(rows[0]):
            raise ValueError(f"{path}: the rename file needs the columns old and new")
        return cls.from_pairs((r["old"] or "", r["new"] or "") for r in rows)

    @property
    def _table(self) -> dict[str, str]:
        return _as_dict(self.pairs)

    def canonical(self, name: str) -> str:
        """The current name of an organ, following renames; the name itself if none."""
        table = self._table
        current = normalize_agency_name(name)
        seen = {current}
        while current in table:
            current = table[current]
            if current in seen:
                raise ValueError(f"renames form a cycle through {current}")
            seen.add(current)
        return current


@lru_cache(maxsize=64)
def _as_dict(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)
