"""MinHash signatures and LSH bands for the copy screening, in numpy alone.

The screening (:mod:`etl.checks.copies`, :mod:`etl.store.copyscreen`) used
``datasketch``'s ``MinHash`` and ``MinHashLSH``. Importing datasketch imports scipy
(for the integration that picks the bands), ~1.5 s of CPU in the single writer
process of every ingest: on two cores, that is time taken from the parse workers.
This module computes the very same numbers: datasketch 2's "affine32" scheme
(permutations drawn from ``numpy.random.RandomState(seed)``, each input hash
pre-mixed with the MurmurHash3 finalizer, then ``a·h + b`` mod 2³²), and a report
is an LSH candidate of another when their signatures agree on every row of one of
``b`` bands of ``r`` rows, as in datasketch's index. ``tests/etl/checks`` checks
both against datasketch, so the screening's findings do not change.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import numpy as np

_MAX = np.uint32(0xFFFFFFFF)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection; multiplication wraps mod 2³²)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@cache
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(a, b)`` of the ``num_perm`` affine permutations (``a`` odd), as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


class Signature:
    """The MinHash signature of a set of 32-bit hashes (``hashvalues``, one per permutation)."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = hashvalues

    @classmethod
    def of(cls, hashes: np.ndarray, num_perm: int, seed: int) -> Signature:
        """The signature of ``hashes`` (an empty set: every value at its maximum)."""
        a, b = permutations(num_perm, seed)
        values = np.full(num_perm, _MAX, dtype=np.uint32)
        if len(hashes):
            h = fmix32(np.asarray(hashes, dtype=np.uint32)).reshape(-1, 1)
            values = np.minimum(values, (h * a + b).min(axis=0))
        return cls(values)

    def jaccard(self, other: Signature) -> float:
        """The estimated Jaccard similarity: the share of permutations whose minima agree."""
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(
            len(self.hashvalues)
        )


class BandIndex:
    """Keys by their signature's bands: candidates agree on all ``rows`` values of a band."""

    def __init__(self, bands: int, rows: int) -> None:
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.tables: list[defaultdict[bytes, list[str]]] = [defaultdict(list) for _ in range(bands)]

    def insert(self, key: str, sig: Signature) -> None:
        """Index ``key`` under each band of its signature."""
        for (lo, hi), table in zip(self.ranges, self.tables, strict=True):
            table[sig.hashvalues[lo:hi].tobytes()].append(key)

    def query(self, sig: Signature) -> set[str]:
        """Every key sharing at least one band with ``sig``."""
        out: set[str] = set()
        for (lo, hi), table in zip(self.ranges, self.tables, strict=True):
            out.update(table.get(sig.hashvalues[lo:hi].tobytes(), ()))
        return out
