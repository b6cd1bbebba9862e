"""Copy screening over the database: C1 (prose copies the organ's previous year), C2
(prose copies another organ's report of the same year), with the pairs kept for display,
and C3 (tables equal to the organ's previous year cell for cell; screened also in years
too small for C1/C2).

A year is screened as a whole, because what counts as boilerplate depends on every
report of the year (:mod:`etl.checks.copies`): sentences common in the year and the
year before (counted together) are dropped, each report's own text is signed with MinHash, and
LSH bands (:mod:`etl.checks.minhash`) propose the same-year candidates (never all pairs); the
previous-year candidate of a report is its organ's report of the year before. A
candidate whose MinHash estimate reaches ``ESTIMATE_FLOOR`` is confirmed by the exact
similarity of the two texts, read again.

Screening runs when an ingest publishes its last snapshot, only for years whose
reports (or whose previous year's reports) changed since they were last screened
(``copy_screens`` keeps a fingerprint of both years' report ids). All C1/C2 findings
and ``copy_pairs`` rows of a screened year are replaced in the caller's transaction.
"""

from __future__ import annotations

import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb
import numpy as np

from etl.checks import copies
from etl.checks.copytext import CopyText, TextCache
from etl.checks.minhash import BandIndex, Signature
from etl.store import prose
from etl.store.copyfindings import store_boilerplate, store_year

#: Changes whenever the method or its thresholds change, so every year is screened again.
METHOD = (
    f"t{copies.MIN_COPIED_NONZERO}-min{copies.MIN_SCREEN_REPORTS}-minhash{copies.NUM_PERM}-k{copies.SHINGLE}-lsh{copies.LSH_THRESHOLD}-"
    f"e{copies.ESTIMATE_FLOOR}-j{copies.SIMILAR}-min{copies.MIN_SHINGLES}-bp{copies.MIN_BOILERPLATE_REPORTS}/"
    f"{copies.BOILERPLATE_SHARE}"
)
RULES = ("C1", "C2", "C3")
_CHUNK = 2000

DDL = """
CREATE TABLE IF NOT EXISTS copy_pairs (
    report_id VARCHAR NOT NULL,     -- the report the finding is on
    other_id VARCHAR NOT NULL,      -- the report its prose is a near copy of
    relation VARCHAR NOT NULL,      -- previous_year | same_year
    similarity DOUBLE NOT NULL,     -- Jaccard similarity of own-text shingles
    n_shared INTEGER NOT NULL,      -- own sentences both print (names, figures aside)
    n_own INTEGER NOT NULL          -- own shingles of the report
);
CREATE TABLE IF NOT EXISTS copy_boilerplate (
    year INTEGER NOT NULL,          -- the screened year (its boilerplate and its previous year's)
    sentence_key UBIGINT NOT NULL   -- etl.checks.copies.sentence_key of a masked sentence
);
CREATE TABLE IF NOT EXISTS copy_screens (
    year INTEGER NOT NULL,
    fingerprint VARCHAR NOT NULL,
    n_reports INTEGER NOT NULL,
    n_pairs INTEGER NOT NULL,
    skipped BOOLEAN NOT NULL,       -- too few reports to screen (MIN_SCREEN_REPORTS)
    seconds DOUBLE NOT NULL,
    screened_at TIMESTAMP NOT NULL
);
"""


@dataclass
class YearScreen:
    """What screening one year found (also what the benchmark prints)."""

    year: int
    n_reports: int = 0
    n_compared: int = 0  # reports with enough own text
    n_boilerplate: int = 0  # boilerplate sentences
    n_candidates: int = 0  # pairs LSH (or the organ's previous year) proposed
    n_checked: int = 0  # of them, pairs whose MinHash estimate called for reading them again
    pairs: list[tuple[str, str, str, float, int, int]] = field(default_factory=list)
    tables: list[tuple[str, str, int]] = field(default_factory=list)  # C3: report, previous, n≠0
    seconds: float = 0.0
    n_made: int = 0  # reports whose copy text a parse worker made (the rest: made here)
    skipped: bool = False  # fewer than MIN_SCREEN_REPORTS reports in the two years
    boilerplate: set[int] = field(default_factory=set, repr=False)


