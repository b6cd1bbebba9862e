"""The Finding record: a rule broken or a parsing doubt, carried as data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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
