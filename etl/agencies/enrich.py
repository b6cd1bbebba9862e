"""Fill a parsed report's place, level, kind and agency id from its name and context.

Sources, strongest first: a user manifest row for the file; the organ's name;
hints (the file's folders and the report's opening text) that settle names
without a place or with an ambiguous one. A place that stays ambiguous is
reported so a reviewer can add a manifest row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from etl.agencies.identity import RenameMap, normalize_agency_name
from etl.agencies.keys import agency_id_for
from etl.agencies.manifest import ManifestEntry
from etl.agencies.places import resolve_place
from etl.findings import Finding
from etl.reportmeta import ReportMeta

PLACE_FIELDS = ("province", "city", "county", "level", "kind")


@dataclass(frozen=True)
class Enrichment:
    """The report's metadata with its place and organ id, and any doubt (A1/A2 findings)."""

    meta: ReportMeta
    doubts: tuple[Finding, ...] = ()


def enrich_meta(
    meta: ReportMeta,
    path: Path,
    text: str = "",
    manifest: ManifestEntry | None = None,
    renames: RenameMap | None = None,
) -> Enrichment:
    """A copy of ``meta`` with agency, year and place fields completed."""
    doubts: list[Finding] = []
    agency, year = meta.agency, meta.year
    if manifest is not None:
        if manifest.agency and agency and manifest.agency != agency:
            doubts.append(
                Finding(
                    "A2",
                    f"清单中的机关名称“{manifest.agency}”与年报标题“{agency}”不一致，以清单为准。",
                )
            )
        agency = manifest.agency or agency
        if manifest.year is not None:
            if year not in (None, manifest.year):
                doubts.append(
                    Finding(
                        "A2",
                        f"清单中的年度 {manifest.year} 与年报中的 {year} 不一致，以清单为准。",
                    )
                )
            year = manifest.year
    if not agency:
        return Enrichment(replace(meta, agency=agency, year=year), tuple(doubts))
    agency = normalize_agency_name(agency) or agency
    hints = [*(p for p in Path(path).parent.parts[-3:]), text[:3000]]
    if manifest is not None:
        hints = [manifest.province, manifest.city, manifest.county, *hints]
    place = resolve_place(agency, hints=[h for h in hints if h])
    where: dict[str, str] = {f: getattr(place, f) or "" for f in PLACE_FIELDS}
    if manifest is not None:
        where |= {f: getattr(manifest, f) for f in PLACE_FIELDS if getattr(manifest, f)}
    if place.ambiguous and not (manifest and manifest.county):
        names = "、".join(place.candidates)
        doubts.append(
            Finding(
                "A1",
                f"无法确定“{agency}”所在地（候选行政区划代码：{names}），请在清单中注明省市县。",
            )
        )
    placed = replace(
        meta,
        agency=agency,
        year=year,
        province=where["province"],
        city=where["city"],
        county=where["county"],
        level=where["level"],
        kind=where["kind"],
        adcode=place.adcode,
        agency_id=agency_id_for(agency, place, renames),
        is_office_on_behalf=place.is_office_on_behalf,
    )
    return Enrichment(placed, tuple(doubts))
