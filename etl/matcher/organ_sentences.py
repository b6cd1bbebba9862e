"""Sentences that name the organ and year where the title does not.

The publishing sentence (现公布兴义市人民政府办公室2020年政府信息公开工作年度报告), a
province's template sentence (结合2022年威海市人民政府办公室政府信息公开工作实际) and
part 一's opening (2022年，抚远市自然资源局…) name the organ in full where many titles
cut it short; part 一's first-person sentences (2022年，我局…) still give the year.
"""

from __future__ import annotations

import re
import unicodedata

from etl.matcher import organ_places
from etl.matcher.labels import to_simplified
from etl.matcher.sections import part_starts, parts_of
from etl.matcher.titles import PRONOUN, REPORT, TITLE, clean_line, organ_name, place_government

# A sub-heading may come first on the line: "(一)主动公开信息情况。2019年,市审计局…".
_SUBHEAD = r"(?:[（(][一二三四五六七八九][)）][^。：:，,]{0,20}[。：:]\s*)?"
# "2023年,在区委、区政府的坚强领导下,官洲街道办事处认真…": a clause before the organ.
_UNDER = r"(?:在[^，,。；;]{2,40}?(?:下|中)\s*[,，]\s*)?"
_OPENING = re.compile(
    rf"^\s*{_SUBHEAD}((?:19|20)\d{{2}})\s*年(?:度|以来)?\s*[,，]\s*{_UNDER}"
    r"(?P<organ>[^,，。、；;“”\"《》]{2,30}?(?:人民政府|办公厅|办公室|委员会|局|厅|街道办事处|管委会|中心|海关))"
)
# "今年以来,荣昌区林业局认真贯彻…": the opening names the year only as 今年/本年度; the organ
# still counts when it names its place.
_OPENING_NOW = re.compile(
    rf"^\s*{_SUBHEAD}(?:今年以来|今年|本年度|本年)\s*[,，]\s*{_UNDER}"
    r"(?P<organ>[^,，。、；;“”\"《》]{2,30}?(?:人民政府|办公厅|办公室|委员会|局|厅|街道办事处|管委会|中心|海关))"
)
# "2025年以来,宗关街道深入学习…": a street office or town named without 办事处/人民政府,
# taken only when the sentence's predicate follows it at once.
_OPENING_TOWN = re.compile(
    rf"^\s*{_SUBHEAD}((?:19|20)\d{{2}})\s*年(?:度|以来)?\s*[,，]\s*{_UNDER}"
    r"(?P<organ>[\u4e00-\u9fff]{1,10}?(?:街道|镇|乡))"
    r"(?=深入|认真|坚持|全面|紧紧|始终|严格|积极|持续|高度|按照|围绕|进一步|不断|扎实|以|在)"
)
_PLACE_START = re.compile(r"^[^县市区]{1,8}(?:省|自治区|市|县|区|州|盟|旗)")
# A central organ names no place: "2022年，国家新闻出版署坚持…", "2023年，海关总署…".
_OPENING_NATIONAL = re.compile(
    rf"^\s*{_SUBHEAD}((?:19|20)\d{{2}})\s*年度?\s*[,，]\s*(?P<organ>(?:国家|国务院|中国|中华人民共和国|海关)"
    r"[^的了在对与为把将按坚持,，。、；;\s]{0,14}?"
    r"(?:总局|委员会|局|(?<!部)署|部(?![署门分长])|委|院))"
)
# Verbs that open part 一's sentences; an organ's name holds none of them.
_VERB = re.compile(r"坚持|认真|按照|围绕|积极|紧紧|始终|持续|进一步|严格")
# A zone's or government's department named after it (郑州高新技术产业开发区管委会城市管理局
# 深入贯彻…): the organ runs on to the sentence's predicate, not to its first organ ending.
_ORGAN_GOES_ON = re.compile(
    r"^([\u4e00-\u9fff]{1,12}?(?:局|委员会|办公室|中心|分局|支队|大队))"
    r"(?=深入|认真|坚持|全面|紧紧|始终|严格|积极|持续|高度|按照|围绕|进一步|不断|扎实)"
)

