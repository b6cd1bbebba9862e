"""An organ name completed with its place, as the report's own text prints it.

Titles and opening sentences often name an organ short: a district without its city
(洪泽区人民政府), a bureau relative to its government (县审计局) or with no place at all
(应急管理局), a commission abbreviated (政府国资委), a tax bureau without its central
administration, a street without its 办事处. Each is written out only where the text
itself prints the fuller name once; the national division table says what a place is.
"""

from __future__ import annotations

import re

from etl.matcher.organs import PLACE, squeezed

_COUNTY = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:区|县|旗|自治县))")
# The city right before a county name: up to the nearest function word or boundary.
_CITY_BEFORE = re.compile(
    r"([^由在将经为是对和与及的了、，。：:（(“\"省自治区\W\d]{2,6}(?:市|州|盟|地区))$"
)


def with_city(agency: str, text: str) -> str:
    """A district or county name completed with the city the text prints before it.

    >>> with_city("洪泽区人民政府", "本报告由淮安市洪泽区人民政府办公室编制")
    '淮安市洪泽区人民政府'
    >>> with_city("洪泽区人民政府", "洪泽区位于……")
    '洪泽区人民政府'
    >>> with_city("天山区人民政府", "新疆乌鲁木齐市天山区")
    '乌鲁木齐市天山区人民政府'
    """
    m = _COUNTY.match(agency)
    if m is None or re.search("[省市州盟]", m.group(1)):
        return agency  # no county-level name first, or its city is printed already
    county = m.group(1)
    t = squeezed(text)
    cities: set[str] = set()
    i = t.find(county)
    while i >= 0:
        m_city = _CITY_BEFORE.search(t[max(0, i - 8) : i])
        if m_city:
            city = _known_city(m_city.group(1))
            if city:
                cities.add(city)
        i = t.find(county, i + len(county))
    return cities.pop() + agency if len(cities) == 1 else agency


def completed(relative: str, text: str) -> str | None:
    """An organ named relative to its government (县审计局) completed where the text prints it
    with its place (请联系桃江县审计局办公室); None when no single place is printed.

    >>> completed("县审计局", "2020年,县审计局认真贯彻…请联系桃江县审计局办公室。")
    '桃江县审计局'
    >>> completed("县审计局", "2020年,县审计局认真贯彻…") is None
    True

    Failing a full mention, the one place of that tier the text names (a city bureau's
    report naming 黄石市 and no other city):

    >>> completed("市审计局", "市审计局通过黄石市政府采购网公开…")
    '黄石市审计局'
    >>> completed("市审计局", "市审计局在黄石市、武汉市…") is None
    True
    """
    if not relative or relative[0] not in "县市区旗州盟":
        return None
    t = squeezed(text)
    found: set[str] = set()
    i = t.find(relative)
    while i >= 0:
        place = _known_place(t[max(0, i - 8) : i + 1])
        if place:
            found.add(place + relative[1:])
        i = t.find(relative, i + len(relative))
    if not found:
        found = {name + relative[1:] for name in _places_of_tier(t, relative[0])}
    return found.pop() if len(found) == 1 else None


def placed(agency: str, text: str) -> str | None:
    """A bare organ name (a title's 应急管理局) completed where the text prints it after
    its place (东河区应急管理局); None when it has a place already or no single one is printed.

    >>> placed("应急管理局", "现将东河区应急管理局信息公开工作情况报告如下")
    '东河区应急管理局'
    >>> placed("应急管理局", "桃江县应急管理局与东河区应急管理局") is None
    True
    >>> placed("东河区应急管理局", "包头市东河区应急管理局") is None
    True
    """
    if (
        PLACE.match(agency)
        or agency[0] in "县市区旗州盟镇乡省"
        or agency.startswith(("国家", "国务院", "中国", "中华人民共和国"))
    ):
        return None
    t = squeezed(text)
    found: set[str] = set()
    i = t.find(agency)
    while i >= 0:
        place = _known_place(t[max(0, i - 8) : i])
        if place:
            found.add(place + agency)
        i = t.find(agency, i + len(agency))
    return found.pop() if len(found) == 1 else None


_FULL_TAIL = r"(?:委员会|办公厅|办公室|局|厅|中心|院|署|部)"


# The shapes of a shortened organ name: 政府 without 人民 (自治区政府国资委, 市政府办),
# a commission cut to 委 (发改委, 卫健委).
_ABBREVIATED = re.compile(r"(?<!人民)政府(?!$)|(?<!委员会)(?<!员)委$")


def _in_order(short: str, long: str) -> bool:
    """Every character of ``short`` appears in ``long``, in the same order."""
    rest = iter(long)
    return all(c in rest for c in short)


