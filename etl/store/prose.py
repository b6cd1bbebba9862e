"""The prose of each report (parts 一, 五, 六), stored compressed for copy detection.

Copy detection (:mod:`etl.store.copyscreen`) compares a report's prose with the same
organ's previous year and with other organs' reports of the same year, and the
dashboard shows the passages two reports share: both need the text, not only a
signature. The text is stored once per report in ``report_prose`` as zlib-compressed
JSON (``{"1": "…", "5": "…", "6": "…"}``; ``"0"``: every prose line of a report
without part headings), about a third of its UTF-8 size; ``n_chars`` is the length
uncompressed. A report loaded before schema 6 has no row until the next
``xxgk ingest`` of its file reads it again (:func:`lacks_prose`, :func:`backfill`).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping

import duckdb
import pyarrow as pa

TABLE = "report_prose"

DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    report_id VARCHAR NOT NULL,
    parts VARCHAR NOT NULL,      -- the parts stored, e.g. '1,5,6' ('0': no part headings)
    n_chars INTEGER NOT NULL,    -- characters of prose, uncompressed
    prose BLOB NOT NULL          -- zlib(JSON {{part: text}})
);
"""


def encode(prose: Mapping[int, str]) -> bytes:
    """The stored form of ``{part: text}``.

    >>> decode(encode({1: "本机关认真贯彻落实《条例》。", 5: "一是……"}))
    {1: '本机关认真贯彻落实《条例》。', 5: '一是……'}
    """
    text = json.dumps({str(k): v for k, v in sorted(prose.items())}, ensure_ascii=False)
    return zlib.compress(text.encode("utf-8"), 9)


def decode(blob: bytes) -> dict[int, str]:
    """``{part: text}`` from the stored form."""
    return {int(k): v for k, v in json.loads(zlib.decompress(blob).decode("utf-8")).items()}


def _row(report_id: str, prose: Mapping[int, str]) -> tuple[str, str, int, bytes]:
    return (
        report_id,
        ",".join(str(p) for p in sorted(prose)),
        sum(len(t) for t in prose.values()),
        encode(prose),
    )


def insert(
    con: duckdb.DuckDBPyConnection, items: Iterable[tuple[str, Mapping[int, str] | None]]
) -> None:
    """Store the prose of these reports (caller holds the transaction; reports are new)."""
    rows = [_row(rid, prose) for rid, prose in items if prose is not None]
    if not rows:
        return
    table = pa.table(
        {
            "report_id": [r[0] for r in rows],
            "parts": [r[1] for r in rows],
            "n_chars": pa.array([r[2] for r in rows], pa.int32()),
            "prose": pa.array([r[3] for r in rows], pa.binary()),
        }
    )
    con.register("_xxgk_prose", table)
    try:
        con.execute(f"INSERT INTO {TABLE} SELECT report_id, parts, n_chars, prose FROM _xxgk_prose")
    finally:
        con.unregister("_xxgk_prose")


def delete(con: duckdb.DuckDBPyConnection, report_id: str) -> None:
    """Forget a report's prose (it was replaced by another version)."""
    con.execute(f"DELETE FROM {TABLE} WHERE report_id = ?", [report_id])


def lacks_prose(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """True when the report loaded from this file has no stored prose (loaded before schema 6)."""
    row = con.execute(
        f"""SELECT 1 FROM reports r
            WHERE r.source_sha256 = ?
              AND NOT EXISTS (SELECT 1 FROM {TABLE} p WHERE p.report_id = r.report_id)""",
        [sha256],
    ).fetchone()
    return row is not None


def backfill(con: duckdb.DuckDBPyConnection, sha256: str, prose: Mapping[int, str] | None) -> bool:
    """Give a report loaded before schema 6 the prose read from its file again."""
    if prose is None:
        return False
    row = con.execute(
        f"""SELECT r.report_id FROM reports r
            WHERE r.source_sha256 = ?
              AND NOT EXISTS (SELECT 1 FROM {TABLE} p WHERE p.report_id = r.report_id)""",
        [sha256],
    ).fetchall()
    if not row:
        return False
    insert(con, [(row[0][0], prose)])
    return True


def read(con: duckdb.DuckDBPyConnection, report_ids: Iterable[str]) -> dict[str, dict[int, str]]:
    """``{report_id: {part: text}}`` of these reports (those with stored prose)."""
    rows = con.execute(
        f"SELECT report_id, prose FROM {TABLE} WHERE report_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(report_ids)],
    ).fetchall()
    return {rid: decode(blob) for rid, blob in rows}
