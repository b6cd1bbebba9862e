"""Find the user's manifest and rename list for a report file.

A ``manifest.csv`` (or ``xxgk-manifest.csv``) in the report's folder or up to
three folders above it applies to the files it names; a ``renames.csv`` with
columns ``old,new`` beside it merges renamed organs into one agency. Both are
read once per folder and process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from etl.agencies.identity import RenameMap
from etl.agencies.manifest import ManifestEntry, lookup, manifest_index, read_manifest

MANIFEST_NAMES = ("manifest.csv", "xxgk-manifest.csv")
RENAMES_NAMES = ("renames.csv", "xxgk-renames.csv")
LEVELS_UP = 3


def _folders(path: Path) -> list[Path]:
    folder = path.resolve().parent
    return [folder, *list(folder.parents)[:LEVELS_UP]]


@lru_cache(maxsize=256)
def _manifest_in(folder: Path) -> dict[str, ManifestEntry] | None:
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return manifest_index(read_manifest(candidate))
    return None


@lru_cache(maxsize=256)
def _renames_in(folder: Path) -> RenameMap | None:
    for name in RENAMES_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return RenameMap.from_csv(candidate)
    return None


def context_for(path: Path) -> tuple[ManifestEntry | None, RenameMap | None]:
    """The manifest row for this file (nearest manifest naming it) and the rename list."""
    entry = None
    renames = None
    for folder in _folders(Path(path)):
        if entry is None and (index := _manifest_in(folder)) is not None:
            entry = lookup(index, path)
        if renames is None:
            renames = _renames_in(folder)
    return entry, renames
