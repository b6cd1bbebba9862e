"""What an organ's name says after its place: extra units and the organ's kind.

``places.py`` consumes the division names at the start of a name (河北省保定市…) and hands
the rest here. ``read_tail`` recognises, in this order: the government itself (人民政府,
行政公署) or its office (政府办公厅/室, 政府办); a township reached through its government
(人民政府东华门街道办事处); a development zone (高新区, 工业园区, 新区) with its 管委会; a
county the division table does not know yet (莱芜区); a township (川主乡, 周矶街道) with its
government or a station of it (财政所). Anything else is a department.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from etl.template import KINDS

GOVERNMENT, DEPARTMENT = KINDS

#: Characters that end an organ's own words, so a place or zone name cannot contain them.
_NOT_IN_PLACE = "局委厅办部处所站院会和与及、（）"
_GOV = re.compile(r"^(?:人民政府|政府|行政公署|行署)$")
_OFFICE = re.compile(r"^(?:人民政府|政府|行政公署|行署)(?:办公[厅室]|办)$")
_ZONE = re.compile(
    rf"^(?P<unit>[^{_NOT_IN_PLACE}]{{0,14}}?"
    r"(?:新区|开发区|高新区|经开区|园区|保税区|试验区|示范区|合作区|度假区|风景名胜区|风景区"
    r"|管理区|工业区|片区|新城|港区))(?P<rest>.*)$"
)
_ZONE_GOV = re.compile(r"^(?:党工委)?(?:管理委员会|管委会|工作委员会|管理局)?$")
_ZONE_OFFICE = re.compile(r"^(?:党工委)?(?:管理委员会|管委会)(?:党政)?办公室$")
_TOWN = re.compile(
    r"^(?P<unit>[^局委厅办部处所站院会、（）]{1,10}?(?:民族乡|乡|镇|苏木|街道))(?P<rest>.*)$"
)
_TOWN_WORDS = ("城乡", "乡镇", "城镇", "村镇")
_TOWN_GOV = re.compile(r"^(?:人民政府|政府|办事处|街道办事处|街道办|办)?$")
_TOWN_OFFICE = re.compile(r"^(?:人民政府|政府|办事处)?(?:党政)?(?:综合)?办公室$")
_TOWN_DEPT = re.compile(r"(?:所|站|中心|办公室|办|队)$")
_NEW_COUNTY = re.compile(  # not 市场 / 市民 / 市政 / 区域 / 县委 …
    rf"^(?P<unit>[^{_NOT_IN_PLACE}市县区旗]{{2,6}}[县区旗市])"
    r"(?!场|民|政(?!府)|区|直|属|域|块|划|级|委)(?P<rest>.+)$"
)
_DEPT_TAIL = re.compile(r"(?:局|委员会|委|办公室|办|中心|院|所|站|队|厅|处)$")
_BRACKET_TAIL = re.compile(r"（[^（）]*）$")


@dataclass(frozen=True)
class Tail:
    """What the name says after its divisions: extra units and the organ itself."""

    zone: str = ""
    county: str = ""
    town: str = ""
    kind: str = DEPARTMENT
    is_office: bool = False


def organ_kind(rest: str) -> tuple[str, bool]:
    """(kind, is_office_on_behalf) of the words that name the organ itself."""
    rest = _BRACKET_TAIL.sub("", rest)
    if _GOV.match(rest):
        return GOVERNMENT, False
    if _OFFICE.match(rest):
        return GOVERNMENT, True
    return DEPARTMENT, False


def read_town(rest: str) -> Tail | None:
    """A township at the start of ``rest`` with its government or station, else None."""
    m = _TOWN.match(rest)
    unit_bad = m is not None and (
        m["unit"] in _TOWN_WORDS or m["unit"].endswith(("城乡", "乡镇", "村镇"))
    )
    if m is None or unit_bad or m["rest"].startswith("村"):
        return None  # 住房和城乡建设局, 乡镇企业局, 美丽乡村建设中心 are not townships
    unit, organ = m["unit"], m["rest"]
    if organ.startswith("街道") and not unit.endswith("街道"):
        unit, organ = unit + "街道", organ[2:]  # 新镇街道, not 新镇
    organ = _BRACKET_TAIL.sub("", organ)
    if _TOWN_GOV.match(organ):
        return Tail(town=unit, kind=GOVERNMENT)
    if _TOWN_OFFICE.match(organ):
        return Tail(town=unit, kind=GOVERNMENT, is_office=True)
    if _TOWN_DEPT.search(organ):
        return Tail(town=unit, kind=DEPARTMENT)
    return None


def _zone_tail(zone: re.Match[str]) -> Tail:
    """The rest of a name after a development zone (经济技术开发区…)."""
    organ = _BRACKET_TAIL.sub("", zone["rest"])
    town = read_town(zone["rest"])
    if town is not None:
        return replace(town, zone=zone["unit"])
    if _ZONE_GOV.match(organ):
        return Tail(zone=zone["unit"], kind=GOVERNMENT)
    if _ZONE_OFFICE.match(organ):
        return Tail(zone=zone["unit"], kind=GOVERNMENT, is_office=True)
    return Tail(zone=zone["unit"])


def _county_tail(county: re.Match[str]) -> Tail | None:
    """The rest of a name after a county the record lacks, when it names an organ there."""
    organ = county["rest"]
    kind, office = organ_kind(organ)
    town = read_town(organ)
    if town is not None:
        return replace(town, county=county["unit"])
    if kind == GOVERNMENT or _DEPT_TAIL.search(_BRACKET_TAIL.sub("", organ)):
        return Tail(county=county["unit"], kind=kind, is_office=office)
    return None


def read_tail(rest: str, may_add_county: bool) -> Tail:
    """Read zone / new county / township and the organ's kind from the rest of a name."""
    kind, office = organ_kind(rest)
    if kind == GOVERNMENT:
        return Tail(kind=kind, is_office=office)
    for head in ("人民政府", "政府"):  # 东城区人民政府东华门街道办事处
        town = read_town(rest[len(head) :]) if rest.startswith(head) else None
        if town is not None:
            return town
    zone = _ZONE.match(rest)
    if zone is not None:
        return _zone_tail(zone)
    county = _NEW_COUNTY.match(rest) if may_add_county else None
    tail = _county_tail(county) if county is not None else None
    if tail is not None:
        return tail
    town = read_town(rest)
    return town if town is not None else Tail()
