"""Near-copies of prose (雷同): what two reports' own words share, template text excluded.

Reports of one year share much text that is nobody's copy: the template's part
titles, the sentences every office writes (认真贯彻落实《条例》…), the organ's name
and the year's figures. So a report's prose (parts 一, 五, 六) is first reduced to
**its own sentences**: each sentence with the organ's own name masked (◎) and every
digit masked (#), punctuation and spaces removed; a sentence printed by many reports
of the year and the year before (document frequency over both ≥ ``boilerplate_floor``:
at least 5 reports and at least 1% of them) is boilerplate and dropped. (So a model
text that a county hands to more than a few of its townships counts as boilerplate in a
small corpus; in a national one only phrases printed by 1% of a year's reports do.) What remains is cut into
character 5-grams (shingles); two reports are near copies when the Jaccard
similarity of their shingle sets is at least ``SIMILAR`` and each has at least
``MIN_SHINGLES`` shingles of its own (a few lines of own text prove nothing).

Candidates among 10⁵ reports a year are found with MinHash signatures and locality
sensitive hashing (:mod:`etl.checks.minhash`), not by comparing all pairs; each
candidate is then confirmed with the exact Jaccard similarity. This module is pure
(texts in, numbers and passages out); :mod:`etl.store.copyscreen` runs it over the
database and writes the C1/C2 findings.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from etl.checks.minhash import Signature
from etl.chinese import to_simplified

#: Shingle width in characters, MinHash permutations, and the LSH candidate threshold
#: (below the confirmation threshold so that LSH misses almost no true pair).
SHINGLE = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.5
#: LSH bands and rows for that threshold and NUM_PERM: what ``datasketch.MinHashLSH``
#: picks for them (by integrating the false positive and negative rates; a test checks it).
LSH_BANDS = (25, 5)
#: The seed of the MinHash permutations.
SEED = 1
#: A candidate is read again only when its MinHash estimate is at least this (the
#: estimate's error with 128 permutations is about 0.04 near SIMILAR).
ESTIMATE_FLOOR = 0.55
#: Confirmed near copy: exact Jaccard similarity of own-text shingles at least this.
SIMILAR = 0.7
#: Each side needs at least this many own shingles (about 60 characters of own text).
MIN_SHINGLES = 60
#: A sentence is boilerplate when at least this many reports of the year print it …
MIN_BOILERPLATE_REPORTS = 5
#: … and at least this share of them.
BOILERPLATE_SHARE = 0.01
#: Below this many reports in the year and the year before together, document frequency
#: cannot tell the common phrases from a copy: the year is not screened (and says so).
MIN_SCREEN_REPORTS = 20
#: Tables "equal to last year's" (C3) must show at least this many non-zero cells (an
#: empty report repeated is not a copy).
MIN_COPIED_NONZERO = 10
#: Masked sentences shorter than this are never compared (headings, 一是…, 无。).
MIN_SENTENCE = 8

_SPLIT = re.compile(r"[。；;！!？?\n]+")
_DROP = re.compile(r"[^\w\n]+|_")  # spaces and punctuation (CJK letters and line breaks stay)
_DIGITS = re.compile(r"\d+")
_NAME, _DIGIT = "㐀", "㐁"  # rare ideographs (word characters) standing for ◎ and # meanwhile


def mask(sentence: str, agency: str | None) -> str:
    """A sentence as compared: organ name → ◎, digits → #, no punctuation or spaces.

    >>> mask("2024年，保定市审计局共收到申请12件。", "保定市审计局")
    '#年◎共收到申请#件'
    """
    return _masked_text(sentence, agency).replace("\n", "")


def _masked_text(text: str, agency: str | None) -> str:
    """The whole text masked at once, one sentence a line (the fast path of ``mask``)."""
    if not unicodedata.is_normalized("NFKC", text):  # stored prose is NFKC already
        text = unicodedata.normalize("NFKC", text)
    name = to_simplified(unicodedata.normalize("NFKC", agency)) if agency else ""
    if name:
        text = text.replace(name, _NAME)
    text = _DIGITS.sub(_DIGIT, _SPLIT.sub("\n", text))
    return _DROP.sub("", text).replace(_NAME, "◎").replace(_DIGIT, "#")


def sentences(prose: Mapping[int, str]) -> list[str]:
    """The printed sentences of a report's stored prose, in part order."""
    out: list[str] = []
    for part in sorted(prose):
        out.extend(s.strip() for s in _SPLIT.split(prose[part]) if s.strip())
    return out


