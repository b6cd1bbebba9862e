"""The organ a report names, where it names it, and whether those places agree.

Reports name their organ in the title, in the opening sentence (现公布XX2021年…,
由XX编制), in the page's catalogue fields (发布机构：XX, 信息来源：XX), on the first
line alone, and in the signature above the date at the end. A county-level name
printed without its city (洪泽区人民政府) is completed where the text itself prints
the city before it (淮安市洪泽区). When two of these places name different organs
the report gets an agency finding (A3), so a copied or mislabelled report is seen.
"""

from __future__ import annotations

import re
import unicodedata

from etl.chinese import to_simplified
from etl.matcher.dates import signature_line

_END = (
    r"(?:人民政府|政府|办公厅|办公室|委员会|管理委员会|管委会|局|厅|部|署|委|院|办|中心|"
    r"街道办事处|街道|乡|镇|苏木|公司|所|站|队|会|社|实验区|新区|开发区|示范区|合作区|园区|园)"
)
_NAME = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,30}}?{_END}$")
# The value may sit in the next cell: "发文机关: | 冷水滩区高科园 |", "发文机关:\t冷水滩区高科园\t".
_FIELD = re.compile(r"(?:发布机构|信息来源|来源|发文机关|发布单位)\s*[:：][ \t|]*([^\s|:：]{2,30})")
# 由安康市统计局围绕2020年度…工作情况编制而成: words may stand between the organ and 编制.
_COMPILED_BY = re.compile(
    rf"由([\u4e00-\u9fff]{{2,30}}?{_END})"
    r"(?:负责|(?:围绕|结合|根据|汇总)[^。；;，,]{0,40}?)?(?:编制|编写|起草)"
)
_OFFICE = re.compile(r"(?:党政|综合|行政)?(?:办公室|办|科|股)$")
_COUNTY = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:区|县|旗|自治县))")
# The city right before a county name: up to the nearest function word or boundary.
_CITY_BEFORE = re.compile(
    r"([^由在将经为是对和与及的了、，。：:（(“\"省自治区\W\d]{2,6}(?:市|州|盟|地区))$"
)
_PRONOUNS = (
    "我",
    "本",
    "区政府",
    "县政府",
    "市政府",
    "旗政府",
    "州政府",
    "盟政府",
    "镇政府",
    "乡政府",
)
_PLACE = re.compile(r"^[^县市区镇乡]{2,8}(?:省|自治区|市|县|区|州|盟|旗)")


