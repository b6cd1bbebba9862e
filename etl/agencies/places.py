"""An organ's place, level and kind, read from its name (and hints when the name is short).

A name is read left to right: division names from cpca's table (河北省 → 保定市 → 莲池区),
then (``organs.py``) an optional development zone (高新区), a county missing from the
table (莱芜区) or a township (川主乡, 周矶街道), then the organ itself. What follows the
place decides the kind: 人民政府 / 管委会 / 街道办事处 make a government, 政府办公厅/室 a
government's office reporting for it (``is_office_on_behalf``), anything else a department. The deepest unit decides the
level. Names that start with 国家/国务院/中国 or end in 部/署 are central organs unless a place
follows (国家税务总局保定市税务局 is a 市级 department).

A county name found in several places (朝阳区, 鼓楼区) is decided by ``hints``: each hint
(folder names, a manifest's province, the report's text) is scanned for division names, and
every name found supports each candidate by closeness (same prefecture 2, same province 1,
split evenly when the hint's own name is ambiguous). The best-supported candidate wins; on
a tie the result is ``ambiguous`` with the tied candidates' adcodes and only the fields they
share. Hints also place names that carry no place (省政府办公厅, 市教育局, 川主乡人民政府).

Direct-administered municipalities: the city is the province (北京市 → 省级), their 区/县 are
县级, and ``city`` stays empty, as the table has no prefecture tier there (likewise for
counties directly under a province such as 潜江市). ``adcode`` is the code of the deepest
division found in the table; a zone, a township or a county newer than the table carries
its parent's code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from etl.agencies.divisions import (
    CITY,
    COUNTY,
    PROVINCE,
    Division,
    DivisionIndex,
    Match,
    division_index,
)
from etl.agencies.identity import normalize_agency_name, to_simplified
from etl.agencies.organs import DEPARTMENT, Tail, read_tail
from etl.template import LEVELS

CENTRAL_LEVEL, PROVINCE_LEVEL, CITY_LEVEL, COUNTY_LEVEL, TOWN_LEVEL = LEVELS
_RANK_LEVEL = {PROVINCE: PROVINCE_LEVEL, CITY: CITY_LEVEL, COUNTY: COUNTY_LEVEL}

_CENTRAL_HEAD = re.compile(r"^(?:国务院|国家|中国|中华人民共和国|中央)")
_CENTRAL_TAIL = re.compile(r"^[^省市县区州盟旗]{1,12}(?:部|署)$")
_GENERIC = re.compile(r"^(?P<tier>自治区|省|自治州|州|盟|市|县|区|旗)(?P<rest>.+)$")
_GENERIC_NOT = re.compile(r"^(?:场|块|域|直|辖|级|内|外|政(?!府))")
_TIER_RANK = {
    "自治区": PROVINCE,
    "省": PROVINCE,
    "自治州": CITY,
    "州": CITY,
    "盟": CITY,
    "市": CITY,
    "县": COUNTY,
    "区": COUNTY,
    "旗": COUNTY,
}


@dataclass(frozen=True)
class PlaceResult:
    """Where an organ sits and what it is; strings are "" where there is none."""

    province: str = ""
    city: str = ""
    county: str = ""
    adcode: str | None = None
    level: str = ""  # one of LEVELS, "" when nothing tells
    kind: str = ""  # one of KINDS
    is_office_on_behalf: bool = False
    ambiguous: bool = False
    candidates: tuple[str, ...] = ()
    reason: str = ""
    township: str = ""
    zone: str = ""  # development zone / new area, kept as named; also in city or county


def _display(m: Match, d: Division) -> str:
    """The official name, unless the name shows a newer suffix (梁平区 for 梁平县)."""
    if not m.is_full and m.text[-1] in "县区市旗" and m.text[-1] != d.name[-1]:
        return m.text
    return d.name


@lru_cache(maxsize=64)
def _hint_matches(hints: tuple[str, ...]) -> tuple[Match, ...]:
    idx = division_index()
    found: list[Match] = []
    for hint in hints:
        if hint:
            found += idx.scan(to_simplified(unicodedata.normalize("NFKC", hint)))
    return tuple(found)


def _closeness(candidate: Division, mentioned: Division) -> int:
    """3 same county, 2 same prefecture, 1 same province, 0 unrelated."""
    if candidate.adcode[:2] != mentioned.adcode[:2]:
        return 0
    if PROVINCE in (candidate.rank, mentioned.rank) or candidate.adcode[:4] != mentioned.adcode[:4]:
        return 1
    if candidate == mentioned and candidate.rank == COUNTY:
        return 3
    return 2


def _support(candidate: Division, matches: Sequence[Match]) -> float:
    """How strongly the hints point at a candidate: a shared prefecture counts twice a
    shared province; a hint naming several places counts for each in proportion."""
    return sum(
        max(_closeness(candidate, d) for d in m.divisions) / len(m.divisions) for m in matches
    )


def _best(cands: Sequence[Division], matches: Sequence[Match]) -> list[Division]:
    """The candidates the hints support most; all of them when the hints say nothing."""
    scores = {c: _support(c, matches) for c in cands}
    top = max(scores.values(), default=0)
    if top == 0:
        return sorted(cands, key=lambda d: d.adcode)
    return sorted((c for c, s in scores.items() if s == top), key=lambda d: d.adcode)


def _hint_chain(matches: Sequence[Match], rank: int) -> tuple[list[Division], list[Division]]:
    """Divisions down to ``rank`` the hints agree on, and the tied ones where they stop."""
    idx = division_index()
    mentioned = {d for m in matches for d in m.divisions}
    chain: list[Division] = []
    for level in range(rank + 1):
        pool: dict[str, Division] = {}
        for d in mentioned:
            code = d.adcode[: 2 * (level + 1)].ljust(6, "0")
            up = idx.by_code.get(code)
            if up is None or up.rank != level or idx.is_placeholder(code):
                continue
            if not chain or chain[-1].contains(up):
                pool[code] = up
        if not pool:
            continue  # no prefecture tier (北京, 潜江市): go on to counties
        best = _best(list(pool.values()), matches)
        if len(best) > 1:
            return chain, best
        chain.append(best[0])
    return chain, []


def _fields(idx: DivisionIndex, d: Division, shown: str) -> dict[str, str]:
    province, city = idx.ancestors(d)
    out = {"province": "", "city": "", "county": ""}
    out["province"] = province.name if province else ""
    if d.rank == CITY:
        out["city"] = shown
    elif d.rank == COUNTY:
        out["city"] = city.name if city else ""
        out["county"] = shown
    return out


def _is_municipality(d: Division) -> bool:
    return d.rank == PROVINCE and d.name.endswith("市")


def _compose(d: Division, shown: str, tail: Tail, reason: str) -> PlaceResult:
    """The result for one decided division plus what the tail adds."""
    idx = division_index()
    fields = _fields(idx, d, shown)
    level = _RANK_LEVEL[d.rank]
    notes = [reason]
    if tail.county:
        fields["county"] = tail.county
        level = COUNTY_LEVEL
        notes.append(f"{tail.county} not in the division table, adcode of {d.name}")
    if tail.zone:
        municipality = _is_municipality(d)
        slot = "city" if d.rank == PROVINCE and not municipality else "county"
        if d.rank < COUNTY and not tail.county:
            fields[slot] = tail.zone
        level = LEVELS[LEVELS.index(level) + (1 if not municipality else 2)]
        notes.append(f"development zone {tail.zone} under {shown}")
    if tail.town:
        level = TOWN_LEVEL
    return PlaceResult(
        province=fields["province"],
        city=fields["city"],
        county=fields["county"],
        adcode=d.adcode,
        level=level,
        kind=tail.kind,
        is_office_on_behalf=tail.is_office,
        reason="; ".join(notes),
        township=tail.town,
        zone=tail.zone,
    )


def _ambiguous(m: Match, cands: Sequence[Division], tail: Tail) -> PlaceResult:
    """Only what all candidates share; the candidates' adcodes for a person to choose."""
    idx = division_index()
    rows = [_fields(idx, d, _display(m, d)) for d in cands]
    common = {k: rows[0][k] if all(r[k] == rows[0][k] for r in rows) else "" for k in rows[0]}
    level = _RANK_LEVEL[cands[0].rank] if len({d.rank for d in cands}) == 1 else ""
    if level and tail.town:
        level = TOWN_LEVEL
    codes = tuple(sorted(d.adcode for d in cands))
    return PlaceResult(
        **common,
        level=level,
        kind=tail.kind,
        is_office_on_behalf=tail.is_office,
        ambiguous=True,
        candidates=codes,
        reason=f"{m.text} is in {len(m.divisions)} places; the hints leave {len(codes)}",
        township=tail.town,
        zone=tail.zone,
    )


