"""The pure copy measure: names and figures masked, boilerplate dropped, passages marked."""

from __future__ import annotations

from etl.checks import copies
from etl.synthetic.prose import own_paragraphs

OWN_A, OWN_A5 = own_paragraphs("甲局|2024")
OWN_B, OWN_B5 = own_paragraphs("乙局|2024")
COMMON = "严格落实公开属性源头认定和保密审查机制，坚持“先审后发”，确保公开信息全面、准确、有效。"


def _own(prose: dict[int, str], agency: str, boiler: frozenset[int] = frozenset()):
    masked = copies.masked_sentences(prose, agency)
    return copies.shingles(copies.own_text(masked, set(boiler)))


def _set(shingles) -> set[int]:
    return set(shingles.tolist())


def test_a_copy_with_another_name_and_new_figures_is_identical():
    a = {1: f"2024年，甲局收到申请12件。{OWN_A}", 5: OWN_A5}
    b = {1: f"2023年，乙县乙局收到申请7件。{OWN_A}", 5: OWN_A5}
    assert copies.jaccard(_own(a, "甲局"), _own(b, "乙县乙局")) == 1.0


def test_own_words_of_two_organs_are_far_apart():
    a, b = _own({1: OWN_A, 5: OWN_A5}, "甲局"), _own({1: OWN_B, 5: OWN_B5}, "乙局")
    assert len(a) >= copies.MIN_SHINGLES and len(b) >= copies.MIN_SHINGLES
    assert copies.jaccard(a, b) < 0.5


def test_boilerplate_sentences_are_not_own_text():
    prose = {1: COMMON + OWN_A}
    boiler = frozenset({copies.sentence_key(copies.mask(COMMON, "甲局"))})
    with_common, without = _set(_own(prose, "甲局")), _set(_own(prose, "甲局", boiler))
    assert without < with_common and without == _set(_own({1: OWN_A}, "甲局"))
    # Two reports that share only boilerplate share nothing of their own.
    assert len(_own({1: COMMON}, "乙局", boiler)) == 0


def test_minhash_estimate_tracks_the_exact_similarity():
    a, b = _own({1: OWN_A}, "甲局"), _own({1: OWN_A + OWN_B}, "乙局")
    exact = copies.jaccard(a, b)
    est = copies.signature(a).jaccard(copies.signature(b))
    assert 0.3 < exact < 0.7 and abs(est - exact) < 0.15


def test_side_by_side_marks_shared_own_and_boilerplate_sentences():
    a = {1: f"{COMMON}甲局开设了专栏。{OWN_A}"}
    b = {1: f"{COMMON}{OWN_A}乙局另有一句自己的话。"}
    boiler = {copies.sentence_key(copies.mask(COMMON, "甲局"))}
    left, right = copies.side_by_side(a, "甲局", b, "乙局", boiler)
    assert left[0].boilerplate and left[0].shared  # printed by both, but template text
    assert [p.shared for p in left[1:]] == [False] + [True] * (len(left) - 2)
    assert right[-1].text == "乙局另有一句自己的话" and not right[-1].shared
