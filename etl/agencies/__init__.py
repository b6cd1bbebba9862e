"""Who filed a report: the organ's place, level and kind, its stable id, and the manifest.

Pure functions only, no database: ``places.resolve_place`` reads an organ's name (with
optional hints), ``keys.agency_id_for`` gives it an id that survives spelling variants
and renames, ``manifest.read_manifest`` / ``lookup`` read a user's per-file overrides.
The division table comes from the ``cpca`` package (``divisions.py``).
"""

from __future__ import annotations

from etl.agencies.identity import OrganIdentity, RenameMap, normalize_agency_name, organ_key
from etl.agencies.keys import agency_id_for
from etl.agencies.manifest import (
    ManifestEntry,
    ManifestError,
    lookup,
    manifest_index,
    read_manifest,
)
from etl.agencies.places import PlaceResult, resolve_place

__all__ = [
    "ManifestEntry",
    "ManifestError",
    "OrganIdentity",
    "PlaceResult",
    "RenameMap",
    "agency_id_for",
    "lookup",
    "manifest_index",
    "normalize_agency_name",
    "organ_key",
    "read_manifest",
    "resolve_place",
]