# "现公布兴义市人民政府办公室2020年政府信息公开工作年度报告": organ and year inside a sentence.
# "现将维西县审计局2019政府信息公开年度工作向县人民政府进行报告": the year without 年
# before 政府信息公开, and the year's work reported instead of a titled report.
# "现将武汉东湖新技术开发区发展改革局(以下简称发展改革局)2021年度信息公开工作报告如下":
# the organ's short name in brackets before the year.
# "梳理编制湛江海关关区2023年政府信息公开工作年度报告": 编制 alone before organ and year;
# "现公布《钦北区2023年政府信息公开工作年度报告》": the title quoted in book-title marks.
_SENTENCE = re.compile(
    r"(?:现公布|现予公布|现公开|现发布|现将|特编制|(?:特|现)向社会公布|编制形成|编制了?)《?"
    r"(?P<organ>[^，,。；;：:《》“”（）()]{0,40}?)(?:[（(]以下简称[^（()）]{1,20}[)）])?"
    r"(?P<year>(?:19|20)\d{2})\s*(?:年度?|(?=(?:政府)?信息公开))"
    rf"(?:{REPORT}|(?:政府)?信息公开(?:工作)?报告|政府信息公开年度工作[^，,。；;]*报告)"
)
# "特向社会公布2020年度句容市统计局信息公开工作报告": the year before the organ.
_SENTENCE_YEAR_FIRST = re.compile(
    r"(?:现公布|现予公布|现公开|现发布|(?:特|现)向社会公布)(?P<year>(?:19|20)\d{2})\s*年度?"
    r"(?P<organ>[^，,。；;：:《》“”（）()]{2,30}?)(?:政府)?信息公开(?:工作)?(?:年度)?报告"
)
# "…要求，绍兴市越城区东湖街道特编制2023年政府信息公开年度报告": the organ is the subject.
_SUBJECT_SENTENCE = re.compile(
    r"(?:^|[，,。；;：:])\s*由?(?P<organ>[^，,。；;：:《》“”（）()]{2,30}?)(?:特编制|现编制|编制[了的]?)"
    rf"(?P<year>(?:19|20)\d{{2}})\s*年度?(?:{REPORT}|政府信息公开(?:工作)?报告)"
)
# "结合2022年威海市人民政府办公室政府信息公开工作实际，编制发布本报告": the organ
# between the year and its 信息公开工作 (a province's template sentence, no title needed).
_WORK_SENTENCE = re.compile(
    r"(?:结合|根据|按照)(?P<year>(?:19|20)\d{2})\s*年度?"
    r"(?P<organ>[^，,。；;：:《》“”（）()]{2,30}?)(?:政府)?信息公开工作(?:实际|情况)"
)
# Part 一 opens its sentences "2022年，我局…" / "2020年度我街办…".
_FIRST_PERSON_YEAR = re.compile(
    r"(?:^|[。；;：:，,])\s*((?:19|20)\d{2})\s*年度?\s*[,，]?\s*(?:我|本)"
)


_YEAR_ON_LINE = re.compile(r"(?:19|20)\d{2}\s*年")


def find_place_organ(lines: list[str]) -> str | None:
    """The government of a place that the title or the publishing sentence names alone
    (新巴尔虎左旗2020年…年度报告, 现公布昭通市2024年…): the weakest reading of the organ,
    after every organ name the page prints.

    >>> find_place_organ(["临夏回族自治州永靖县2024年政府信息公开工作年度报告"])
    '临夏回族自治州永靖县人民政府'
    >>> find_place_organ(["根据《条例》规定,现公布昭通市2024年政府信息公开工作年度报告。"])
    '昭通市人民政府'
    >>> find_place_organ(["2025年昆都仑区", "政府信息公开工作年度报告"])
    '昆都仑区人民政府'
    >>> find_place_organ(["政府信息公开", "正蓝旗2021年政府信息公开工作年度报告"])
    '正蓝旗人民政府'
    >>> find_place_organ(["要求,现公布《钦北区2023年政府信息公开工作年度报告》。"])
    '钦北区人民政府'
    """
    head = [to_simplified(clean_line(line)) for line in lines[:40] if line.strip()]
    for k, clean in enumerate(head):
        title = TITLE.match(clean) if len(clean) <= 80 else None
        if (
            title is None
            and k + 1 < len(head)
            and len(head[k + 1]) <= 20
            and _YEAR_ON_LINE.search(clean)  # the year stays on the first half
        ):
            # a title broken after the place: 2025年昆都仑区 / 政府信息公开工作年度报告
            joined = clean + head[k + 1]
            title = TITLE.match(joined) if len(joined) <= 80 else None
        names = [title.group("before"), title.group("after")] if title else []
        sentence = _SENTENCE.search(clean) or _SUBJECT_SENTENCE.search(clean)
        names += [sentence.group("organ")] if sentence else []
        for name in names:
            organ = place_government(name)
            if organ:
                return organ
    return None


