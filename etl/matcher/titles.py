"""Report titles: the organ and year the report's own title prints.

The title line (保定市行政审批局 / 2024年度政府信息公开工作年度报告) is the strongest
place for both; pages also print other years' titles (navigation, related links), titles
broken over two lines, titles without a year and titles quoted in a sentence. The
fragment-to-organ cleaning (``organ_name``) lives here because every other source of the
organ name reuses it.
"""

from __future__ import annotations

import re
import unicodedata

from etl.matcher import organ_places
from etl.matcher.labels import to_simplified
from etl.matcher.sections import part_starts

# 政府 may be left out of a title: 大路镇人民政府2019年信息公开年度报告.
REPORT = r"(?:政府)?信息公开(?:工作)?(?:的)?年度报告|政务公开工作年度报告|信息公开年报"
# 西藏自治区政府国资委2020政府信息公开工作年度报告: a year printed without 年.
TITLE = re.compile(
    rf"^(?P<before>.*?)(?:关于)?(?P<year>(?:19|20)\d{{2}})\s*(?:年(?:度)?|(?=(?:政府)?信息公开))"
    rf"(?P<after>.*?)(?:{REPORT})"
)
# 国家中医药管理局2023年度政府信息公开工作报告: 年度 makes a 工作报告 the annual one.
# 2023年度沅江路街道信息公开工作报告: the organ after the year, 政府 left out.
_TITLE_WORK = re.compile(
    r"^(?P<before>.*?)(?P<year>(?:19|20)\d{2})\s*年度(?P<after>.*?)(?:政府)?信息公开工作报告$"
)

_ORGAN_END = re.compile(
    r"(人民政府|政府|办公厅|办公室|委员会|局|厅|部|署|委|院|办|中心|街道办事处|街道|乡|镇|苏木|管委会|公司|所|站|队|会|社"
    r"|实验区|新区|开发区|示范区|合作区|工业园区|产业园区|管理处|海关)$"
)
# A scope note after the organ (海关总署(本级机关)2020年…: the organ alone, not its system),
# and a customs district named for its customs (广州海关关区2021年…: 广州海关's report).
_SCOPE_NOTE = re.compile(r"[（(](?:本级机关|机关本级|本级|本部|机关)[)）]$")
# The same scope printed without brackets: 城口县人民政府机关 (the government and its
# office reporting together), XX局机关 / XX局机关本级 (the bureau without its units).
_ORGAN_ORGANS = re.compile(r"(?:(?<=政府)|(?<=[局厅委署部]))机关(?:本级)?$")
_CUSTOMS_DISTRICT = re.compile(r"(?<=海关)关区$")
_TITLE_NO_YEAR = re.compile(rf"^(?P<organ>[^\d]{{2,40}}?)(?:{REPORT})$")
_SENTENCE_MARKS = re.compile(r"[，,。；;《》“”]")
# 我局 / 本机关, and names relative to a government (区政府国资局 = the district's bureau).
PRONOUN = re.compile(r"^(?:我|本|(?:区|县|市|州|旗|盟|镇|乡)(?:人民)?政府(?!办公))")
# A page or breadcrumb prefix before the organ: "Page 8 - 威海市…", "首页>政务公开>…".
_PREFIX_SEP = re.compile(r"[-—–_|>＞:：/\\]")


_BULLET = re.compile(r"^[•·●○◆◇■□▪▫►▶※★☆◎]+")
# A title naming a place alone (昭通市2024年…, 临夏回族自治州永靖县2024年…): the report of
# its government. Zones (高新区, 开发区) have a 管委会, not a 人民政府.
_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,20}(?:省|自治区|市|县|区|旗|州|盟)$")
_ZONE = re.compile(
    r"(?:开发区|新区|园区|景区|社区|小区|工业区|保税区|试验区|实验区|示范区|合作区|片区)$"
)


_FIELD_NAME = re.compile(r"^(?:名称|标题|题名|信息名称|文件名称|文章标题)(?=.)")


