"""Our numpy MinHash and LSH bands give datasketch's numbers exactly (the copy screening's
findings must not change with the implementation)."""

from __future__ import annotations

import numpy as np
import pytest

from etl.checks import copies
from etl.checks.minhash import BandIndex, Signature
from etl.synthetic.prose import own_paragraphs

datasketch = pytest.importorskip("datasketch")


def _theirs(hashes: np.ndarray):
    m = datasketch.MinHash(num_perm=copies.NUM_PERM, seed=copies.SEED, hashfunc=lambda x: x)
    if len(hashes):
        m.update_batch(hashes)
    return m


def _sets() -> list[np.ndarray]:
    """Shingle sets of real-looking own text, overlapping in every degree, and edge cases."""
    rng = np.random.default_rng(7)
    texts = [own_paragraphs(f"{n}局|2024")[0] for n in "甲乙丙丁戊己庚辛"]
    out = [copies.shingles(t) for t in texts]
    out += [copies.shingles(texts[0] + texts[i]) for i in range(1, 8)]  # partial overlaps
    base = rng.integers(0, 2**32, 400, dtype=np.uint64).astype(np.uint32)
    for share in (0.3, 0.5, 0.6, 0.7, 0.9):
        keep = base[: int(400 * share)]
        out.append(np.unique(np.concatenate([keep, rng.integers(0, 2**32, 100).astype(np.uint32)])))
    out += [np.empty(0, np.uint32), np.array([0, 2**32 - 1], np.uint32), base[:1]]
    return out


def test_signatures_equal_datasketch_minhash():
    for hashes in _sets():
        ours, theirs = Signature.of(hashes, copies.NUM_PERM, copies.SEED), _theirs(hashes)
        assert ours.hashvalues.dtype == theirs.hashvalues.dtype
        assert np.array_equal(ours.hashvalues, theirs.hashvalues)
        assert np.array_equal(copies.signature(hashes).hashvalues, theirs.hashvalues)


def test_estimates_equal_datasketch():
    sets = _sets()
    for a in sets:
        for b in sets:
            assert copies.signature(a).jaccard(copies.signature(b)) == _theirs(a).jaccard(
                _theirs(b)
            )


def test_bands_are_those_datasketch_picks_and_propose_the_same_candidates():
    lsh = datasketch.MinHashLSH(threshold=copies.LSH_THRESHOLD, num_perm=copies.NUM_PERM)
    assert (lsh.b, lsh.r) == copies.LSH_BANDS
    ours = BandIndex(*copies.LSH_BANDS)
    sets = [s for s in _sets() if len(s)]
    for i, hashes in enumerate(sets):
        lsh.insert(i, _theirs(hashes))
        ours.insert(i, copies.signature(hashes))
    proposed = [ours.query(copies.signature(s)) for s in sets]
    assert proposed == [set(lsh.query(_theirs(s))) for s in sets]
    # the test can fail: some sets are proposed with others, not every one with every one
    assert any(len(p) > 1 for p in proposed) and any(len(p) < len(sets) for p in proposed)