def find_sentence(lines: list[str]) -> tuple[str | None, int | None]:
    """Organ and year named where the opening sentence publishes the report.

    >>> find_sentence(["根据《条例》要求，现公开天門市人民政府辦公室2021年政府信息公開工作年度報告。"])
    ('天门市人民政府办公室', 2021)
    >>> find_sentence(["现公布我局2022年政府信息公开工作年度报告。"])
    (None, 2022)
    >>> find_sentence(["文件要求，现将茅坪回族镇2022年度政府信息公开工作报告如下："])
    ('茅坪回族镇', 2022)
    >>> find_sentence(["根据《条例》的要求，绍兴市越城区东湖街道特编制2023年政府信息公开年度报告。"])
    ('绍兴市越城区东湖街道', 2023)
    >>> find_sentence(["要求,现向社会公布张家川县水务局2020年度政府信息公开工作报告。"])
    ('张家川县水务局', 2020)
    >>> find_sentence(["按照格式（试行），由中埠镇人民政府编制2020年政府信息公开年度报告。"])
    ('中埠镇人民政府', 2020)
    >>> find_sentence(["要求，结合2022年威海市人民政府办公室政府信息公开工作实际，编制发布本报告。"])
    ('威海市人民政府办公室', 2022)
    >>> find_sentence(["根据2023年眉山市司法局信息公开工作实际编制而成。"])
    ('眉山市司法局', 2023)
    >>> find_sentence(["根据《条例》,特向社会公布2020年度句容市统计局信息公开工作报告。"])
    ('句容市统计局', 2020)
    >>> find_sentence(["现将维西县审计局2019政府信息公开年度工作向县人民政府进行报告。"])
    ('维西县审计局', 2019)
    >>> find_sentence(["现将东湖新技术开发区发展改革局(以下简称发展改革局)2021年度信息公开工作报告如下:"])
    ('东湖新技术开发区发展改革局', 2021)
    >>> find_sentence(["清江浦区政务公开工作领导小组办公室编制了清江浦区人民政府2021年度政府信息公开工作年度报告。"])
    ('清江浦区人民政府', 2021)
    >>> find_sentence(["等规定,梳理编制湛江海关关区2023年政府信息公开工作年度报告。"])
    ('湛江海关', 2023)
    >>> find_sentence(["结合2023年我局政府信息公开工作实际"])
    (None, None)
    """
    for line in lines[:40]:
        clean = to_simplified(clean_line(line))
        m = _SENTENCE.search(clean)
        subject = _SUBJECT_SENTENCE.search(clean)
        if m and not organ_name(m.group("organ")) and subject:
            m = subject  # 特编制 after its organ, not before it
        m = m or subject or _SENTENCE_YEAR_FIRST.search(clean)
        if m:
            return organ_name(m.group("organ")), int(m.group("year"))
        work = _WORK_SENTENCE.search(clean)
        if work and _PLACE_START.match(work.group("organ")) and organ_name(work.group("organ")):
            return organ_name(work.group("organ")), int(work.group("year"))
    return None, None


def find_part1_year(lines: list[str]) -> int | None:
    """The year part 一 speaks of, when its sentences open "2022年，我局…" and agree."""
    years: set[int] = set()
    for line in _part1_lines(lines):
        t = to_simplified(unicodedata.normalize("NFKC", line))
        years.update(int(y) for y in _FIRST_PERSON_YEAR.findall(t.strip()))
    return years.pop() if len(years) == 1 else None


def _part1_lines(lines: list[str]) -> list[str]:
    """The lines of part 一 after its heading (none when the report prints no such heading)."""
    parts = parts_of(lines)
    if 1 not in parts:
        return []
    return [line for line, part in zip(lines, parts, strict=True) if part == 1][1:]


