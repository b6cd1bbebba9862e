"""The Finding record (a rule broken or a parsing doubt, carried as data) and locator text.

A finding names its cells by canonical key; ``attach_locators`` adds, for each
key, a readable description of where the value was printed, so a reviewer can
find it in the source without running any tool.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

from etl.template.rules import FINDING_TYPES

_PART_NAMES = "一二三四五六"


@dataclass(frozen=True)
class Finding:
    """One finding on one report; ``rule`` is an id of FINDING_CATALOGUE."""

    rule: str
    message: str  # Chinese, actionable by a reviewer
    keys: tuple[str, ...] = ()
    expected: float | None = None
    found: float | None = None
    locators: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        # A non-finite number is never a value: keep it out of the store and the JSON.
        for name in ("expected", "found"):
            x = getattr(self, name)
            if x is not None and not math.isfinite(x):
                object.__setattr__(self, name, None)

    @property
    def severity(self) -> str:
        """error / warning / info, from the catalogue."""
        return FINDING_TYPES[self.rule].severity.value

    def to_dict(self) -> dict:
        """A JSON-ready dict including the severity."""
        d = asdict(self)
        d["keys"] = list(self.keys)
        d["locators"] = list(self.locators)
        d["severity"] = self.severity
        return d


def describe_locator(loc: Mapping) -> str:
    """One line saying where a value was printed (Chinese labels, source positions).

    >>> describe_locator({"part": 3, "row_label": "(七) 总计", "column": "总计",
    ...                   "cell": "25", "r": 70, "c": 9, "line": 70})
    '第三部分 · 行“(七) 总计” · 列“总计” · 原文“25” · 第70行 · 格 r70 c9'
    >>> describe_locator({"derived_from": ["a.b.c", "a.b.d"]})
    '派生 = a.b.c + a.b.d'
    """
    if loc.get("derived_from"):
        return "派生 = " + " + ".join(loc["derived_from"])
    out: list[str] = []
    if loc.get("file"):  # a value taken from another (partial) copy of the report
        out.append(f"文件“{loc['file']}”")
    part = loc.get("part")
    if isinstance(part, int) and 1 <= part <= 6:
        out.append(f"第{_PART_NAMES[part - 1]}部分")
    if loc.get("page") is not None:
        out.append(f"第{loc['page']}页")
    if loc.get("table") is not None:
        out.append(f"表{loc['table']}")
    if loc.get("row_label"):
        out.append(f"行“{loc['row_label']}”")
    if loc.get("column"):
        out.append(f"列“{loc['column']}”")
    if loc.get("cell") is not None:
        out.append(f"原文“{loc['cell']}”")
    if loc.get("text"):
        text = str(loc["text"])
        out.append(f"原文“{text[:80]}{'…' if len(text) > 80 else ''}”")
    if loc.get("line") is not None:
        out.append(f"第{loc['line']}行")
    if loc.get("r") is not None and loc.get("c") is not None:
        out.append(f"格 r{loc['r']} c{loc['c']}")
    return " · ".join(out) if out else "（无位置信息）"


def attach_locators(findings: list[Finding], locators: Mapping[str, Mapping]) -> list[Finding]:
    """Add a ``key: where`` line for each key of a finding that has none yet."""
    out: list[Finding] = []
    for f in findings:
        have = {line.split(":", 1)[0] for line in f.locators}
        extra = tuple(
            f"{k}: {describe_locator(locators[k])}"
            for k in f.keys
            if k in locators and k not in have
        )
        out.append(replace(f, locators=f.locators + extra) if extra else f)
    return out
