"""Which files' bytes the database holds already, asked for many files at once.

Before a file is parsed, ingest asks whether a file with the same bytes was loaded (then
it is unchanged, or one more source of a loaded report). One query per file is a round
trip the single writer pays for every file; :class:`KnownFiles` hashes the next files
ahead and asks for all of them in one query. An answer may be a few files old: a file
whose twin (same bytes) was stored since is then parsed and found unchanged by the
loader, which records it as a source just the same (``loader._load``), so the database
does not depend on when the question was asked.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import duckdb

from etl.store.prose import TABLE as PROSE


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def held(con: duckdb.DuckDBPyConnection, shas: list[str]) -> set[str]:
    """The hashes among ``shas`` of files loaded (as a report, copy or old version) whose
    report lacks nothing a newer schema reads (its issue date, its prose)."""
    if not shas:
        return set()
    rows = con.execute(
        f"""WITH asked AS (SELECT unnest(?::VARCHAR[]) AS sha)
            SELECT sha FROM asked
            WHERE (sha IN (SELECT source_sha256 FROM reports)
                   OR sha IN (SELECT source_sha256 FROM report_sources)
                   OR sha IN (SELECT source_sha256 FROM superseded_reports))
              AND sha NOT IN (
                  SELECT r.source_sha256 FROM reports r
                  WHERE r.source_sha256 IN (SELECT sha FROM asked)
                    AND (r.published_on_source IS NULL
                         OR NOT EXISTS (SELECT 1 FROM {PROSE} p WHERE p.report_id = r.report_id)))""",
        [shas],
    ).fetchall()
    return {sha for (sha,) in rows}


class KnownFiles:
    """Answers ``loader.report_exists(sha) and not loader.needs_backfill(sha)`` for the
    files of one ingest, ``ahead`` files per query (hashes kept for ``_prepare``)."""

    def __init__(self, files: list[Path], max_bytes: int, ahead: int = 64):
        self.files = files
        self.max_bytes = max_bytes
        self.ahead = ahead
        self._next = 0  # index of the first file not hashed ahead yet
        self._shas: dict[Path, str] = {}
        self._held: set[str] = set()
        self._asked: set[str] = set()

    def sha(self, path: Path) -> str:
        """The file's hash (computed ahead when it could be)."""
        sha = self._shas.pop(path, None)
        return sha if sha is not None else sha256_of(path)

    def is_held(self, con: duckdb.DuckDBPyConnection, path: Path, sha: str) -> bool:
        """True when the database holds these bytes and needs nothing more from them."""
        if sha not in self._asked:
            self._ask(con, path, sha)
        return sha in self._held

    def _ask(self, con: duckdb.DuckDBPyConnection, path: Path, sha: str) -> None:
        """One query for this file and the next ``ahead`` files (hashed now)."""
        with contextlib.suppress(ValueError):
            self._next = max(self._next, self.files.index(path, self._next) + 1)
        shas = [sha]
        while len(shas) <= self.ahead and self._next < len(self.files):
            upcoming = self.files[self._next]
            self._next += 1
            try:  # the checks before parsing (size, type) come later, in _prepare
                st = upcoming.stat()
                if st.st_size > self.max_bytes or not upcoming.is_file():
                    continue
                self._shas[upcoming] = upcoming_sha = sha256_of(upcoming)
            except OSError:
                continue
            shas.append(upcoming_sha)
        self._asked = set(shas)
        self._held = held(con, shas)