def find_opening(lines: list[str]) -> tuple[str | None, int | None]:
    """Part 一 usually opens "2022年，抚远市自然资源局…": organ (when it names its place) and year.

    A central organ names no place (国家新闻出版署); a sentence about the state does not
    name one:

    >>> find_opening(["一、总体情况", "2022年,国家新闻出版署坚持以习近平新时代…"])
    ('国家新闻出版署', 2022)
    >>> find_opening(["一、总体情况", "2022年，国家发展改革委部署推进…"])
    ('国家发展改革委', 2022)
    >>> find_opening(["一、总体情况", "2022年，国家全面部署政务公开工作，我局…"])
    (None, None)
    >>> find_opening(["一、总体情况", "2023年,通过“怀化市洪江区管理委员会”门户网站公开信息92条"])
    (None, None)
    >>> find_opening(["一、总体情况", "2025年以来,宗关街道深入学习贯彻习近平新时代…"])
    ('宗关街道', 2025)
    >>> find_opening(["一、总体情况", "2019年,在国务院办公厅组织的评估中,海关总署被评为…"])
    (None, None)
    >>> find_opening(["一、总体情况", "2021年,广州海关以习近平新时代中国特色社会主义思想为指导"])
    ('广州海关', 2021)
    >>> find_opening(["一、总体情况", "今年以来,荣昌区林业局认真贯彻落实区委、区政府…"])
    ('荣昌区林业局', None)
    >>> find_opening(["一、总体情况", "2020年,湖南省人民政府办公厅认真落实条例…"])
    ('湖南省人民政府办公厅', 2020)
    >>> find_opening(["一、总体情况", "今年以来,我局认真贯彻…"])
    (None, None)
    >>> find_opening(["一、总体情况", "2022年,全力推进城镇化建设…"])
    (None, None)
    >>> find_opening(["2022年,某某开发区管委会城市管理局深入贯彻…", "一、总体情况", "略"])
    ('某某开发区管委会城市管理局', 2022)
    """
    # Part 一's opening; failing that, the lead's first line when it opens the same way
    # ("2022年,郑州高新…城市管理局深入贯彻…,现向社会公布2022年度本级…年度报告").
    lead = next((line for line in lines if line.strip()), "")
    for scan in (_part1_lines(lines), [lead] if 1 not in part_starts([lead]) else []):
        found = _opening_in(scan, lines)
        if found != (None, None):
            return found
    return None, None


def _run_on(organ: str, rest: str) -> str:
    """The organ with what its name goes on with after the first organ ending."""
    if organ.endswith("政府") and rest.startswith(("办公厅", "办公室")):
        return organ + rest[:3]  # 湖南省人民政府办公厅, not its government
    goes_on = _ORGAN_GOES_ON.match(rest)
    if goes_on and not organ.endswith("政府"):
        return organ + goes_on.group(1)  # …管委会城市管理局, not the zone's committee
    return organ


def _opening_in(scan: list[str], lines: list[str]) -> tuple[str | None, int | None]:
    """The organ and year the first of these lines opens with (see find_opening)."""
    for line in scan:
        t = to_simplified(unicodedata.normalize("NFKC", line))
        now = _OPENING_NOW.match(t)
        if now and _PLACE_START.match(now.group("organ")) and not _VERB.search(now.group("organ")):
            return now.group("organ"), None
        m = _OPENING.match(t) or _OPENING_TOWN.match(t)
        national = _OPENING_NATIONAL.match(t)
        if national and not (m and _PLACE_START.match(m.group("organ"))):
            return national.group("organ"), int(national.group(1))
        if m and (_VERB.search(m.group("organ")) or m.group("organ").startswith("在")):
            # "2021年,东河区坚持以人民为中心", "2019年,在国务院办公厅…组织的评估中":
            # a sentence or a clause, not an organ
            m = None
        if m:
            organ = _run_on(m.group("organ"), t[m.end() :])
            if _PLACE_START.match(organ):
                return organ, int(m.group(1))
            # "2020年,县审计局…": the place may be printed elsewhere (请联系桃江县审计局).
            if organ[0] in "县市区旗州盟":
                return organ_places.completed(organ, "\n".join(lines)), int(m.group(1))
            # A name without its place (官洲街道办事处), never a pronoun or a part of one.
            named = (
                len(organ) >= (3 if organ.endswith(("镇", "乡")) else 4)
                and not PRONOUN.match(organ)
                and organ[0] not in "局委办厅部全本我该各"
            )
            return (organ if named else None), int(m.group(1))
        if len(t.strip()) > 10:
            break
    return None, None
