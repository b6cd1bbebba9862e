"""Figures a report's prose states about its own tables, as equations for the run-together solver.

Part 一 often repeats the tables in words: "收到政府信息公开申请共计81件，涉及
自然人80件、商业企业1件", "行政复议案件2件、行政诉讼案件7件" and "废止规范性文件6件，
制定规范性文件15件". Where a
table's digits were run together and its own arithmetic leaves more than one
split, these figures may leave one (:mod:`etl.matcher.runtogether`). They are
only ever a tie-breaker between splits the table already allows, never a value.

Patterns are strict (a figure must sit right after its wording, in the same
clause) and every label comes from the template.
"""

from __future__ import annotations

import re

from etl.chinese import to_simplified
from etl.template import Template

Figure = tuple[tuple[str, ...], int]  # sum of these cells == the number

_CLAUSE_END = "。；;\n"
_NUMBER = r"\s*(\d{1,6})\s*件"


def prose_figures(text: str, template: Template) -> list[Figure]:
    """The cells (or sums of cells) the prose gives a number for."""
    text = to_simplified(text)
    out: list[Figure] = []
    out += _new_applications(text, template)
    out += _appeals(text, template)
    out += _normative_docs(text, template)
    return sorted(set(out))


def _new_applications(text: str, template: Template) -> list[Figure]:
    apply = template.table("apply")
    columns = {c.label: c.key for c in apply.columns if c.key != "total"}
    out: list[Figure] = []
    # "(新收|收到|接收)…申请…共计N件", not 受理/办理 (those may count last year's too)
    pattern = re.compile(
        rf"(?:新收|收到|接收)[^{_CLAUSE_END}，,]{{0,30}}?申请[^{_CLAUSE_END}，,\d]{{0,6}}?"
        rf"(?:共计|总计|合计|共){_NUMBER}(?P<rest>[^{_CLAUSE_END}]*)"
    )
    for m in pattern.finditer(text):
        out.append((("apply.new.total",), int(m.group(1))))
        rest = m.group("rest")
        involved = re.match(r"[，,]\s*(?:其中)?[，,]?\s*涉及(.*)", rest)
        if not involved:
            continue
        for label, key in columns.items():
            hit = re.search(rf"(?<![\u4e00-\u9fff]){re.escape(label)}{_NUMBER}", involved.group(1))
            if hit and len(label) > 2:  # 其他 is too common a word to trust
                out.append(((f"apply.new.{key}",), int(hit.group(1))))
    return out


def _appeals(text: str, template: Template) -> list[Figure]:
    appeal = template.table("appeal")
    out: list[Figure] = []
    for label, rows in _appeal_kinds(appeal).items():
        keys = tuple(f"appeal.{r}.total" for r in rows)
        pattern = re.compile(rf"{re.escape(label)}(?:案件|案){_NUMBER}")
        found = {int(m.group(1)) for m in pattern.finditer(text)}
        if len(found) == 1:  # two different counts for one kind: trust neither
            out.append((keys, found.pop()))
    return out


# "我局废止规范性文件6件，制定规范性文件15件" (pingtan-xzspj-2024), "新制发规范性文件3件"
# (pingtan-xzspj-2025): part 一 counting the year's issued / repealed documents of part 二.
_DOC_VERBS = {"issued": r"(?:新制发|制发|制定|出台|印发)", "repealed": r"废止"}
_ADMIN = "行政"  # 行政规范性文件 is also printed without it


def _normative_docs(text: str, template: Template) -> list[Figure]:
    keys = set(template.keys())
    active = template.table("active")
    if "active.normative_docs.issued" not in keys:
        return []  # the 2019 template counts 新制作 / 新公开, which prose does not name so
    noun = active.row("normative_docs").label.removeprefix(_ADMIN)
    doc_noun = rf"(?:{_ADMIN})?{re.escape(noun)}"
    regulations = active.row("regulations").label
    out: list[Figure] = []
    for column, verb in _DOC_VERBS.items():
        key = f"active.normative_docs.{column}"
        pattern = re.compile(rf"(?<!未){verb}{doc_noun}{_NUMBER}")
        found = {int(m.group(1)) for m in pattern.finditer(text)}
        if len(found) == 1:  # two different counts: trust neither
            out.append(((key,), found.pop()))
    # "本年度制发规范性文件34件，现行有效件数424件" (pingtan-gwh-2022): the in-force count
    # too, so that prose contradicting every split of the printed digits settles none.
    key = "active.normative_docs.in_force"
    in_force = re.compile(rf"现行有效(?:{doc_noun})?(?:件数)?(?:为|共)?{_NUMBER}")
    found = {
        int(m.group(1))
        for sentence in re.split(rf"[{_CLAUSE_END}]", text)
        if noun in sentence and regulations not in sentence
        for m in in_force.finditer(sentence)
    }
    if len(found) == 1:
        out.append(((key,), found.pop()))
    return out


def _appeal_kinds(appeal) -> dict[str, tuple[str, ...]]:
    """Words for the kinds of case → rows they total: 行政复议 → review; 行政诉讼 → both suits."""
    kinds: dict[str, list[str]] = {}
    for row in appeal.rows:
        kinds.setdefault(row.group or row.label, []).append(row.key)
    return {label: tuple(rows) for label, rows in kinds.items()}
