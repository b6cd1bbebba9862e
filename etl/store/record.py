"""One parsed report as the store takes it, and its row of ``reports``.

:class:`ReportRecord` is what the ingest loop hands the loaders (single and bulk);
:func:`report_row` gives its value for every column of ``ddl.REPORTS``, so both loaders
write the same row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from etl.findings import Finding
from etl.reportmeta import ReportMeta
from etl.store.ddl import report_columns


@dataclass(frozen=True)
class ReportRecord:
    """Everything the store needs about one report, already parsed."""

    report_id: str
    meta: ReportMeta
    # key, value, derived, locator (an object, or its JSON text when a worker made it)
    values: Sequence[tuple[str, float, bool, dict | str]]
    findings: list[Finding]
    source_path: str
    source_sha256: str
    source_format: str
    completeness: float | None = None
    parts_found: str = ""
    is_simulated: bool = False
    source_mtime: float | None = None  # seconds since the epoch
    prose: dict[int, str] | None = None  # parts 一/五/六's text; None: not read


#: ``published_on_source`` of a report whose text prints no issue date; NULL means
#: the report was loaded before schema 4 and its date was never looked for.
NOT_PRINTED = "未载明"


def published_fields(meta: ReportMeta) -> tuple[date | None, str]:
    """``(published_on, published_on_source)`` for the reports row."""
    when = meta.published_on
    return when, (meta.published_on_source or NOT_PRINTED) if when is not None else NOT_PRINTED


def report_row(
    rec: ReportRecord, organ: str | None, findings: list[Finding], now: datetime
) -> dict[str, Any]:
    """The ``reports`` row of a record: one value for every column of ``ddl.REPORTS``."""
    meta = rec.meta
    published_on, published_on_source = published_fields(meta)
    row = {
        "report_id": rec.report_id,
        "agency": meta.agency,
        "year": meta.year,
        "template": meta.template,
        "province": meta.province,
        "city": meta.city,
        "county": meta.county,
        "level": meta.level,
        "kind": meta.kind,
        "source_path": rec.source_path,
        "source_sha256": rec.source_sha256,
        "source_format": rec.source_format,
        "ingested_at": now,
        "adcode": meta.adcode,
        "agency_id": meta.agency_id,
        "is_simulated": rec.is_simulated,
        "n_errors": sum(1 for f in findings if f.severity == "error"),
        "n_warnings": sum(1 for f in findings if f.severity == "warning"),
        "completeness": rec.completeness,
        "parts_found": rec.parts_found,
        "organ_key": organ,
        "published_on": published_on,
        "published_on_source": published_on_source,
    }
    return {c: row[c] for c in report_columns()}  # a column without a value fails here