def masked_sentences(prose: Mapping[int, str], agency: str | None) -> list[str]:
    """Each comparable sentence of the report, masked (short ones left out).

    >>> prose = {1: "2024年，甲局开设专栏 12 个。甲局依托门户网站，及时发布信息！", 5: "无。"}
    >>> masked_sentences(prose, "甲局") == [
    ...     m for s in sentences(prose) if len(m := mask(s, "甲局")) >= MIN_SENTENCE]
    True
    """
    text = _masked_text("\n".join(prose[p] for p in sorted(prose)), agency)
    return [m for m in text.split("\n") if len(m) >= MIN_SENTENCE]


def sentence_key(masked: str) -> int:
    """A compact, stable key of a masked sentence for counting document frequency."""
    return zlib.crc32(masked.encode("utf-8"))


def boilerplate_floor(n_reports: int) -> int:
    """How many reports of a year must print a sentence for it to be boilerplate.

    >>> boilerplate_floor(130), boilerplate_floor(100_000)
    (5, 1000)
    """
    return max(MIN_BOILERPLATE_REPORTS, int(np.ceil(BOILERPLATE_SHARE * n_reports)))


def own_text(masked: Iterable[str], boilerplate: set[int]) -> str:
    """The report's own sentences joined (boilerplate and repeats dropped)."""
    masked = list(masked)
    return own_keyed(masked, [sentence_key(m) for m in masked], boilerplate)[0]


def own_keyed(
    masked: Sequence[str], keys: Sequence[int], boilerplate: set[int]
) -> tuple[str, set[int]]:
    """``own_text`` from sentences whose keys are made already, and the kept sentences' keys."""
    seen: set[int] = set()
    kept = []
    for m, k in zip(masked, keys, strict=True):
        if k in boilerplate or k in seen:
            continue
        seen.add(k)
        kept.append(m)
    return "|".join(kept), seen


def shingles(text: str) -> np.ndarray:
    """Hashed character 5-grams of own text (never across a sentence boundary ``|``),
    as sorted unique 32-bit values.

    >>> len(shingles("甲乙丙丁戊己|丙丁戊己庚"))
    3
    """
    return np.unique(window_hashes(text)[0].astype(np.uint32))


def window_hashes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The 32-bit hash (as uint64) of every 5-gram of ``text`` that does not cross a ``|``,
    and the number of ``|`` before it (its sentence), in text order.

    >>> h, sentence = window_hashes("甲乙丙丁戊己|甲乙丙丁戊")
    >>> sentence.tolist(), bool(h[0] == h[2]), bool(h[0] == h[1])
    ([0, 0, 1], True, False)
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    h = np.zeros(n, dtype=np.uint64)
    bar = np.zeros(n, dtype=bool)
    for i in range(SHINGLE):  # a polynomial hash of the window, then mixed to 32 bits
        window = codes[i : i + n]
        h = h * np.uint64(1_000_003) + window
        bar |= window == ord("|")
    h ^= h >> np.uint64(29)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    sentence = np.cumsum(codes[:n] == ord("|"))
    return (h[~bar] & np.uint64(0xFFFFFFFF)), sentence[~bar]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two shingle sets (0 when both are empty)."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return inter / union if union else 0.0


def signature(own: np.ndarray) -> Signature:
    """The MinHash signature of a shingle set (the same permutations for every report)."""
    return Signature.of(own, NUM_PERM, SEED)


@dataclass(frozen=True)
class Passage:
    """One printed sentence of a report and whether the other report prints it too."""

    text: str
    shared: bool  # the other report prints the same sentence (names and numbers aside)
    boilerplate: bool  # printed by many reports of the year: not counted


def side_by_side(
    prose_a: Mapping[int, str],
    agency_a: str | None,
    prose_b: Mapping[int, str],
    agency_b: str | None,
    boilerplate: set[int] | None = None,
) -> tuple[list[Passage], list[Passage]]:
    """Each report's sentences, marked shared or own, for showing the pair side by side."""
    boilerplate = boilerplate or set()

    def keys(prose, agency) -> set[int]:
        return {sentence_key(mask(s, agency)) for s in sentences(prose)}

    ka, kb = keys(prose_a, agency_a), keys(prose_b, agency_b)

    def marked(prose, agency, other: set[int]) -> list[Passage]:
        out = []
        for s in sentences(prose):
            m = mask(s, agency)
            k = sentence_key(m)
            comparable = len(m) >= MIN_SENTENCE
            out.append(Passage(s, comparable and k in other, comparable and k in boilerplate))
        return out

    return marked(prose_a, agency_a, kb), marked(prose_b, agency_b, ka)