def _fingerprints(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Each year with stored prose → a fingerprint of its reports and the year before's
    (count and XOR of hashes per year, in one query: a year's pair of counts adds up and its
    hashes XOR together, as if both years were read at once)."""
    per_year = {
        y: (n, x)
        for y, n, x in con.execute(
            """SELECT r.year, count(*), coalesce(bit_xor(hash(r.report_id || coalesce(r.agency, ''))), 0)
               FROM reports r JOIN report_prose p USING (report_id)
               WHERE r.year IS NOT NULL GROUP BY r.year"""
        ).fetchall()
    }
    out = {}
    for y, (n, x) in sorted(per_year.items()):
        n0, x0 = per_year.get(y - 1, (0, 0))
        out[y] = f"{METHOD}:{n + n0}:{x ^ x0}"
    return out


def stale_years(con: duckdb.DuckDBPyConnection, prints: dict[int, str] | None = None) -> list[int]:
    """Years whose reports (or the previous year's) changed since they were screened
    (``prints``: the years' fingerprints, when read already)."""
    prints = _fingerprints(con) if prints is None else prints
    done = dict(con.execute("SELECT year, fingerprint FROM copy_screens").fetchall())
    return [y for y in sorted(prints) if done.get(y) != prints[y]]


def _rows(con: duckdb.DuckDBPyConnection, year: int) -> Iterator[tuple[str, str, str, bytes]]:
    cur = con.cursor()
    try:
        cur.execute(
            """SELECT r.report_id, r.agency, r.organ_key, p.prose
               FROM reports r JOIN report_prose p USING (report_id)
               WHERE r.year = ? ORDER BY r.report_id""",
            [year],
        )
        while batch := cur.fetchmany(_CHUNK):
            yield from batch
    finally:
        cur.close()


def _text(memo: TextCache, rid: str, year: int | None, blob: bytes, agency: str | None) -> CopyText:
    """The copy text of a stored prose (a parse worker's, when it matches the stored one)."""
    return memo.get(rid, year, agency, lambda: prose.decode(blob), lambda: zlib.decompress(blob))


def _boilerplate(
    con: duckdb.DuckDBPyConnection, year: int, memo: TextCache
) -> tuple[set[int], int, int]:
    """Keys of the sentences printed by many reports of ``year`` and the year before (counted
    together: the common phrases of two years); and ``year``'s report count."""
    df: Counter[int] = Counter()
    n = {year: 0, year - 1: 0}
    for y in (year, year - 1):
        for rid, agency, _, blob in _rows(con, y):
            n[y] += 1
            df.update(set(_text(memo, rid, y, blob, agency).keys))
    floor = copies.boilerplate_floor(n[year] + n[year - 1])
    return {k for k, c in df.items() if c >= floor}, n[year], n[year] + n[year - 1]


def _equal_tables(con: duckdb.DuckDBPyConnection, year: int) -> list[tuple[str, str, int]]:
    """Reports of ``year`` whose read values equal their organ's previous-year report cell for
    cell (same keys, same numbers), with at least MIN_COPIED_NONZERO non-zero cells."""
    rows = con.execute(
        """WITH v AS (
               SELECT r.report_id, r.organ_key, r.year,
                      list(v.key || '=' || v.value::VARCHAR ORDER BY v.key) AS cells,
                      count(*) FILTER (WHERE v.value <> 0) AS n_nonzero
               FROM reports r JOIN report_values v USING (report_id)
               WHERE r.year IN (?, ? - 1) AND r.organ_key IS NOT NULL AND NOT v.derived
               GROUP BY ALL)
           SELECT a.report_id, b.report_id, a.n_nonzero
           FROM v a JOIN v b ON a.organ_key = b.organ_key AND b.year = a.year - 1
           WHERE a.year = ? AND a.cells = b.cells AND a.n_nonzero >= ?
           ORDER BY 1""",
        [year, year, year, copies.MIN_COPIED_NONZERO],
    ).fetchall()
    return [(a, b, int(n)) for a, b, n in rows]


def _own(
    memo: TextCache,
    rid: str,
    year: int | None,
    blob: bytes,
    agency: str | None,
    boilerplate: set[int],
) -> tuple[CopyText, np.ndarray, set[int], np.ndarray | None]:
    """(copy text, own shingles, own sentence keys, which sentences are own) of a stored prose."""
    text = _text(memo, rid, year, blob, agency)
    own, keys, keep = text.own(boilerplate)
    return text, own, keys, keep


def screen_year(
    con: duckdb.DuckDBPyConnection, year: int, memo: TextCache | None = None
) -> YearScreen:
    """Find the near copies among ``year``'s reports and with the year before (reads only;
    ``memo``: the masked texts of an earlier year's screen in the same run)."""
    start = time.monotonic()
    memo = memo or TextCache()
    made = memo.from_workers
    out = YearScreen(year)
    out.tables = _equal_tables(con, year)
    boiler, out.n_reports, both = _boilerplate(con, year, memo)
    if both < copies.MIN_SCREEN_REPORTS:
        out.skipped = True  # too few reports to tell the common phrases from a copy
        out.n_made = memo.from_workers - made
        out.seconds = time.monotonic() - start
        return out
    out.boilerplate = boiler
    out.n_boilerplate = len(boiler)
    lsh = BandIndex(*copies.LSH_BANDS)
    signatures, organ_of, agency_of = _signatures(con, year, boiler, lsh, memo)
    out.n_compared = len(signatures)
    proposed: set[tuple[str, str]] = set()
    for rid, sig in signatures.items():
        for other in lsh.query(sig):
            if other != rid:
                proposed.add((min(rid, other), max(rid, other)))
    out.n_candidates = len(proposed)
    candidates = {
        (a, b, "same_year")
        for a, b in proposed
        if signatures[a].jaccard(signatures[b]) >= copies.ESTIMATE_FLOOR
    }
    earlier, estimated = _previous_year(con, year, boiler, signatures, organ_of, agency_of, memo)
    out.n_candidates += estimated
    candidates |= earlier
    out.n_checked = len(candidates)
    out.pairs = _confirm(con, candidates, agency_of, boiler, memo)
    out.n_made = memo.from_workers - made
    out.seconds = time.monotonic() - start
    return out


def _signatures(
    con: duckdb.DuckDBPyConnection,
    year: int,
    boiler: set[int],
    lsh: BandIndex,
    memo: TextCache,
) -> tuple[dict[str, Signature], dict[str, str], dict[str, str | None]]:
    """MinHash signatures of ``year``'s reports with enough own prose (added to ``lsh``),
    the report of each organ, and each report's agency."""
    signatures: dict[str, Signature] = {}
    organ_of: dict[str, str] = {}
    agency_of: dict[str, str | None] = {}
    for rid, agency, organ, blob in _rows(con, year):
        text, own, _, keep = _own(memo, rid, year, blob, agency, boiler)
        agency_of[rid] = agency
        if len(own) < copies.MIN_SHINGLES:
            continue
        sig = text.signature(own, keep)
        lsh.insert(rid, sig)
        signatures[rid] = sig
        if organ:
            organ_of[organ] = rid
    return signatures, organ_of, agency_of


def _previous_year(
    con: duckdb.DuckDBPyConnection,
    year: int,
    boiler: set[int],
    signatures: dict[str, Signature],
    organ_of: dict[str, str],
    agency_of: dict[str, str | None],
    memo: TextCache,
) -> tuple[set[tuple[str, str, str]], int]:
    """Candidate pairs of each organ's report with its previous year's (and how many
    were estimated); ``agency_of`` gains the earlier reports' agencies."""
    candidates: set[tuple[str, str, str]] = set()
    estimated = 0
    for rid, agency, organ, blob in _rows(con, year - 1):
        later = organ_of.get(organ) if organ else None
        if later is None:
            continue
        text, own, _, keep = _own(memo, rid, year - 1, blob, agency, boiler)
        agency_of[rid] = agency
        if len(own) >= copies.MIN_SHINGLES:
            est = signatures[later].jaccard(text.signature(own, keep))
            estimated += 1
            if est >= copies.ESTIMATE_FLOOR:
                candidates.add((later, rid, "previous_year"))
    return candidates, estimated


def _confirm(
    con, candidates, agency_of, boiler, memo
) -> list[tuple[str, str, str, float, int, int]]:
    """Exact similarity of each candidate pair; the confirmed ones, in both directions for
    same-year pairs (each report carries its own finding)."""
    ids = sorted({i for a, b, _ in candidates for i in (a, b)})
    blobs = dict(
        con.execute(
            "SELECT report_id, prose FROM report_prose WHERE report_id IN "
            "(SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    )
    own = {
        rid: _own(memo, rid, None, blobs[rid], agency_of.get(rid), boiler)[1:3]
        for rid in ids
        if rid in blobs
    }
    pairs = []
    for a, b, relation in sorted(candidates):
        (sa, ka), (sb, kb) = own[a], own[b]
        sim = copies.jaccard(sa, sb)
        if sim < copies.SIMILAR:
            continue
        shared = len(ka & kb)
        pairs.append((a, b, relation, sim, shared, len(sa)))
        if relation == "same_year":
            pairs.append((b, a, relation, sim, shared, len(sb)))
    return pairs


def refresh(
    con: duckdb.DuckDBPyConnection, made: dict[str, CopyText] | None = None
) -> list[YearScreen]:
    """Screen every stale year, each in its own transaction; what each screen found
    (``made``: the copy texts the parse workers made, by report id)."""
    done = []
    memo = TextCache(made=made)  # each report's text made once, not by every screen reading it
    prints = _fingerprints(con)  # screening changes findings only, never these
    for year in stale_years(con, prints):
        memo.forget_before(year - 1)
        fingerprint = prints[year]
        screen = screen_year(con, year, memo)
        con.execute("BEGIN TRANSACTION")
        try:
            store_year(con, screen, fingerprint)
            store_boilerplate(con, year, screen.boilerplate)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        done.append(screen)
    return done