def expanded(agency: str, text: str) -> str | None:
    """An abbreviated organ (a title's 西藏自治区政府国资委) written out where the text prints
    one full name of the same place holding its characters in order; None otherwise.

    >>> expanded("西藏自治区政府国资委", "《西藏自治区人民政府国有资产监督管理委员会2020年度部门预算》")
    '西藏自治区人民政府国有资产监督管理委员会'
    >>> expanded("某某县人民政府", "请与某某县人民政府办公室联系") is None
    True
    """
    m = PLACE.match(agency)
    if m is None or not _ABBREVIATED.search(agency):
        return None
    place = m.group(0)
    found = set()
    for hit in re.finditer(
        re.escape(place) + rf"([\u4e00-\u9fff]{{2,30}}?{_FULL_TAIL})", squeezed(text)
    ):
        name = place + hit.group(1)
        if len(name) >= len(agency) + 2 and agency[-1] in name[-3:] and _in_order(agency, name):
            found.add(name)
    return found.pop() if len(found) == 1 else None


# A vertically managed organ is named after its central administration:
# 国家税务总局芜湖市镜湖区税务局, 国家统计局某某调查队.
_CENTRAL = re.compile(r"(国家[\u4e00-\u9fff]{1,10}?(?:总局|局))$")


def vertical(agency: str, text: str) -> str:
    """A local organ written out with the central administration the text prints before it.

    >>> vertical("芜湖市镜湖区税务局", "结合国家税务总局芜湖市镜湖区税务局(以下简称…)")
    '国家税务总局芜湖市镜湖区税务局'
    >>> vertical("芜湖市镜湖区税务局", "芜湖市镜湖区税务局认真贯彻")
    '芜湖市镜湖区税务局'
    >>> vertical("平潭综合实验区", "国家税务总局平潭综合实验区税务局")
    '平潭综合实验区'
    """
    if not agency.endswith(("局", "队")):
        return agency  # a place (平潭综合实验区) before its 税务局 is no local branch
    t = squeezed(text)
    i = t.find(agency)
    while i > 0:
        m = _CENTRAL.search(t[max(0, i - 12) : i])
        if m:
            return m.group(1) + agency
        i = t.find(agency, i + len(agency))
    return agency


# A township's organ as its own pages name it in full: a street's 办事处, a town's,
# township's or sumu's 人民政府.
_TOWNSHIP_OFFICE = (
    ("街道", "办事处"),
    ("苏木", "人民政府"),
    ("镇", "人民政府"),
    ("乡", "人民政府"),
)


def street_office(agency: str, text: str) -> str:
    """A street or township named without its office (鹿城街道, 黄腊乡) completed where the
    text prints that office (楚雄市人民政府鹿城街道办事处, 西秀区黄腊乡人民政府), so one
    organ keeps one name whichever way a year's page prints it.

    >>> street_office("楚雄市鹿城街道", "请与楚雄市人民政府鹿城街道办事处联系")
    '楚雄市鹿城街道办事处'
    >>> street_office("北街街道", "发布机构 北街办事处")
    '北街街道'
    >>> street_office("西秀区黄腊乡", "请与西秀区黄腊乡人民政府联系")
    '西秀区黄腊乡人民政府'
    >>> street_office("林山乡", "林山乡政府认真按照《条例》")
    '林山乡'
    """
    for end, office in _TOWNSHIP_OFFICE:
        if agency.endswith(end):
            m = re.search(rf"[县市区旗州盟]([^县市区旗州盟]{{1,8}}{end})$", agency)
            township = m.group(1) if m else agency
            return agency + office if township + office in squeezed(text) else agency
    return agency


def _places_of_tier(text: str, tier: str) -> set[str]:
    """Full names of the text's places at ``tier`` (市: prefectures; 县/区/旗: counties)."""
    from etl.agencies.divisions import CITY, COUNTY, division_index

    rank = CITY if tier in "市州盟" else COUNTY
    return {
        m.text
        for m in division_index().scan(text)
        if m.is_full and m.text.endswith(tier) and any(d.rank == rank for d in m.divisions)
    }


def known_place(window: str) -> str | None:
    """The longest tail of ``window`` that names a division (永靖县 of 临夏回族自治州永靖县)."""
    return _known_place(window)


def _known_place(window: str) -> str | None:
    """The longest tail of ``window`` that the national division table names (桃江县)."""
    from etl.agencies.divisions import division_index

    names = division_index()._names
    for start in range(len(window) - 2 + 1):
        if names.get(window[start:]):
            return window[start:]
    return None


def _known_city(window: str) -> str | None:
    """The longest tail of ``window`` that the national division table names (乌鲁木齐市)."""
    from etl.agencies.divisions import division_index

    names = division_index()._names
    for start in range(len(window) - 2 + 1):
        tail = window[start:]
        if any(full for _, full in names.get(tail, [])):
            return tail
    return None
