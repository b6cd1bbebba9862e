"""A report's metadata: the one typed record the matcher builds and every later stage reads.

The matcher fills what the document says (organ, year, template and why, issue date);
agency enrichment (:mod:`etl.agencies.enrich`) returns a copy with the place and the
organ's id; the checks read it; the store writes it into ``reports``; ``xxgk parse
--json`` prints :meth:`ReportMeta.to_json` (field names and order as ever: the place
fields appear only once the report was placed).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from etl.agencies.identity import OrganIdentity


@dataclass(frozen=True)
class ReportMeta:
    """Who published which year's report, on which template; ``None``: not known."""

    agency: str | None = None  # the organ's name (normalised once enrichment ran)
    year: int | None = None  # the statistics year
    template: str | None = None  # "2019" or "2021": the tables the report prints
    province: str | None = None  # "" once placed without a province
    city: str | None = None
    county: str | None = None
    level: str | None = None  # one of etl.template.LEVELS
    kind: str | None = None  # one of etl.template.KINDS
    published_on: date | None = None  # the issue date printed in the report
    published_on_source: str | None = None  # where that date was read (落款日期 …)
    template_reason: str | None = None  # why the template was chosen (markers counted)
    # Set by agency enrichment; all three absent before it ran (or without an organ):
    adcode: str | None = None  # the place's 6-digit 行政区划代码
    agency_id: str | None = None  # the organ's stable id (etl.agencies.identity)
    is_office_on_behalf: bool | None = None  # an 办公厅/办公室 reporting for its government

    @property
    def organ(self) -> OrganIdentity:
        """The organ, as the store joins its reports across years (``organ.key``)."""
        return OrganIdentity(self.agency_id, self.agency)

    @property
    def placed(self) -> bool:
        """True once agency enrichment gave the report a place and an organ id."""
        return self.agency_id is not None

    def to_json(self) -> dict[str, Any]:
        """The ``meta`` object of ``xxgk parse --json``.

        >>> ReportMeta("某局", 2023, "2021", published_on=date(2024, 1, 5)).to_json()["published_on"]
        '2024-01-05'
        >>> "agency_id" in ReportMeta("某局", 2023, "2021").to_json()
        False
        """
        placed_only = {"adcode", "agency_id", "is_office_on_behalf"}
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name in placed_only and not self.placed:
                continue
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out
