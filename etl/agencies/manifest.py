"""An optional user manifest: per-file agency, year and place, overriding what names imply.

A manifest is a CSV file beside the reports (UTF-8, UTF-8 with BOM, or GBK as Excel saves
it) with a header from ``file, agency, year, province, city, county, level, kind, parent``;
only ``file`` is required and blank cells mean "not given". ``file`` is a path relative to
the manifest's folder. ``read_manifest`` validates every row and raises ``ManifestError``
(one sentence, with the row number) on the first problem; ``lookup`` finds a report's row.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from etl.errors import XxgkError
from etl.template import KINDS, LEVELS

COLUMNS: tuple[str, ...] = (
    "file",
    "agency",
    "year",
    "province",
    "city",
    "county",
    "level",
    "kind",
    "parent",
)
#: Reports exist since the 2008 regulations; a later year is a typo.
YEAR_RANGE = range(2008, 2101)


class ManifestError(XxgkError, ValueError):
    """A manifest that cannot be used; the message names the file and the row."""


@dataclass(frozen=True)
class ManifestEntry:
    """One row of a manifest; strings are "" and ``year`` is None where the cell is blank."""

    file: str  # as written, relative to the manifest's folder, with / separators
    path: Path  # absolute path of the report
    row: int  # line number in the CSV, header = 1
    agency: str = ""
    year: int | None = None
    province: str = ""
    city: str = ""
    county: str = ""
    level: str = ""
    kind: str = ""
    parent: str = ""


def _file_key(relative: str) -> str:
    text = unicodedata.normalize("NFC", relative.strip()).replace("\\", "/")
    parts = [p for p in PurePosixPath(text).parts if p not in (".", "")]
    return "/".join(parts).casefold()


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: the manifest is neither UTF-8 nor GBK text") from None


def _parse_year(cell: str, where: str) -> int | None:
    if not cell:
        return None
    text = unicodedata.normalize("NFKC", cell).removesuffix("年").strip()
    if text.endswith(".0"):  # Excel writes 2024 as 2024.0
        text = text[:-2]
    if not text.isdigit() or int(text) not in YEAR_RANGE:
        raise ManifestError(
            f"{where}: year {cell!r} is not a year between "
            f"{YEAR_RANGE.start} and {YEAR_RANGE.stop - 1}"
        )
    return int(text)


def _check_choice(cell: str, allowed: tuple[str, ...], column: str, where: str) -> str:
    if cell and cell not in allowed:
        raise ManifestError(f"{where}: {column} {cell!r} is not one of {'、'.join(allowed)}")
    return cell


def _header(fieldnames: Sequence[str] | None, path: Path) -> list[str]:
    names = [(n or "").strip().lower() for n in fieldnames or ()]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise ManifestError(
            f"{path}: row 1: unknown column {unknown[0]!r}; allowed: {', '.join(COLUMNS)}"
        )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ManifestError(f"{path}: row 1: column {repeated[0]!r} appears twice")
    if "file" not in names:
        raise ManifestError(f"{path}: row 1: the manifest needs a 'file' column")
    return names


def read_manifest(path: str | Path) -> list[ManifestEntry]:
    """All rows of a manifest, validated; raises ManifestError on the first bad row."""
    path = Path(path).resolve()
    try:
        text = _decode(path.read_bytes(), path)
    except OSError as exc:
        raise ManifestError(f"{path}: cannot read the manifest ({exc.strerror})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    names = _header(next(reader, None), path)
    folder = path.parent
    entries: list[ManifestEntry] = []
    seen: dict[str, int] = {}
    for values in reader:
        row = reader.line_num
        if not any(v.strip() for v in values):
            continue
        where = f"{path}: row {row}"
        if len(values) > len(names):
            raise ManifestError(f"{where}: {len(values)} cells but only {len(names)} columns")
        # a short row (trailing blanks dropped by a spreadsheet) leaves the rest blank
        pairs = zip(names, values, strict=False)
        cells = {n: unicodedata.normalize("NFC", v.strip()) for n, v in pairs}
        file = cells.get("file", "").replace("\\", "/")
        if not file:
            raise ManifestError(f"{where}: the file cell is empty")
        key = _file_key(file)
        if key in seen:
            raise ManifestError(f"{where}: file {file!r} is already listed in row {seen[key]}")
        seen[key] = row
        entries.append(
            ManifestEntry(
                file=file,
                path=(folder / file).resolve(),
                row=row,
                agency=cells.get("agency", ""),
                year=_parse_year(cells.get("year", ""), where),
                province=cells.get("province", ""),
                city=cells.get("city", ""),
                county=cells.get("county", ""),
                level=_check_choice(cells.get("level", ""), LEVELS, "level", where),
                kind=_check_choice(cells.get("kind", ""), KINDS, "kind", where),
                parent=cells.get("parent", ""),
            )
        )
    return entries


def manifest_index(entries: Sequence[ManifestEntry]) -> dict[str, ManifestEntry]:
    """Absolute comparable path → entry, for looking up many files at once."""
    return {_file_key(e.path.as_posix()): e for e in entries}


def lookup(
    entries: Sequence[ManifestEntry] | Mapping[str, ManifestEntry], path: str | Path
) -> ManifestEntry | None:
    """The manifest row for the report at ``path`` (absolute or relative to the cwd).

    Rows name files relative to their manifest's folder; a path outside it matches none.
    Matching ignores case, Unicode normalisation form and the separator style. Pass
    ``manifest_index(entries)`` instead of the list when looking up many files.
    """
    wanted = _file_key(Path(path).resolve().as_posix())
    if isinstance(entries, Mapping):
        return entries.get(wanted)
    return next((e for e in entries if _file_key(e.path.as_posix()) == wanted), None)
