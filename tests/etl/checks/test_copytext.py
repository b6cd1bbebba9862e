"""A report's copy text made per sentence (in the parse worker) gives the screening the very
numbers it computed from the joined own text; the cache uses a worker's text only when the
database holds exactly what it was made from."""

from __future__ import annotations

import pickle
import random

import numpy as np

from etl.checks import copies
from etl.checks.copytext import CopyText, MadeTexts, TextCache, prose_json, stamp_of
from etl.synthetic.prose import own_paragraphs

OWN_A, OWN_A5 = own_paragraphs("甲局|2024")
COMMON = "严格落实公开属性源头认定和保密审查机制，坚持“先审后发”，确保公开信息全面、准确、有效。"
PROSE = {
    1: f"2024年，甲局收到申请12件。{COMMON}{OWN_A}甲局依托门户网站，及时发布信息！{COMMON}",
    5: f"{OWN_A5}无。",
    6: "本机关认真贯彻落实《条例》，2024年无其他需要报告的事项。短句。",
}


def _reference(prose, agency, boilerplate):
    """What the screening computed before: own text joined, then shingled and signed."""
    masked = copies.masked_sentences(prose, agency)
    text, keys = copies.own_keyed(masked, [copies.sentence_key(m) for m in masked], boilerplate)
    own = copies.shingles(text)
    return own, keys, copies.signature(own).hashvalues


def test_per_sentence_texts_give_the_joined_own_text_numbers():
    rng = random.Random(1)
    for prose, agency in ((PROSE, "甲局"), (PROSE, None), ({1: "无。"}, "甲局"), ({}, "甲局")):
        made, plain = CopyText.of(prose, agency), CopyText.of(prose, agency, minima=False)
        assert made.keys == [copies.sentence_key(m) for m in copies.masked_sentences(prose, agency)]
        choices = [set(), set(made.keys[:1]), set(rng.sample(made.keys, len(made.keys) // 2))]
        for boilerplate in [*choices, set(made.keys)]:
            own, keys, sig = _reference(prose, agency, boilerplate)
            for text in (made, plain):
                got, got_keys, keep = text.own(boilerplate)
                assert got.dtype == np.uint32 and np.array_equal(got, own)
                assert got_keys == keys
                assert np.array_equal(text.signature(got, keep).hashvalues, sig)
    # the repeated common sentence counts once; a boilerplate sentence not at all
    text = CopyText.of(PROSE, "甲局")
    common = copies.sentence_key(copies.mask(COMMON, "甲局"))
    assert text.keys.count(common) == 2
    assert common not in text.own({common})[1]


def test_a_copy_text_travels_as_a_few_arrays():
    text = CopyText.of(PROSE, "甲局")
    back = pickle.loads(pickle.dumps(text))
    assert back.keys == text.keys and back.stamp == text.stamp
    assert np.array_equal(back.minima, text.minima) and np.array_equal(back.shingles, text.shingles)
    assert len(pickle.dumps(text)) < 2 * text.nbytes


def _calls(prose, agency):
    reads = []

    def text():
        reads.append("prose")
        return prose

    def stored():
        reads.append("stored")
        return prose_json(prose)

    return reads, text, stored


def test_the_cache_makes_a_text_once_and_forgets_screened_years():
    memo = TextCache()
    reads, text, stored = _calls(PROSE, "甲局")
    first = memo.get("r1", 2024, "甲局", text, stored)
    assert memo.get("r1", 2024, "甲局", text, stored) is first and reads == ["prose"]
    assert first.minima is None  # made by the screening: signed when needed, from own text
    memo.forget_before(2025)
    memo.get("r1", 2024, "甲局", text, stored)
    assert reads == ["prose", "prose"]  # forgotten: made again
    full = TextCache(limit=0)
    full.get("r2", 2024, "甲局", text, stored)
    full.get("r2", 2024, "甲局", text, stored)
    assert reads.count("prose") == 4  # nothing kept beyond the limit


def test_a_workers_text_is_used_only_for_what_the_database_holds():
    made = MadeTexts()
    for rid in ("same", "renamed", "edited"):
        made.offer(rid, CopyText.of(PROSE, "甲局"))
    worker_stamp = stamp_of(prose_json(PROSE), "甲局")
    assert made["renamed"].stamp == worker_stamp != stamp_of(prose_json(PROSE), "乙局")
    memo = TextCache(made=made)
    reads, text, stored = _calls(PROSE, "甲局")
    assert memo.get("same", 2024, "甲局", text, stored) is made_text(made, memo, "same")
    assert reads == ["stored"] and memo.from_workers == 1
    # stored under another organ name, or with other prose: made again from the database's
    reads, text, stored = _calls(PROSE, "乙局")
    renamed = memo.get("renamed", 2024, "乙局", text, stored)
    assert renamed.minima is None and renamed.keys == CopyText.of(PROSE, "乙局").keys
    edited = dict(PROSE) | {6: "另一段话，与工人读到的不同。"}
    reads2, text2, stored2 = _calls(edited, "甲局")
    got = memo.get("edited", 2024, "甲局", text2, stored2)
    assert got.keys == CopyText.of(edited, "甲局").keys
    assert "prose" in reads and "prose" in reads2 and memo.from_workers == 1


def made_text(made: MadeTexts, memo: TextCache, rid: str) -> CopyText:
    """The text the cache now holds for ``rid`` (taken out of ``made``)."""
    assert rid not in made
    return memo._items[rid][1]


def test_the_workers_texts_stay_within_their_budget():
    text = CopyText.of(PROSE, "甲局")
    made = MadeTexts(budget=text.nbytes * 2)
    for rid in "abc":
        made.offer(rid, text)
    assert sorted(made) == ["a", "b"] and made.nbytes == 2 * text.nbytes
    made.clear()
    assert not made and made.nbytes == 0