def _from_chain(text: str, chain: Sequence[Match], hints: tuple[str, ...]) -> PlaceResult:
    last = chain[-1]
    cands = list(last.divisions)
    reason = "named " + "/".join(m.text for m in chain)
    rest = text[last.end :]
    deep = cands[0].rank
    if not last.is_full and deep < COUNTY and rest[:1] in ("县", "区", "旗"):
        # 莱芜区: a county named after a prefecture stem, newer than the table
        tail = read_tail(last.text + rest, may_add_county=True)
    else:
        tail = read_tail(rest, may_add_county=deep == CITY or _is_municipality(cands[0]))
    if tail.zone and deep < COUNTY and len(cands) == 1:
        # 浙江乐清经济开发区: a zone named after its county (乐清市) lies in that county
        county = division_index().county_stem_at(tail.zone, 0, (cands[0],))
        if len(county) == 1:
            zone = tail.zone if last.is_full else last.text + tail.zone
            reason += f"; the zone is named after {county[0].name}"
            return _compose(county[0], county[0].name, replace(tail, zone=zone), reason)
    if tail.zone and not last.is_full:
        tail = replace(tail, zone=last.text + tail.zone)  # keep 保定高新区 as written
    if len(cands) > 1:
        best = _best(cands, _hint_matches(hints))
        if len(best) > 1:
            return _ambiguous(last, best, tail)
        cands = best
        reason += f"; {last.text} decided by hints"
    return _compose(cands[0], _display(last, cands[0]), tail, reason)


