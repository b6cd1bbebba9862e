"""Report metadata: organ and statistics year.

The title line names the organ and the year (保定市行政审批局 / 2024年度政府信息
公开工作年度报告); the statistics period (统计期限为2024年1月1日至…) confirms the
year; part 一 often opens with both. The fee is read by ``etl.matcher.fee``.
"""

from __future__ import annotations

import re
import unicodedata

from etl.matcher import organs
from etl.matcher.labels import to_simplified
from etl.matcher.sections import part_starts, parts_of
from etl.matcher.years import find_body_year

# 政府 may be left out of a title: 大路镇人民政府2019年信息公开年度报告.
_REPORT = r"(?:政府)?信息公开(?:工作)?(?:的)?年度报告|政务公开工作年度报告|信息公开年报"
# 西藏自治区政府国资委2020政府信息公开工作年度报告: a year printed without 年.
_TITLE = re.compile(
    rf"^(?P<before>.*?)(?:关于)?(?P<year>(?:19|20)\d{{2}})\s*(?:年(?:度)?|(?=(?:政府)?信息公开))"
    rf"(?P<after>.*?)(?:{_REPORT})"
)
# 国家中医药管理局2023年度政府信息公开工作报告: 年度 makes a 工作报告 the annual one.
# 2023年度沅江路街道信息公开工作报告: the organ after the year, 政府 left out.
_TITLE_WORK = re.compile(
    r"^(?P<before>.*?)(?P<year>(?:19|20)\d{2})\s*年度(?P<after>.*?)(?:政府)?信息公开工作报告$"
)
_ANNUAL = re.compile(r"((?:19|20)\d{2})\s*(?:年度?政府信息公开(?:工作)?)?年报")
_UNTIL = re.compile(r"(?:截止|截至|至)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
# A sub-heading may come first on the line: "(一)主动公开信息情况。2019年,市审计局…".
_SUBHEAD = r"(?:[（(][一二三四五六七八九][)）][^。：:，,]{0,20}[。：:]\s*)?"
# "2023年,在区委、区政府的坚强领导下,官洲街道办事处认真…": a clause before the organ.
_UNDER = r"(?:在[^，,。；;]{2,40}?(?:下|中)\s*[,，]\s*)?"
_OPENING = re.compile(
    rf"^\s*{_SUBHEAD}((?:19|20)\d{{2}})\s*年(?:度|以来)?\s*[,，]\s*{_UNDER}"
    r"(?P<organ>[^,，。、；;“”\"《》]{2,30}?(?:人民政府|办公厅|办公室|委员会|局|厅|街道办事处|管委会|中心))"
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
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)")
_ORGAN_END = re.compile(
    r"(人民政府|政府|办公厅|办公室|委员会|局|厅|部|署|委|院|办|中心|街道办事处|街道|乡|镇|苏木|管委会|公司|所|站|队|会|社"
    r"|实验区|新区|开发区|示范区|合作区)$"
)
_TITLE_NO_YEAR = re.compile(rf"^(?P<organ>[^\d]{{2,40}}?)(?:{_REPORT})$")
# "现公布兴义市人民政府办公室2020年政府信息公开工作年度报告": organ and year inside a sentence.
_SENTENCE = re.compile(
    r"(?:现公布|现予公布|现公开|现发布|现将|特编制|特向社会公布|编制形成)"
    r"(?P<organ>[^，,。；;：:《》“”（）()]{0,40}?)(?P<year>(?:19|20)\d{2})\s*年度?"
    rf"(?:{_REPORT}|政府信息公开(?:工作)?报告)"
)
# "…要求，绍兴市越城区东湖街道特编制2023年政府信息公开年度报告": the organ is the subject.
_SUBJECT_SENTENCE = re.compile(
    r"(?:^|[，,。；;：:])\s*由?(?P<organ>[^，,。；;：:《》“”（）()]{2,30}?)(?:特编制|现编制|编制[了的]?)"
    rf"(?P<year>(?:19|20)\d{{2}})\s*年度?(?:{_REPORT}|政府信息公开(?:工作)?报告)"
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
_SENTENCE_MARKS = re.compile(r"[，,。；;《》“”]")
# 我局 / 本机关, and names relative to a government (区政府国资局 = the district's bureau).
_PRONOUN = re.compile(r"^(?:我|本|(?:区|县|市|州|旗|盟|镇|乡)(?:人民)?政府(?!办公))")
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


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[#*>`_]+", " ", t)
    return re.sub(r"\s+", "", t)


def _organ(text: str) -> str | None:
    t = _PREFIX_SEP.split(text)[-1]
    t = re.sub(r"^[\x00-\x7f]+", "", t)  # a file number or path left before the name
    t = _BULLET.sub("", t)  # a list bullet: • 自治区信访局2024年…
    t = re.sub(r"^[（(【\[]?(?:关于|印发)?", "", t).strip(" ：:，,、")
    t = _FIELD_NAME.sub("", t)  # a catalogue's field name without its colon: 名  称 山阳县…
    t = re.sub(r"(的)?$", "", t)
    if (
        2 <= len(t) <= 40
        and _ORGAN_END.search(t)
        and not _PRONOUN.match(t)
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
    known = organs.known_place(t)
    return t + "人民政府" if known and len(known) >= 2 else None


def find_titles(lines: list[str]) -> list[tuple[str | None, int, int]]:
    """Every title-like line among the first 40: (agency, year, line index).

    A page can list other years' reports (navigation, related links) before its
    own title; the caller picks among them.
    """
    # Read simplified: a mirror's traditional title (…鄉人民政府2022年政府信息公開工作年度報告).
    head = [(i, to_simplified(_clean(line))) for i, line in enumerate(lines[:40]) if line.strip()]
    out: list[tuple[str | None, int, int]] = []
    for k, (i, line) in enumerate(head):
        if len(line) > 80:
            continue  # prose, not a title (and matching it would cost its length squared)
        m = _TITLE.match(line) or _TITLE_WORK.match(line)
        if m is None and k + 1 < len(head) and len(head[k + 1][1]) <= 20:
            # A title broken after its year: 宿州市人民政府2016年 / 政府信息公开工作年度报告.
            line = line + head[k + 1][1]
            m = _TITLE.match(line) or _TITLE_WORK.match(line)
        if not m or len(line) > 80:
            continue
        agency = _organ(m.group("before")) or _organ(m.group("after"))
        if agency is None and k > 0:
            agency = _organ(head[k - 1][1])
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


def find_place_organ(lines: list[str]) -> str | None:
    """The government of a place that the title or the publishing sentence names alone
    (新巴尔虎左旗2020年…年度报告, 现公布昭通市2024年…): the weakest reading of the organ,
    after every organ name the page prints.

    >>> find_place_organ(["临夏回族自治州永靖县2024年政府信息公开工作年度报告"])
    '临夏回族自治州永靖县人民政府'
    >>> find_place_organ(["根据《条例》规定,现公布昭通市2024年政府信息公开工作年度报告。"])
    '昭通市人民政府'
    """
    for line in lines[:40]:
        clean = to_simplified(_clean(line))
        title = _TITLE.match(clean) if len(clean) <= 80 else None
        names = [title.group("before"), title.group("after")] if title else []
        sentence = _SENTENCE.search(clean) or _SUBJECT_SENTENCE.search(clean)
        names += [sentence.group("organ")] if sentence else []
        for name in names:
            organ = place_government(name)
            if organ:
                return organ
    return None


def find_untitled_organ(lines: list[str]) -> str | None:
    """The organ of a title printed without a year (驼峰路街道办事处政府信息公开工作年度报告).

    A breadcrumb's last step is a column, not a title naming the organ before it:

    >>> find_untitled_organ(["> 政务公开 > 市公共资源交易中心 > 政府信息公开年报"]) is None
    True
    """
    for line in lines[:10]:
        line = re.split(r"[>＞»]", line)[-1]  # the breadcrumb's last step
        m = _TITLE_NO_YEAR.match(_clean(line))
        if m:
            organ = _organ(m.group("organ"))
            if organ:
                return to_simplified(organ)
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
    >>> find_sentence(["按照格式（试行），由中埠镇人民政府编制2020年政府信息公开年度报告。"])
    ('中埠镇人民政府', 2020)
    >>> find_sentence(["要求，结合2022年威海市人民政府办公室政府信息公开工作实际，编制发布本报告。"])
    ('威海市人民政府办公室', 2022)
    >>> find_sentence(["根据2023年眉山市司法局信息公开工作实际编制而成。"])
    ('眉山市司法局', 2023)
    >>> find_sentence(["结合2023年我局政府信息公开工作实际"])
    (None, None)
    """
    for line in lines[:40]:
        clean = to_simplified(_clean(line))
        m = _SENTENCE.search(clean)
        subject = _SUBJECT_SENTENCE.search(clean)
        if m and not _organ(m.group("organ")) and subject:
            m = subject  # 特编制 after its organ, not before it
        m = m or subject
        if m:
            return _organ(m.group("organ")), int(m.group("year"))
        work = _WORK_SENTENCE.search(clean)
        if work and _PLACE_START.match(work.group("organ")) and _organ(work.group("organ")):
            return _organ(work.group("organ")), int(work.group("year"))
    return None, None


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
        for quoted in _QUOTED.findall(to_simplified(_clean(line))):
            m = _TITLE.match(quoted)
            if m and m.end() == len(quoted):
                organ = _organ(m.group("before")) or _organ(m.group("after"))
                if organ:
                    return organ, int(m.group("year"))
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


def _pick_title(
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
            and _organ(name[: -len(agency)])
            and "公开" not in name  # not a breadcrumb
        ]
        if fuller:
            agency = max(fuller, key=len)
    return agency, year


def resolve(
    lines: list[str], text: str, title: str | None, stem: str
) -> tuple[str | None, int | None]:
    """The report's organ and statistics year, from the strongest place that prints them.

    Title line (nearest the text), the document's own title, the publishing
    sentence, the statistics period, part 一's opening, a year-less title, part
    一's first-person sentences, body sentences and column notes
    (:mod:`etl.matcher.years`), and last the file name. A publication date
    (2025年1月…) is never read as the year.
    """
    doc_agency, doc_year = find_title([title]) if title else (None, None)
    titles = find_titles(lines)
    prefer = [doc_year, find_year(text)] if len({t[1] for t in titles}) > 1 else []
    agency, year = _pick_title(titles, lines, prefer) if titles else (None, None)
    agency, year = agency or doc_agency, year or doc_year
    s_agency, s_year = find_sentence(lines)
    # The sentence often names the organ in full where the title dropped its place.
    fuller = agency is None or (
        s_agency is not None and s_agency.endswith(agency) and len(s_agency) > len(agency)
    )
    if s_agency and (year is None or s_year == year) and fuller:
        agency = s_agency
    year = year or s_year or find_year(text)
    if agency is None or year is None:
        o_agency, o_year = find_opening(lines)
        agency, year = agency or o_agency, year or o_year
    if agency is None:
        q_agency, q_year = find_quoted_title(lines)
        agency = q_agency if year is None or q_year == year else None
    agency = agency or find_untitled_organ(lines) or find_place_organ(lines)
    year = year or find_part1_year(lines) or find_body_year(text)
    if year is None:
        # Last resort, the file name (…2024年…).
        n_agency, year = find_title([stem])
        agency = agency or n_agency
    agency = organs.fuller(agency, [organs.compiled_by(text), organs.signature_organ(lines)])
    agency = (
        agency
        or organs.compiled_by(text)
        or organs.first_line_organ(lines)
        or organs.signature_organ(lines)
        or organs.field_organ(lines)
        or organs.contact_organ(text)
    )
    if agency:
        agency = organs.placed(agency, text) or agency  # 应急管理局 printed 东河区应急管理局
        agency = organs.expanded(agency, text) or agency  # 政府国资委 printed in full
        agency = organs.street_office(agency, text)
    return (organs.vertical(organs.with_city(agency, text), text) if agency else None), year


def find_year(text: str) -> int | None:
    """The statistics year stated in the text (统计期限为2024年1月1日至…, 2020年报)."""
    t = unicodedata.normalize("NFKC", text)
    for pattern in (_PERIOD, _UNTIL, _ANNUAL):
        m = pattern.search(t)
        if m:
            return int(m.group(1))
    return None


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
    >>> find_opening(["一、总体情况", "2022年,全力推进城镇化建设…"])
    (None, None)
    """
    for line in _part1_lines(lines):
        t = to_simplified(unicodedata.normalize("NFKC", line))
        m = _OPENING.match(t) or _OPENING_TOWN.match(t)
        national = _OPENING_NATIONAL.match(t)
        if national and not (m and _PLACE_START.match(m.group("organ"))):
            return national.group("organ"), int(national.group(1))
        if m and _VERB.search(m.group("organ")):
            m = None  # "2021年,东河区坚持以人民为中心": a sentence, not an organ
        if m:
            organ = m.group("organ")
            if _PLACE_START.match(organ):
                return organ, int(m.group(1))
            # "2020年,县审计局…": the place may be printed elsewhere (请联系桃江县审计局).
            if organ[0] in "县市区旗州盟":
                return organs.completed(organ, "\n".join(lines)), int(m.group(1))
            # A name without its place (官洲街道办事处), never a pronoun or a part of one.
            named = (
                len(organ) >= (3 if organ.endswith(("镇", "乡")) else 4)
                and not _PRONOUN.match(organ)
                and organ[0] not in "局委办厅部全本我该各"
            )
            return (organ if named else None), int(m.group(1))
        if len(t.strip()) > 10:
            break
    return None, None
