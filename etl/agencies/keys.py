"""The agency id (``reports.agency_id``): ``<adcode|central|000000>-<12 hex of sha256(normalised name)>``.

Above both the name normaliser (:mod:`etl.agencies.identity`) and the place resolver
(:mod:`etl.agencies.places`), because a renamed organ's id is placed from its current name.
The store uses the id to join an organ's reports across years.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from etl.agencies.identity import RenameMap, normalize_agency_name
from etl.agencies.places import PlaceResult, resolve_place
from etl.template import LEVELS

_CENTRAL = "central"
_NO_PLACE = "000000"


def agency_id_for(
    name: str,
    place: PlaceResult | None = None,
    renames: RenameMap | Mapping[str, str] | None = None,
) -> str:
    """A stable id: ``<adcode|central|000000>-<12 hex of sha256(normalised name)>``.

    Names that differ only in brackets, spaces, script or a trailing report title give the
    same key. With ``renames``, an old name is replaced by the current one first; the
    place part then comes from the current name (resolved with the given place as hint),
    so an organ renamed with its county (洪泽县 → 洪泽区) keeps one key.
    """
    if renames is not None and not isinstance(renames, RenameMap):
        renames = RenameMap.from_pairs(renames)
    normal = normalize_agency_name(name)
    canonical = renames.canonical(normal) if renames is not None else normal
    if canonical != normal or place is None:
        hints = (place.province, place.city, place.county) if place is not None else ()
        place = resolve_place(canonical, hints=hints)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
    return f"{_place_code(place)}-{digest}"


def _place_code(place: PlaceResult) -> str:
    if place.adcode:
        return place.adcode
    if place.level == LEVELS[0]:  # 国务院部门
        return _CENTRAL
    return _NO_PLACE
