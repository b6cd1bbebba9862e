"""Figures the prose states about the tables: strict wording, labels from the template."""

from __future__ import annotations

from etl.matcher.prosefigures import prose_figures
from etl.template import TEMPLATES

T = TEMPLATES["2021"]


def test_a_real_sentence_gives_the_new_applications_and_the_appeals():
    # 2023 report in the real golden set
    text = (
        "2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件，涉及自然人80件、"
        "商业企业1件。办结依申请公开81件，其中其他处理2件，占2.47%；因政府信息公开引起的"
        "行政复议案件2件、行政诉讼案件7件。"
    )
    assert dict(prose_figures(text, T)) == {
        ("apply.new.total",): 81,
        ("apply.new.natural",): 80,
        ("apply.new.commercial",): 1,
        ("appeal.review.total",): 2,
        ("appeal.suit_direct.total", "appeal.suit_after_review.total"): 7,
    }


def test_wording_that_may_count_other_things_gives_nothing():
    text = (
        "受理政府信息公开申请共计20件（含上年结转）。办理申请15件。"
        "行政复议案件3件……另有行政复议案1件。"  # two counts for one kind: neither
    )
    assert prose_figures(text, T) == []


def test_part_one_counts_of_normative_documents():
    # pingtan-xzspj-2024: part 一 gives the cut of part 二's run '15621'
    text = "2024年，我局废止规范性文件6件，制定规范性文件15件，已公开在栏目下。"
    assert dict(prose_figures(text, T)) == {
        ("active.normative_docs.issued",): 15,
        ("active.normative_docs.repealed",): 6,
    }
    # pingtan-gwh-2022: the in-force count too, read only beside 规范性文件
    text = "本年度制发规范性文件34件，现行有效件数424件。规章现行有效5件。"
    assert dict(prose_figures(text, T)) == {
        ("active.normative_docs.issued",): 34,
        ("active.normative_docs.in_force",): 424,
    }
    # two different counts, a negation, or the 2019 template: nothing
    assert prose_figures("制定规范性文件2件。另制定规范性文件3件。", T) == []
    assert prose_figures("本年未制定规范性文件0件。", T) == []
    assert prose_figures("制定规范性文件2件。", TEMPLATES["2019"]) == []