def clean_line(text: str) -> str:
    """A line without markup or blanks, full-width forms folded."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[#*>`_]+", " ", t)
    return re.sub(r"\s+", "", t)


def organ_name(text: str) -> str | None:
    """The organ a title fragment names, without page prefixes or bullets; None if it names none.

    >>> organ_name("海关总署(本级机关)"), organ_name("您的位置:首页 > 广州海关关区")
    ('海关总署', '广州海关')
    >>> organ_name("城口县人民政府机关"), organ_name("县民政局机关本级")
    ('城口县人民政府', '县民政局')
    """
    t = _PREFIX_SEP.split(text)[-1]
    t = re.sub(r"^[\x00-\x7f]+", "", t)  # a file number or path left before the name
    t = _BULLET.sub("", t)  # a list bullet: • 自治区信访局2024年…
    t = re.sub(r"^[（(【\[]?(?:关于|印发)?", "", t).strip(" ：:，,、")
    t = _FIELD_NAME.sub("", t)  # a catalogue's field name without its colon: 名  称 山阳县…
    t = re.sub(r"(的)?$", "", t)
    t = _CUSTOMS_DISTRICT.sub("", _ORGAN_ORGANS.sub("", _SCOPE_NOTE.sub("", t)))
    if (
        2 <= len(t) <= 40
        and _ORGAN_END.search(t)
        and not PRONOUN.match(t)
        and not _SENTENCE_MARKS.search(t)  # a sentence's opening, not a name
        and not _ORGAN_END.fullmatch(t)  # 政府 alone (政府信息公开年报) names no organ
    ):
        # A place's government is its 人民政府 (title 下湿壕镇政府2022年信息公开工作年度报告).
        return re.sub(r"(?<=[镇乡县市区旗])政府$", "人民政府", t)
    return None


def place_government(text: str) -> str | None:
    """The government of a place named alone where an organ is expected.

    >>> place_government("临夏回族自治州永靖县"), place_government("新巴尔虎左旗")
    ('临夏回族自治州永靖县人民政府', '新巴尔虎左旗人民政府')
    >>> place_government("高新区") is None, place_government("某某县") is None
    (True, True)
    """
    t = _BULLET.sub("", _PREFIX_SEP.split(text)[-1])
    t = re.sub(r"^[（(【\[]?(?:关于)?", "", t).strip(" ：:，,、")
    if not _BARE_PLACE.match(t) or _ZONE.search(t):
        return None
    known = organ_places.known_place(t)
    return t + "人民政府" if known and len(known) >= 2 else None


def find_titles(lines: list[str]) -> list[tuple[str | None, int, int]]:
    """Every title-like line among the first 40: (agency, year, line index).

    A page can list other years' reports (navigation, related links) before its
    own title; the caller picks among them.
    """
    # Read simplified: a mirror's traditional title (…鄉人民政府2022年政府信息公開工作年度報告).
    head = [
        (i, to_simplified(clean_line(line))) for i, line in enumerate(lines[:40]) if line.strip()
    ]
    out: list[tuple[str | None, int, int]] = []
    for k, (i, line) in enumerate(head):
        if len(line) > 80:
            continue  # prose, not a title (and matching it would cost its length squared)
        m = TITLE.match(line) or _TITLE_WORK.match(line)
        if m is None and k + 1 < len(head) and len(head[k + 1][1]) <= 20:
            # A title broken after its year: 宿州市人民政府2016年 / 政府信息公开工作年度报告.
            line = line + head[k + 1][1]
            m = TITLE.match(line) or _TITLE_WORK.match(line)
        if not m or len(line) > 80:
            continue
        agency = organ_name(m.group("before")) or organ_name(m.group("after"))
        if agency is None and k > 0:
            agency = organ_name(head[k - 1][1])
        out.append(((to_simplified(agency) if agency else None), int(m.group("year")), i))
    return out


def find_title(lines: list[str]) -> tuple[str | None, int | None]:
    """Agency and year from the title: one line, or the organ on the line above.

    >>> find_title(["Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告"])
    ('威海市文登区信访局', 2022)
    >>> find_title(["大路镇人民政府2019年信息公开年度报告"])
    ('大路镇人民政府', 2019)
    >>> find_title(["下湿壕镇政府2022年信息公开工作年度报告"])
    ('下湿壕镇人民政府', 2022)
    >>> find_title(["名  称 山阳县人民政府2020年政府信息公开工作年度报告"])
    ('山阳县人民政府', 2020)
    >>> find_title(["2023年度沅江路街道信息公开工作报告"])
    ('沅江路街道', 2023)
    >>> find_title(["麻陽苗族自治縣板栗樹鄉人民政府2022年政府信息公開工作年度報告"])
    ('麻阳苗族自治县板栗树乡人民政府', 2022)
    """
    titles = find_titles(lines)
    return (titles[0][0], titles[0][1]) if titles else (None, None)


def find_untitled_organ(lines: list[str]) -> str | None:
    """The organ of a title printed without a year (驼峰路街道办事处政府信息公开工作年度报告).

    A breadcrumb's last step is a column, not a title naming the organ before it:

    >>> find_untitled_organ(["> 政务公开 > 市公共资源交易中心 > 政府信息公开年报"]) is None
    True
    """
    for line in lines[:10]:
        line = re.split(r"[>＞»]", line)[-1]  # the breadcrumb's last step
        m = _TITLE_NO_YEAR.match(clean_line(line))
        if m:
            organ = organ_name(m.group("organ"))
            if organ:
                return to_simplified(organ)
    return None


_QUOTED = re.compile(r"《([^《》]{4,80})》")


def find_quoted_title(lines: list[str]) -> tuple[str | None, int | None]:
    """Organ and year of the report's own title quoted in a sentence
    (现编制形成了《西柳镇人民政府2023年政府信息公开工作年度报告》); a quoted notice
    about reports (《关于做好2023年政府信息公开工作年度报告编制…的通知》) names none.

    >>> find_quoted_title(["现编制形成了《spam@:西柳镇人民政府2023年政府信息公开工作年度报告》。"])
    ('西柳镇人民政府', 2023)
    >>> find_quoted_title(["根据《关于做好2023年政府信息公开工作年度报告编制发布工作的通知》"])
    (None, None)
    """
    for line in lines[:40]:
        for quoted in _QUOTED.findall(to_simplified(clean_line(line))):
            m = TITLE.match(quoted)
            if m and m.end() == len(quoted):
                organ = organ_name(m.group("before")) or organ_name(m.group("after"))
                if organ:
                    return organ, int(m.group("year"))
    return None, None


def pick_title(
    titles: list[tuple[str | None, int, int]], lines: list[str], prefer: list[int | None]
) -> tuple[str | None, int]:
    """The page's own title among title-like lines.

    Navigation and related-link lists print other years' titles around the
    page's own: when the years disagree, the document's own title (HTML
    ``<title>``) and then the statistics period decide; otherwise the title
    nearest the report's text (the last one before part 一) is taken.
    """
    start = part_starts(lines).get(1, len(lines))
    before = [t for t in titles if t[2] < start] or titles
    for year in prefer:
        if year is not None and any(t[1] == year for t in before):
            before = [t for t in before if t[1] == year]
            break
    named = [t for t in before if t[0]]
    agency, year, _ = (named or before)[-1]
    # The same title printed twice, once whole and once broken after its parent organ
    # (…管理委员会 / 卫生健康办公室2023年…): the whole one names the organ in full.
    if agency:
        whole = [name for name, y, _ in named if name and y == year]
        fuller = [
            name
            for name in whole
            if name != agency
            and name.endswith(agency)
            and organ_name(name[: -len(agency)])
            and "公开" not in name  # not a breadcrumb
        ]
        if fuller:
            agency = max(fuller, key=len)
    return agency, year


# 大同市气象部门2023年…: a city's offices of one vertical line reporting together, named
# 部门 where 西藏自治区邮政管理系统 says 系统.
_SYSTEM = re.compile(r"([\u4e00-\u9fff]{4,20}?)(?:系统|部门)$")


def find_system_organ(lines: list[str], text: str) -> str | None:
    """The organ of a vertical system's report (西藏自治区邮政管理系统2020年…年度报告, 大同市
    气象部门2023年…): the
    one organ the page names with the system's words (西藏自治区邮政管理局), else None.

    >>> find_system_organ(["某省邮政管理系统2020年政府信息公开年度报告"], "某省邮政管理局高度重视…")
    '某省邮政管理局'
    >>> find_system_organ(["某省邮政管理系统2020年政府信息公开年度报告"], "省局高度重视…") is None
    True
    >>> find_system_organ(["某市气象部门2023年政府信息公开工作年度报告"], "确保了某市气象局…")
    '某市气象局'
    """
    for line in lines[:40]:
        clean = to_simplified(clean_line(line))
        m = TITLE.match(clean) if len(clean) <= 80 else None
        if m is None:
            continue
        for part in (m.group("before"), m.group("after")):
            system = _SYSTEM.search(_PREFIX_SEP.split(part)[-1])
            if system:
                words = re.escape(system.group(1))
                named = set(re.findall(rf"{words}(?:局|厅|委员会|办公室)", to_simplified(text)))
                return named.pop() if len(named) == 1 else None
    return None