def _clean(text: str) -> str:
    t = to_simplified(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", t)


def is_organ_name(text: str) -> bool:
    """A line that is an organ's name alone (浑南区国资局).

    >>> is_organ_name("浑南区国资局"), is_organ_name("一、总体情况")
    (True, False)
    """
    t = _clean(text)
    return bool(_NAME.match(t)) and not t.startswith(_PRONOUNS)


def first_line_organ(lines: list[str]) -> str | None:
    """The organ printed alone on the document's first non-empty line."""
    first = next((x for x in lines if x.strip()), "")
    return _clean(first) if is_organ_name(first) else None


def field_organ(lines: list[str]) -> str | None:
    """The organ in the page's 发布机构 / 信息来源 field (the first 40 lines).

    >>> field_organ(["索引号: | 4311030021/2024-00433 |", "发文机关: | 冷水滩区高科园 | 发文日期: | |"])
    '冷水滩区高科园'
    """
    for line in lines[:40]:
        # Cells stay apart (a tab or bar ends the value); spaces inside a name do not.
        cells = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", line)
        m = _FIELD.search(to_simplified(unicodedata.normalize("NFKC", cells)))
        if m and is_organ_name(m.group(1)):
            return m.group(1)
    return None


# Part 一 speaking as the government's office (2025年,市政府办公室认真贯彻…, 我办…): the
# office compiled its own report, not its government's.
_OFFICE_SPEAKS = re.compile(
    r"(?:^|[。；;，,\n])\s*(?:(?:19|20)\d{2}年度?[,，]?)?"
    r"(?:我办|本办|(?:市|县|区|旗|州|盟)(?:人民)?政府办公室)"
    r"(?:认真|坚持|严格|积极|始终|紧紧|深入|全面|持续|按照|围绕|高度|不断|扎实|进一步)"
)


def compiled_by(text: str) -> str | None:
    """The organ of "本报告由XX编制": the compiler's office names its organ, unless part 一
    speaks as that office (广汉市人民政府办公室 2025: 2025年,市政府办公室认真贯彻…).

    >>> compiled_by("本报告由两城镇人民政府党政办公室编制。")
    '两城镇人民政府'
    >>> compiled_by("本报告由某市人民政府办公室编制。")
    '某市人民政府'
    >>> compiled_by("本报告由某市人民政府办公室编制。2025年,市政府办公室认真贯彻…")
    '某市人民政府办公室'
    """
    m = _COMPILED_BY.search(_clean(text[:3000]))
    if not m or m.group(1).startswith(_PRONOUNS):
        return None
    organ = m.group(1)
    base = _OFFICE.sub("", organ)
    if organ.endswith("政府办公室") and _OFFICE_SPEAKS.search(_clean(text[:6000])):
        return organ  # the office's own report, not its government's
    return base if base != organ and is_organ_name(base) else organ


# A department gives its own office too (请与池州市公安贵池分局办公室联系).
_CONTACT = re.compile(
    r"请与([\u4e00-\u9fff]{2,30}?(?:人民政府|街道办事处|局|委员会|厅|管委会))"
    r"(?:(?:党政|综合)?(?:办公室|办))?联系"
)
# A township named without its county (请与永安镇人民政府联系): its own name is a place.
_TOWN_GOV = re.compile(
    r"^[\u4e00-\u9fff]{2,8}?(?:镇|乡|苏木)人民政府$|^[\u4e00-\u9fff]{2,8}?街道办事处$"
)


# "如对本报告有任何疑问,请联系长春市绿园区春城街道办事处(办公地址:…)": no 与, the
# address in brackets after the organ.
_CONTACT_BARE = re.compile(
    r"请联系([\u4e00-\u9fff]{2,30}?(?:人民政府|街道办事处|局|委员会|厅|管委会))"
    r"(?:(?:党政|综合)?(?:办公室|办))?[（(]"
)

# "请与本单位政府信息公开受理机构联系,地址:浙江省永嘉县溪下乡人民政府党政综合办公室": the
# contact's ADDRESS is the organ's office (never a building: the office must close it).
_CONTACT_ADDRESS = re.compile(
    r"联系[^。；;]{0,10}?地址[:：][^，,。；;]{0,20}?"
    r"([\u4e00-\u9fff]{2,30}?(?:人民政府|街道办事处|局|委员会|管委会))"
    r"(?:党政|综合)*(?:办公室|办)(?=[，,。；;（(]|$)"
)


def contact_organ(text: str) -> str | None:
    """The government whose office the opening gives as the contact (请与XX镇人民政府党政
    办公室联系): a township or county report names itself nowhere else.

    >>> contact_organ("如需咨询,請與柞水縣鳳凰鎮人民政府黨政辦公室聯系(地址…)")
    '柞水县凤凰镇人民政府'
    >>> contact_organ("请与县人民政府办公室联系") is None
    True
    >>> contact_organ("如对本年度报告有疑问,请与永安镇人民政府联系(电话:…)")
    '永安镇人民政府'
    >>> contact_organ("请与镇人民政府联系") is None
    True
    >>> contact_organ("如有疑问,请与池州市公安贵池分局办公室联系(地址…)")
    '池州市公安贵池分局'
    >>> contact_organ("请与市统计局办公室联系") is None
    True
    >>> contact_organ("如有疑问,请联系长春市绿园区春城街道办事处(办公地址:…)")
    '长春市绿园区春城街道办事处'
    >>> contact_organ("请与本单位受理机构联系,地址:浙江省某某县溪下乡人民政府党政综合办公室,电话")
    '浙江省某某县溪下乡人民政府'
    >>> contact_organ("请与本单位联系,地址:某某市人民政府大楼三楼,电话") is None
    True

    """
    clean = to_simplified(_clean(text[:3000]))
    m = _CONTACT.search(clean) or _CONTACT_BARE.search(clean) or _CONTACT_ADDRESS.search(clean)
    if m is None or not (_PLACE.match(m.group(1)) or _TOWN_GOV.match(m.group(1))):
        return None
    if m.group(1).startswith(("县", "区", "市", "旗", "镇", "乡")):
        return None  # relative to its government (县人民政府, 镇人民政府)
    return m.group(1)


# A public enterprise publishing the template (公共企事业单位): part 一 speaks as 我公司 / 我集团
# and the contact is the company's office; a lead copied from another report may still name
# another organ as its compiler (wuming-fmjt-2023-mirror: 由南宁市武鸣区行政审批局编制).
_COMPANY_CONTACT = re.compile(
    r"请与([\u4e00-\u9fff]{4,40}?(?:有限责任公司|股份有限公司|有限公司|集团))"
    r"(?:办公室|综合部|综合办|党政办)?联系"
)


def speaking_company(text: str) -> str | None:
    """The company a report speaks for (我公司…) whose office its contact line names.

    >>> speaking_company("请与某某城市投资发展集团有限责任公司办公室联系。2023年,我公司…")
    '某某城市投资发展集团有限责任公司'
    >>> speaking_company("请与某某城市投资发展集团有限责任公司办公室联系。2023年,我局…") is None
    True
    """
    clean = _clean(text[:6000])
    m = _COMPANY_CONTACT.search(clean)
    return m.group(1) if m and re.search(r"我(?:公司|集团)", clean) else None


def signature_organ(lines: list[str]) -> str | None:
    """The organ on the line above the signature's date at the end of the text."""
    i = signature_line(lines)
    if i is None:
        return None
    for line in reversed(lines[:i]):
        if line.strip():
            return _clean(line) if is_organ_name(line) else None
    return None


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
    t = _clean(text)
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
    t = _clean(text)
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
        _PLACE.match(agency)
        or agency[0] in "县市区旗州盟镇乡省"
        or agency.startswith(("国家", "国务院", "中国", "中华人民共和国"))
    ):
        return None
    t = _clean(text)
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
    m = _PLACE.match(agency)
    if m is None or not _ABBREVIATED.search(agency):
        return None
    place = m.group(0)
    found = set()
    for hit in re.finditer(
        re.escape(place) + rf"([\u4e00-\u9fff]{{2,30}}?{_FULL_TAIL})", _clean(text)
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
    t = _clean(text)
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
            return agency + office if township + office in _clean(text) else agency
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


def fuller(agency: str | None, others: list[str | None]) -> str | None:
    """The same organ's fuller name where another place prints it (桂花坪街道 →
    长沙市天心区桂花坪街道办事处); never a different organ such as its office.

    >>> fuller("桂花坪街道", ["长沙市天心区桂花坪街道办事处"])
    '长沙市天心区桂花坪街道办事处'
    >>> fuller("洪泽区人民政府", ["洪泽区人民政府办公室"])
    '洪泽区人民政府'
    """
    if agency is None:
        return None
    for other in others:
        if other and other != agency and agency in other:
            tail = other[other.index(agency) + len(agency) :]
            if tail in ("", "办事处", "人民政府"):
                return other
    return agency


def _core(name: str) -> str:
    return re.sub(r"[()（）]", "", name)


def differ(a: str, b: str) -> bool:
    """True when two names cannot be the same organ (neither contains the other).

    >>> differ("洪泽区人民政府", "淮安市洪泽区人民政府办公室"), differ("甲县民政局", "乙县民政局")
    (False, True)
    """
    a, b = _core(a), _core(b)
    return a not in b and b not in a


def other_mentions(lines: list[str], text: str, stem_organ: str | None) -> dict[str, str]:
    """Where else the report names an organ: {place: name} (body, signature, file name)."""
    found = {
        "正文（由…编制）": compiled_by(text),
        "首行": first_line_organ(lines),
        "落款": signature_organ(lines),
        "文件名": stem_organ,
    }
    return {where: name for where, name in found.items() if name}


def conflict_message(agency: str, mentions: dict[str, str]) -> str | None:
    """The A3 message when a place names another organ than ``agency``, else None."""
    other = {w: n for w, n in mentions.items() if differ(agency, n)}
    if not other:
        return None
    shown = "、".join(f"{w}为“{n}”" for w, n in other.items())
    return f"报告标题或正文所署机关为“{agency}”，但{shown}，机关名称不一致；请核对是否错放或套用了其他机关的报告。"
