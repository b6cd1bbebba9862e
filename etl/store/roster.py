"""The roster: which organs should publish a report, so that one that never did shows up.

Coverage from reports alone expects an organ only from its first report on, so an
organ that never published is invisible. A roster names who should publish — from
the user's ``manifest.csv`` (each row is a report due; read at ingest) or from an
organ list (a CSV with an ``agency`` column, or simply one name per line; loaded by
``xxgk roster`` or the dashboard's 报送情况 page).

Table ``roster``: one row per organ and source, with ``agency_key`` — the key the
organ's reports carry (``id:`` + the agency id the pipeline gives the same name and
place) — and ``name_key`` (``name:`` + the normalised name, the key of reports loaded
without an agency id); ``from_year`` / ``to_year`` bound the years it is due (NULL =
open). Loading a source replaces that source's rows.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.template import KINDS, LEVELS

TABLE = "roster"
DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    agency_key VARCHAR, name_key VARCHAR, agency VARCHAR, province VARCHAR, city VARCHAR,
    county VARCHAR, level VARCHAR, kind VARCHAR, from_year INTEGER, to_year INTEGER,
    source VARCHAR)"""
#: Columns an organ list may have (``agency`` required); ``from``/``to`` bound the years due.
COLUMNS = ("agency", "province", "city", "county", "level", "kind", "from", "to")
MANIFEST_NAMES = ("manifest.csv", "xxgk-manifest.csv")


class RosterError(ValueError):
    """An organ list that cannot be used; the message (Chinese) names the row."""


@dataclass(frozen=True)
class RosterEntry:
    """One organ due to publish; "" / None where the list says nothing."""

    agency: str
    province: str = ""
    city: str = ""
    county: str = ""
    level: str = ""
    kind: str = ""
    from_year: int | None = None
    to_year: int | None = None


def decode(raw: bytes) -> str:
    """UTF-8 (± BOM) or GB18030, as spreadsheets save CSV.

    >>> decode("机关".encode("gbk")), decode("\\ufeff机关".encode())
    ('机关', '机关')
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError("名单文件不是 UTF-8 或 GBK 编码的文本。")


def _year(cell: str, row: int) -> int | None:
    if not cell.strip():
        return None
    try:
        year = int(cell.strip())
    except ValueError:
        raise RosterError(f"名单第 {row} 行：年度“{cell}”不是整数。") from None
    if not 2008 <= year <= 2100:
        raise RosterError(f"名单第 {row} 行：年度 {year} 不在 2008–2100 之间。")
    return year


def _choice(cell: str, allowed: tuple[str, ...], row: int) -> str:
    if cell and cell not in allowed:
        raise RosterError(f"名单第 {row} 行：“{cell}”不是 {'、'.join(allowed)} 之一。")
    return cell


def parse_roster(text: str) -> list[RosterEntry]:
    """Organ-list rows: a CSV whose header has ``agency`` (and any of :data:`COLUMNS`), or
    one organ name per line. Repeated names are kept once.

    >>> [e.agency for e in parse_roster("甲市教育局\\n\\n乙县公安局\\n甲市教育局\\n")]
    ['甲市教育局', '乙县公安局']
    >>> parse_roster("agency,from\\n丙县财政局,2021\\n")[0].from_year
    2021
    """
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [unicodedata.normalize("NFKC", c).strip().lower() for c in rows[0]] if rows else []
    named = "agency" in header
    if named and len(set(header)) != len(header):
        raise RosterError("名单第 1 行：列名重复。")
    out: dict[str, RosterEntry] = {}
    for i, values in enumerate(rows[1:] if named else rows, start=2 if named else 1):
        cells = [unicodedata.normalize("NFC", v).strip() for v in values]
        if not any(cells):
            continue
        get = dict(zip(header, cells, strict=False)) if named else {"agency": cells[0]}
        name = get.get("agency", "")
        if not name:
            raise RosterError(f"名单第 {i} 行：机关名称为空。")
        out.setdefault(
            name,
            RosterEntry(
                agency=name,
                province=get.get("province", ""),
                city=get.get("city", ""),
                county=get.get("county", ""),
                level=_choice(get.get("level", ""), LEVELS, i),
                kind=_choice(get.get("kind", ""), KINDS, i),
                from_year=_year(get.get("from", ""), i),
                to_year=_year(get.get("to", ""), i),
            ),
        )
    if not out:
        raise RosterError("名单中没有任何机关名称。")
    return list(out.values())


def from_manifest(path: Path) -> list[RosterEntry]:
    """One entry per organ a manifest names, due from the first year it lists."""
    from etl.agencies.manifest import read_manifest

    first: dict[str, RosterEntry] = {}
    for e in read_manifest(path):
        if not e.agency:
            continue
        was = first.get(e.agency)
        years = [y for y in (e.year, was.from_year if was else None) if y is not None]
        first[e.agency] = RosterEntry(
            e.agency, e.province, e.city, e.county, e.level, e.kind, min(years, default=None)
        )
    return list(first.values())


def manifests_under(paths: Iterable[Path]) -> list[Path]:
    """The manifests an ingest of ``paths`` reads: in each folder given (recursively)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for n in MANIFEST_NAMES for f in p.rglob(n))
    return found


def _row(e: RosterEntry, source: str) -> tuple:
    from etl.agencies.identity import organ_key
    from etl.agencies.keys import agency_id_for
    from etl.agencies.places import resolve_place

    place = resolve_place(e.agency, hints=[h for h in (e.province, e.city, e.county) if h])
    return (
        organ_key(agency_id_for(e.agency, place), e.agency),
        organ_key(None, e.agency),
        e.agency,
        e.province or place.province,
        e.city or place.city,
        e.county or place.county,
        e.level or place.level,
        e.kind or place.kind,
        e.from_year,
        e.to_year,
        source,
    )


def load_roster(con: duckdb.DuckDBPyConnection, entries: Sequence[RosterEntry], source: str) -> int:
    """Replace the rows of ``source`` with ``entries``; returns how many were loaded."""
    rows = [_row(e, source) for e in entries]
    con.execute(DDL)
    con.execute("BEGIN")
    try:
        con.execute(f"DELETE FROM {TABLE} WHERE source = ?", [source])
        if rows:
            con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def load_roster_file(db: Path, raw: bytes, source: str) -> int:
    """Load an organ list into the published database ``db`` (through the writer, so
    readers see it at once and an ingest cannot interleave)."""
    from etl.store.publish import Writer

    entries = parse_roster(decode(raw))
    with Writer(Path(db)) as writer:
        n = load_roster(writer.con, entries, source)
        writer.changed()
    return n
