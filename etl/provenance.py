"""Where a value came from: the one record every stage uses for a value's source.

The matcher makes a :class:`ValueSource` for each value it reads (part, printed
labels, raw cell, block / row / column, line / page / table), the parse step adds
the sentence of a value read from prose, and derived values name their parts.
The store keeps it as JSON in ``report_values.locator`` (:meth:`to_json` /
:meth:`from_json`, the same field names as ever), and the CLI (``xxgk explain``,
finding locators) and the dashboard describe it with the one :meth:`describe`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from etl.template import part_name


@dataclass(frozen=True)
class ValueSource:
    """One value's source; ``None`` fields were not known (or do not apply)."""

    file: str | None = None  # another (partial) copy of the report the value was taken from
    part: int | None = None  # 1–6, the report part it was printed in
    row_label: str | None = None  # the template row's label the value was placed under
    column: str | None = None  # the template column's label
    cell: str | None = None  # the raw cell text as printed ("" for a blank read as 0)
    block: int | None = None  # index of the reader's block (paragraph or table)
    r: int | None = None  # 1-based row within the block
    c: int | None = None  # 1-based column within the row
    line: int | None = None  # 1-based source line (text formats)
    page: int | None = None  # 1-based page (PDF)
    table: int | None = None  # 1-based index among the document's tables
    source: str | None = None  # "narrative" for values read from prose
    text: str | None = None  # the sentence a prose value was read from
    derived_from: tuple[str, ...] = ()  # keys summed into a derived value
    ocr: dict | None = None  # read from a page image: {"box": [x0, top, x1, bottom] (pt),
    # "confidence": least character score, "weak": the cell with doubtful digits as "?"}
    arithmetic: str | None = None  # "confirmed" / "corrected" (OCR digits) or "split" (run
    # together): the value is the only one the template's sums allow

    def to_json(self) -> dict[str, Any]:
        """The stored JSON object: every known field, nothing for the unknown ones."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "derived_from":
                if value:
                    out[f.name] = list(value)
            elif value is not None:
                out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | str | None) -> ValueSource:
        """Read a stored locator (JSON text or object); fields it does not know are ignored.

        >>> ValueSource.from_json('{"part": 3, "line": 7, "derived_from": ["a", "b"]}').to_json()
        {'part': 3, 'line': 7, 'derived_from': ['a', 'b']}
        """
        if isinstance(data, str):
            data = json.loads(data) if data else {}
        if not isinstance(data, Mapping):
            return cls()
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known and v is not None}
        if "derived_from" in kwargs:
            kwargs["derived_from"] = tuple(kwargs["derived_from"])
        return cls(**kwargs)

    def merged(self, other: Mapping[str, Any]) -> ValueSource:
        """A copy with the fields of ``other`` (a locator object) laid over this one."""
        return ValueSource.from_json({**self.to_json(), **other})

    def with_text(self, text: str) -> ValueSource:
        """A copy that quotes the sentence the value was read from."""
        return replace(self, text=text)

    def describe(self) -> str:
        """One line saying where a value was printed (Chinese labels, source positions).

        >>> ValueSource(part=3, row_label="(七) 总计", column="总计", cell="25",
        ...             r=70, c=9, line=70).describe()
        '第三部分 · 行“(七) 总计” · 列“总计” · 原文“25” · 第70行 · 格 r70 c9'
        >>> ValueSource(derived_from=("a.b.c", "a.b.d")).describe()
        '派生 = a.b.c + a.b.d'
        """
        if self.derived_from:
            return "派生 = " + " + ".join(self.derived_from)
        out = self._where() + self._printed() + self._reading()
        return " · ".join(out) if out else "（无位置信息）"

    def _where(self) -> list[str]:
        """File, part, page, table, row and column."""
        out: list[str] = []
        if self.file:
            out.append(f"文件“{self.file}”")
        if isinstance(self.part, int) and 1 <= self.part <= 6:
            out.append(part_name(self.part))
        if self.page is not None:
            out.append(f"第{self.page}页")
        if self.table is not None:
            out.append(f"表{self.table}")
        if self.row_label:
            out.append(f"行“{self.row_label}”")
        if self.column:
            out.append(f"列“{self.column}”")
        return out

    def _printed(self) -> list[str]:
        """The cell or sentence as printed, its line and grid position."""
        out: list[str] = []
        if self.cell is not None:
            out.append(f"原文“{self.cell}”")
        if self.text:
            text = str(self.text)
            out.append(f"原文“{text[:80]}{'…' if len(text) > 80 else ''}”")
        if self.line is not None:
            out.append(f"第{self.line}行")
        if self.r is not None and self.c is not None:
            out.append(f"格 r{self.r} c{self.c}")
        return out

    def _reading(self) -> list[str]:
        """How the value was read: OCR, and digits settled by the template's arithmetic."""
        out: list[str] = []
        if self.ocr:
            box = ",".join(str(v) for v in self.ocr.get("box", ()))
            out.append(f"OCR 识别（置信度 {self.ocr.get('confidence')}，框 {box} pt）")
        if self.arithmetic in ("confirmed", "corrected"):
            weak = (self.ocr or {}).get("weak")
            verb = "确认" if self.arithmetic == "confirmed" else "更正"
            out.append(f"识别为“{weak}”，由勾稽关系唯一{verb}")
        elif self.arithmetic == "split":
            out.append("连写数字按勾稽关系唯一拆分")
        return out


@dataclass(frozen=True)
class CanonicalValue:
    """One value under its canonical key, with where it came from."""

    key: str
    value: float
    derived: bool
    locator: ValueSource
