"""The organ a report names, where it names it, and whether those places agree.

Reports name their organ in the title, in the opening sentence (现公布XX2021年…,
由XX编制), in the page's catalogue fields (发布机构：XX, 信息来源：XX), on the first
line alone, and in the signature above the date at the end (a name printed short is
written out with its place by :mod:`etl.matcher.organ_places`). When two of these places name different organs
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
PLACE = re.compile(r"^[^县市区镇乡]{2,8}(?:省|自治区|市|县|区|州|盟|旗)")


def squeezed(text: str) -> str:
    """The text in simplified characters, NFKC-normalised, without white space."""
    t = to_simplified(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", t)


def is_organ_name(text: str) -> bool:
    """A line that is an organ's name alone (浑南区国资局).

    >>> is_organ_name("浑南区国资局"), is_organ_name("一、总体情况")
    (True, False)
    """
    t = squeezed(text)
    return bool(_NAME.match(t)) and not t.startswith(_PRONOUNS)


def first_line_organ(lines: list[str]) -> str | None:
    """The organ printed alone on the document's first non-empty line."""
    first = next((x for x in lines if x.strip()), "")
    return squeezed(first) if is_organ_name(first) else None


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
    m = _COMPILED_BY.search(squeezed(text[:3000]))
    if not m or m.group(1).startswith(_PRONOUNS):
        return None
    organ = m.group(1)
    base = _OFFICE.sub("", organ)
    if organ.endswith("政府办公室") and _OFFICE_SPEAKS.search(squeezed(text[:6000])):
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
    clean = to_simplified(squeezed(text[:3000]))
    m = _CONTACT.search(clean) or _CONTACT_BARE.search(clean) or _CONTACT_ADDRESS.search(clean)
    if m is None or not (PLACE.match(m.group(1)) or _TOWN_GOV.match(m.group(1))):
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
    clean = squeezed(text[:6000])
    m = _COMPANY_CONTACT.search(clean)
    return m.group(1) if m and re.search(r"我(?:公司|集团)", clean) else None


def signature_organ(lines: list[str]) -> str | None:
    """The organ on the line above the signature's date at the end of the text."""
    i = signature_line(lines)
    if i is None:
        return None
    for line in reversed(lines[:i]):
        if line.strip():
            return squeezed(line) if is_organ_name(line) else None
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
