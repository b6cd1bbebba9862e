"""The Finding record (a rule broken or a parsing doubt, carried as data) and locator text.

A finding names its cells by canonical key; ``attach_locators`` adds, for each
key, a readable description of where the value was printed
(:meth:`etl.provenance.ValueSource.describe`), so a reviewer can find it in the
source without running any tool.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

from etl.provenance import ValueSource
from etl.template.rules import FINDING_TYPES


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


def describe_locator(loc: Mapping | ValueSource | str) -> str:
    """One line saying where a value was printed (a stored locator, object or JSON text, or
    a ValueSource)."""
    source = loc if isinstance(loc, ValueSource) else ValueSource.from_json(loc)
    return source.describe()


def attach_locators(findings: list[Finding], locators: Mapping[str, ValueSource]) -> list[Finding]:
    """Add a ``key: where`` line for each key of a finding that has none yet."""
    out: list[Finding] = []
    for f in findings:
        have = {line.split(":", 1)[0] for line in f.locators}
        extra = tuple(
            f"{k}: {locators[k].describe()}" for k in f.keys if k in locators and k not in have
        )
        out.append(replace(f, locators=f.locators + extra) if extra else f)
    return out
