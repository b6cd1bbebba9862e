"""Fill a parsed report's place, level, kind and agency id from its name and context.

Sources, strongest first: a user manifest row for the file; the organ's name;
hints (the file's folders and the report's opening text) that settle names
without a place or with an ambiguous one. A place that stays ambiguous is
reported so a reviewer can add a manifest row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.agencies.identity import RenameMap, normalize_agency_name
from etl.agencies.keys import agency_key
from etl.agencies.manifest import ManifestEntry
from etl.agencies.places import PlaceResult, resolve_place
from etl.findings import Finding

PLACE_FIELDS = ("province", "city", "county", "level", "kind")


@dataclass(frozen=True)
class Enrichment:
    """What was added to a report's metadata, and any doubt about it (A1/A2 findings)."""

    meta: dict
    doubts: tuple[Finding, ...] = ()


def enrich_meta(
    meta: dict,
    path: Path,
    text: str = "",
    manifest: ManifestEntry | None = None,
    renames: RenameMap | None = None,
) -> Enrichment:
    """A copy of ``meta`` with agency, year and place fields completed."""
    out = dict(meta)
    doubts: list[Finding] = []
    if manifest is not None:
        if manifest.agency and out.get("agency") and manifest.agency != out["agency"]:
            doubts.append(
                Finding(
                    "A2",
                    f"清单中的机关名称“{manifest.agency}”与年报标题“{out['agency']}”不一致，"
                    "以清单为准。",
                )
            )
        out["agency"] = manifest.agency or out.get("agency")
        if manifest.year is not None:
            if out.get("year") not in (None, manifest.year):
                doubts.append(
                    Finding(
                        "A2",
                        f"清单中的年度 {manifest.year} 与年报中的 {out['year']} 不一致，以清单为准。",
                    )
                )
            out["year"] = manifest.year
    agency = out.get("agency")
    if not agency:
        return Enrichment(out, tuple(doubts))
    out["agency"] = normalize_agency_name(agency) or agency
    hints = [*(p for p in Path(path).parent.parts[-3:]), text[:3000]]
    if manifest is not None:
        hints = [manifest.province, manifest.city, manifest.county, *hints]
    place = resolve_place(out["agency"], hints=[h for h in hints if h])
    _apply_place(out, place)
    if manifest is not None:
        for field in PLACE_FIELDS:
            value = getattr(manifest, field)
            if value:
                out[field] = value
    if place.ambiguous and not (manifest and manifest.county):
        names = "、".join(place.candidates)
        doubts.append(
            Finding(
                "A1",
                f"无法确定“{out['agency']}”所在地（候选行政区划代码：{names}），"
                "请在清单中注明省市县。",
            )
        )
    out["agency_id"] = agency_key(out["agency"], place, renames)
    out["is_office_on_behalf"] = place.is_office_on_behalf
    return Enrichment(out, tuple(doubts))


def _apply_place(out: dict, place: PlaceResult) -> None:
    for field in PLACE_FIELDS:
        out[field] = getattr(place, field) or ""
    out["adcode"] = place.adcode
