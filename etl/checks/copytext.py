"""A report's prose as the copy screening reads it, made once where the report is parsed.

The copy screening (:mod:`etl.store.copyscreen`) runs when an ingest publishes its last
snapshot, on the writer alone, while no parse worker runs. What it needs of one report
depends on that report only (its masked sentences, their keys, their shingles and MinHash
signatures), except which sentences are boilerplate, which depends on the whole year. So
a parse worker makes a :class:`CopyText` per sentence (``etl.parse.StoreForm``), and the
screening only picks the report's own sentences: its own shingles are the union of those
sentences' shingles (a shingle never crosses a sentence), and the MinHash signature of a
union is the element-wise minimum of its parts' signatures. Both are therefore the very
numbers :mod:`etl.checks.copies` gives for the joined own text (a test compares them).

``stamp`` names the inputs (the prose as stored, JSON, and the organ name that was masked):
the screening uses a worker's text only when the database still holds exactly those.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from etl.checks import copies
from etl.checks.minhash import Signature, fmix32, permutations


def prose_json(prose: Mapping[int, str]) -> bytes:
    """The stored JSON of ``{part: text}`` (``etl.store.prose`` compresses it)."""
    text = json.dumps({str(k): v for k, v in sorted(prose.items())}, ensure_ascii=False)
    return text.encode("utf-8")


def stamp_of(stored_json: bytes, agency: str | None) -> bytes:
    """What a copy text was made from: the stored prose JSON and the organ name."""
    h = hashlib.blake2b(stored_json, digest_size=16)
    h.update(b"\0" + (agency or "").encode("utf-8"))
    return h.digest()


@dataclass(frozen=True)
class CopyText:
    """Per comparable sentence of one report: its key, its shingles, its MinHash minima."""

    keys: list[int]  # copies.sentence_key of each comparable masked sentence, in order
    # A parse worker's: sentence i's shingles are shingles[starts[i]:starts[i+1]] (int64,
    # n + 1), each sentence's hashed 5-grams unique and sorted (uint32), and its signature
    # (uint32, n × NUM_PERM). The screening's own: only the masked sentences.
    starts: np.ndarray | None
    shingles: np.ndarray | None
    minima: np.ndarray | None
    stamp: bytes = b""  # what a worker's text was made from (``stamp_of``)
    masked: list[str] | None = None

    @classmethod
    def of(cls, prose: Mapping[int, str], agency: str | None, *, minima: bool = True) -> CopyText:
        """The copy text of a report's prose (``minima``: also each sentence's signature,
        made by a parse worker; the screening signs the own text when they are missing)."""
        masked = copies.masked_sentences(prose, agency)
        keys = [copies.sentence_key(m) for m in masked]
        if not minima:  # the screening's own: shingled from the own text, as it always was
            return cls(keys, None, None, None, masked=masked)
        hashes, sentence = copies.window_hashes("|".join(masked))
        unique = np.unique((sentence.astype(np.uint64) << np.uint64(32)) | hashes)
        shingles = (unique & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        starts = np.searchsorted(unique >> np.uint64(32), np.arange(len(masked) + 1))
        sigs = np.full((len(masked), copies.NUM_PERM), np.uint32(0xFFFFFFFF), np.uint32)
        a, b = permutations(copies.NUM_PERM, copies.SEED)
        full = np.flatnonzero(np.diff(starts))
        if len(full):
            hv = fmix32(shingles).reshape(-1, 1) * a + b
            sigs[full] = np.minimum.reduceat(hv, starts[full], axis=0)
        return cls(
            keys, starts.astype(np.int64), shingles, sigs, stamp_of(prose_json(prose), agency)
        )

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (about; for the writer's budget)."""
        arrays = (self.starts, self.shingles, self.minima)
        return sum(a.nbytes for a in arrays if a is not None) + 8 * len(self.keys) + 200

    def kept(self, boilerplate: set[int]) -> tuple[np.ndarray, set[int]]:
        """Which sentences are own text (first of their key, not boilerplate), and their keys."""
        seen: set[int] = set()
        keep = np.zeros(len(self.keys), dtype=bool)
        for i, k in enumerate(self.keys):
            if k in boilerplate or k in seen:
                continue
            seen.add(k)
            keep[i] = True
        return keep, seen

    def own(self, boilerplate: set[int]) -> tuple[np.ndarray, set[int], np.ndarray | None]:
        """(own shingles, own sentence keys, which sentences are own): what
        ``copies.shingles(copies.own_keyed(...)[0])`` gives for the same text."""
        if self.masked is not None or self.starts is None or self.shingles is None:
            text, own_keys = copies.own_keyed(self.masked or [], self.keys, boilerplate)
            return copies.shingles(text), own_keys, None
        keep, keys = self.kept(boilerplate)
        mask = np.repeat(keep, np.diff(self.starts))
        return np.unique(self.shingles[mask]), keys, keep

    def signature(self, own: np.ndarray, keep: np.ndarray | None) -> Signature:
        """The MinHash signature of the own shingles ``own`` (of sentences ``keep``)."""
        if self.minima is None or keep is None:
            return copies.signature(own)
        if not keep.any():
            return Signature(np.full(copies.NUM_PERM, np.uint32(0xFFFFFFFF), np.uint32))
        return Signature(self.minima[keep].min(axis=0))


class TextCache:
    """Each report's copy text, made once per screening run, or taken from a parse worker.

    A year's screen reads its reports and the year before's two or three times (document
    frequency, signatures, confirmation), and the next year's screen reads them again: this
    makes each report's text once. ``made`` holds the texts the parse workers made
    (report id → text); one is used when its stamp matches what the database holds.
    Entries of years already screened are dropped (``forget_before``) and at most ``limit``
    reports are kept (beyond, a report's text is made again when read).
    """

    def __init__(self, limit: int = 50_000, made: dict[str, CopyText] | None = None) -> None:
        self.limit = limit
        self.made = made if made is not None else {}
        self.from_workers = 0  # texts taken from ``made`` (the benchmark and tests read it)
        self._items: dict[str, tuple[int | None, CopyText]] = {}

    def get(
        self,
        rid: str,
        year: int | None,
        agency: str | None,
        text: Callable[[], Mapping[int, str]],
        stored: Callable[[], bytes],
    ) -> CopyText:
        """The copy text of report ``rid``: ``text()`` gives its prose, ``stored()`` the
        prose JSON the database holds."""
        hit = self._items.get(rid)
        if hit is not None:
            return hit[1]
        made = self.made.pop(rid, None)
        if made is not None and made.stamp == stamp_of(stored(), agency):
            self.from_workers += 1
            copy = made
        else:
            copy = CopyText.of(text(), agency, minima=False)
        if year is not None and len(self._items) < self.limit:
            self._items[rid] = (year, copy)
        return copy

    def forget_before(self, year: int) -> None:
        """Drop the reports of years before ``year``."""
        self._items = {k: v for k, v in self._items.items() if v[0] is None or v[0] >= year}


class MadeTexts(dict):
    """Copy texts the parse workers made (report id → text), kept by the writer until the
    ingest's last publication screens them, within ``budget`` bytes (beyond, the screening
    makes a report's text itself)."""

    def __init__(self, budget: int = 256 << 20) -> None:
        super().__init__()
        self.budget = budget
        self.nbytes = 0

    def offer(self, rid: str, text: CopyText) -> None:
        """Keep ``text`` if the budget allows."""
        if self.nbytes + text.nbytes <= self.budget:
            self[rid] = text
            self.nbytes += text.nbytes

    def clear(self) -> None:
        super().clear()
        self.nbytes = 0
