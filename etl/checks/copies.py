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
sensitive hashing (``datasketch.MinHashLSH``), not by comparing all pairs; each
candidate is then confirmed with the exact Jaccard similarity. This module is pure
(texts in, numbers and passages out); :mod:`etl.store.copyscreen` runs it over the
database and writes the C1/C2 findings.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from etl.chinese import to_simplified

if TYPE_CHECKING:
    from datasketch import MinHash

#: Shingle width in characters, MinHash permutations, and the LSH candidate threshold
#: (below the confirmation threshold so that LSH misses almost no true pair).
SHINGLE = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.5
#: Confirmed near copy: exact Jaccard similarity of own-text shingles at least this.
SIMILAR = 0.7
#: Each side needs at least this many own shingles (about 60 characters of own text).
MIN_SHINGLES = 60
#: A sentence is boilerplate when at least this many reports of the year print it …
MIN_BOILERPLATE_REPORTS = 5
#: … and at least this share of them.
BOILERPLATE_SHARE = 0.01
#: Masked sentences shorter than this are never compared (headings, 一是…, 无。).
MIN_SENTENCE = 8

_SPLIT = re.compile(r"[。；;！!？?\n]+")
_DROP = re.compile(r"[\s\W_]+", re.UNICODE)  # spaces and punctuation (CJK letters stay)
_DIGITS = re.compile(r"\d+")


def mask(sentence: str, agency: str | None) -> str:
    """A sentence as compared: organ name → ◎, digits → #, no punctuation or spaces.

    >>> mask("2024年，保定市审计局共收到申请12件。", "保定市审计局")
    '#年◎共收到申请#件'
    """
    text = unicodedata.normalize("NFKC", sentence)
    name = to_simplified(unicodedata.normalize("NFKC", agency)) if agency else ""
    pieces = text.split(name) if name else [text]
    return "◎".join(_DIGITS.sub("#", _DROP.sub("", p)) for p in pieces)


def sentences(prose: Mapping[int, str]) -> list[str]:
    """The printed sentences of a report's stored prose, in part order."""
    out: list[str] = []
    for part in sorted(prose):
        out.extend(s.strip() for s in _SPLIT.split(prose[part]) if s.strip())
    return out


def masked_sentences(prose: Mapping[int, str], agency: str | None) -> list[str]:
    """Each comparable sentence of the report, masked (short ones left out)."""
    out = []
    for s in sentences(prose):
        m = mask(s, agency)
        if len(m) >= MIN_SENTENCE:
            out.append(m)
    return out


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
    seen: set[int] = set()
    kept = []
    for m in masked:
        k = sentence_key(m)
        if k in boilerplate or k in seen:
            continue
        seen.add(k)
        kept.append(m)
    return "|".join(kept)


def shingles(text: str) -> set[int]:
    """Hashed character 5-grams of own text (never across a sentence boundary ``|``).

    >>> len(shingles("甲乙丙丁戊己|丙丁戊己庚"))
    3
    """
    out: set[int] = set()
    for piece in text.split("|"):
        for i in range(len(piece) - SHINGLE + 1):
            out.add(zlib.crc32(piece[i : i + SHINGLE].encode("utf-8")))
    return out


def jaccard(a: set[int], b: set[int]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _identity(x: int) -> int:
    return x


@cache
def _template() -> MinHash:
    from datasketch import MinHash  # imported on first use: it pulls in scipy (~2 s)

    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity)


def signature(own: set[int]) -> MinHash:
    """The MinHash signature of a shingle set (the same permutations for every report)."""
    template = _template()
    m = type(template)(
        num_perm=NUM_PERM,
        hashfunc=_identity,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    if own:
        m.update_batch(np.fromiter(own, dtype=np.uint32, count=len(own)))
    return m


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
