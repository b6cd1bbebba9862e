"""Prose against tables: counts stated in the text that no table cell confirms (N1, N2).

Pure. The prose is read by ``etl.matcher.narrative``; a statement is accepted
when it equals any table number it may reasonably mean (received requests may
include those carried over), so a warning means no reading of the table fits.
"""

from __future__ import annotations

from collections.abc import Mapping

from etl.findings import Finding, describe_locator
from etl.matcher.narrative import StatedNumber
from etl.numbers import fmt_number
from etl.template import TEMPLATE_2021, part_name

_APPEAL = TEMPLATE_2021.table("appeal")  # part 四 is the same in both templates
_REVIEW, _DIRECT, _AFTER = (
    _APPEAL.row(r).label for r in ("review", "suit_direct", "suit_after_review")
)
_SUIT = _APPEAL.row("suit_direct").group

NEW, CARRIED_IN, HANDLED = "apply.new.total", "apply.carried_in.total", "apply.total.total"
REVIEW = "appeal.review.total"
SUIT_DIRECT, SUIT_AFTER = "appeal.suit_direct.total", "appeal.suit_after_review.total"


def _accepted(kind: str, values: Mapping[str, float]) -> tuple[set[float], float | None, tuple]:
    """Table numbers a statement of this kind may mean, the one to show, and their keys."""
    v = values.get
    if kind.startswith("applications"):
        new, carried_in = v(NEW), v(CARRIED_IN)
        options = {new, v(HANDLED)}
        if new is not None and carried_in is not None:
            options.add(new + carried_in)
        main = v(NEW) if kind == "applications_received" else v(HANDLED)
        keys = tuple(k for k in (NEW, HANDLED) if v(k) is not None)
        return {x for x in options if x is not None}, main if main is not None else v(NEW), keys
    if kind == "reviews":
        review = v(REVIEW)
        return ({review} if review is not None else set()), review, (REVIEW,)
    direct, after = v(SUIT_DIRECT), v(SUIT_AFTER)
    if direct is None or after is None:
        return set(), None, ()
    return {direct + after}, direct + after, (SUIT_DIRECT, SUIT_AFTER)


def _message(s: StatedNumber, values: Mapping[str, float]) -> str:
    said = f"正文称“{s.text}”（{fmt_number(s.value)}件）"
    # Only called when ``_accepted`` found the cells of this kind: they are all shown.
    v = values.__getitem__
    if s.kind.startswith("applications"):
        table = f"，但{part_name(3)}" + "、".join(
            f"{label}为{fmt_number(values[k])}件"
            for label, k in (("“本年新收”总计", NEW), ("“办理结果（七）总计”", HANDLED))
            if values.get(k) is not None
        )
    elif s.kind == "reviews":
        table = f"，但{part_name(4)}{_REVIEW}总计为{fmt_number(v(REVIEW))}件"
    else:
        table = (
            f"，但{part_name(4)}{_SUIT}总计为{fmt_number(v(SUIT_DIRECT) + v(SUIT_AFTER))}件"
            f"（{_DIRECT}{fmt_number(v(SUIT_DIRECT))}件、{_AFTER}"
            f"{fmt_number(v(SUIT_AFTER))}件）"
        )
    return said + table + "；请核对正文或表格。"


def check_narrative(stated: list[StatedNumber], values: Mapping[str, float]) -> list[Finding]:
    """N1 (requests) and N2 (reviews, lawsuits): one finding per distinct stated number."""
    out: list[Finding] = []
    seen: set[tuple[str, float]] = set()
    for s in stated:
        if (s.kind, s.value) in seen:
            continue
        seen.add((s.kind, s.value))
        accepted, main, keys = _accepted(s.kind, values)
        if not accepted or s.value in accepted:
            continue
        where = describe_locator({**s.where, "text": s.text})
        out.append(
            Finding(
                "N1" if s.kind.startswith("applications") else "N2",
                _message(s, values),
                keys,
                expected=main,
                found=s.value,
                locators=(f"正文: {where}",),
            )
        )
    return out