def _central(text: str, hints: tuple[str, ...]) -> PlaceResult | None:
    if not (_CENTRAL_HEAD.match(text) or _CENTRAL_TAIL.match(text)):
        return None
    idx = division_index()
    head = _CENTRAL_HEAD.match(text)
    start = head.end() if head else len(text)
    for m in idx.scan(text[start:]):
        chain = idx.match_chain(text, start + m.start)
        if chain:
            branch = _from_chain(text, chain, hints)
            return replace(
                branch,
                kind=DEPARTMENT,
                is_office_on_behalf=False,
                reason=branch.reason + "; local branch of a central organ",
            )
    return PlaceResult(level=CENTRAL_LEVEL, kind=DEPARTMENT, reason="central organ")


def _from_hints(text: str, hints: tuple[str, ...]) -> PlaceResult:
    """A name without a place: 省政府办公厅, 县财政局, 川主乡人民政府, or a bare 教育局."""
    generic = _GENERIC.match(text)
    if generic is not None and _GENERIC_NOT.match(generic["rest"]):
        generic = None
    rest = generic["rest"] if generic else text
    tail = read_tail(rest, may_add_county=False)
    want = _TIER_RANK[generic["tier"]] if generic else COUNTY
    chain, tied = _hint_chain(_hint_matches(hints), want)
    note = "place from hints"
    if tied:
        note += "; hints disagree between " + "/".join(d.name for d in tied)
    ambiguous, candidates = bool(tied), tuple(d.adcode for d in tied)
    if chain and (generic is None or chain[-1].rank == want or _is_municipality(chain[-1])):
        return replace(
            _compose(chain[-1], chain[-1].name, tail, note),
            ambiguous=ambiguous,
            candidates=candidates,
        )
    if chain:  # the hints stop above the tier the name states (县财政局, hints: 河北省)
        fields = _fields(division_index(), chain[-1], chain[-1].name)
    else:
        fields = {"province": "", "city": "", "county": ""}
        note = "no place in the name or the hints"
    level = _RANK_LEVEL[want] if generic else ""
    return PlaceResult(
        province=fields["province"],
        city=fields["city"],
        county=fields["county"],
        adcode=chain[-1].adcode if chain else None,
        level=TOWN_LEVEL if tail.town else level,
        kind=tail.kind,
        is_office_on_behalf=tail.is_office,
        reason=note,
        township=tail.town,
        zone=tail.zone,
        ambiguous=ambiguous,
        candidates=candidates,
    )


def _resolve(text: str, hints: tuple[str, ...]) -> PlaceResult:
    idx = division_index()
    chain = idx.match_chain(text)
    if chain:
        return _from_chain(text, chain, hints)
    central = _central(text, hints)
    if central is not None:
        return central
    return _from_hints(text, hints)


_BRANCH = re.compile(
    r"^(?P<city>.{2,10}?[市州盟])(?P<dept>[^市县区]{2,12}?局)"
    r"(?P<county>[^局市]{2,6}?[区县市旗])(?P<tail>分局)$"
)


# 池州市公安贵池分局: the branch printed without 局 after the bureau and without its
# county's suffix (贵池 of 贵池区).
_BARE_BRANCH = re.compile(
    r"^(?P<city>.{2,10}?[市州盟])(?P<dept>公安|税务)(?P<stem>[^局市]{2,4}?)分局$"
)


def _bare_branch(text: str) -> str:
    """``text`` with a bare district branch rewritten as the county's branch, else as is.

    >>> _bare_branch("池州市公安贵池分局")
    '池州市贵池区公安分局'
    """
    m = _BARE_BRANCH.match(text)
    if m is None:
        return text
    idx = division_index()
    city = idx.match_chain(m["city"])
    if not city:
        return text
    county = idx.county_stem_at(m["stem"], 0, city[-1].divisions)
    if len(county) != 1 or not county[0].name.startswith(m["stem"]):
        return text
    return f"{m['city']}{county[0].name}{m['dept']}分局"


def resolve_place(name: str, hints: Sequence[str] = ()) -> PlaceResult:
    """Place, level and kind of the organ called ``name``.

    ``hints`` are free texts that may name the place (folder names, a manifest's province,
    the report's text); they only decide between candidates or place a name that has none.
    """
    text = normalize_agency_name(name)
    # 保定市公安局竞秀区分局: a city bureau's branch in a county is a county-level organ.
    branch = _BRANCH.match(text)
    if branch:
        text = f"{branch['city']}{branch['county']}{branch['dept']}{branch['tail']}"
    else:
        text = _bare_branch(text)
    if hints:  # not cached: a hint may be a whole report's text
        return _resolve(text, tuple(hints))
    return _resolve_bare(text)


@lru_cache(maxsize=65536)
def _resolve_bare(text: str) -> PlaceResult:
    return _resolve(text, ())
