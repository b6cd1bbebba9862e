"""Report metadata and narrative numbers: organ, statistics year, processing fee.

The title line names the organ and the year (保定市行政审批局 / 2024年度政府信息
公开工作年度报告); the statistics period (统计期限为2024年1月1日至…) confirms the
year; part 六 states the information-processing fee since 2021.
"""

from __future__ import annotations

import re
import unicodedata

from etl.matcher import organs
from etl.matcher.labels import to_simplified
from etl.matcher.years import find_body_year

_REPORT = r"政府信息公开(?:工作)?(?:的)?年度报告|政务公开工作年度报告|信息公开年报"
_TITLE = re.compile(
    rf"^(?P<before>.*?)(?:关于)?(?P<year>(?:19|20)\d{{2}})\s*年(?:度)?(?P<after>.*?)(?:{_REPORT})"
)
# 国家中医药管理局2023年度政府信息公开工作报告: 年度 makes a 工作报告 the annual one.
_TITLE_WORK = re.compile(
    r"^(?P<before>.*?)(?P<year>(?:19|20)\d{2})\s*年度(?P<after>)政府信息公开工作报告$"
)
_ANNUAL = re.compile(r"((?:19|20)\d{2})\s*(?:年度?政府信息公开(?:工作)?)?年报")
_UNTIL = re.compile(r"(?:截止|截至|至)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_OPENING = re.compile(
    r"^\s*((?:19|20)\d{2})\s*年(?:度|以来)?\s*[,，]\s*"
    r"(?P<organ>[^,，。、；;]{2,30}?(?:人民政府|办公厅|办公室|委员会|局|厅|街道办事处|管委会|中心))"
)
_PLACE_START = re.compile(r"^[^县市区]{1,8}(?:省|自治区|市|县|区|州|盟|旗)")
# A central organ names no place: "2022年，国家新闻出版署坚持…", "2023年，海关总署…".
_OPENING_NATIONAL = re.compile(
    r"^\s*((?:19|20)\d{2})\s*年度?\s*[,，]\s*(?P<organ>(?:国家|国务院|中国|中华人民共和国|海关)"
    r"[^的了在对与为把将按坚持,，。、；;\s]{0,14}?"
    r"(?:总局|委员会|局|(?<!部)署|部(?![署门分长])|委|院))"
)
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)")
_ORGAN_END = re.compile(
    r"(人民政府|政府|办公厅|办公室|委员会|局|厅|部|署|委|院|办|中心|街道办事处|街道|乡|镇|管委会|公司|所|站|队|会|社"
    r"|实验区|新区|开发区|示范区|合作区)$"
)
_TITLE_NO_YEAR = re.compile(rf"^(?P<organ>[^\d]{{2,40}}?)(?:{_REPORT})$")
# "现公布兴义市人民政府办公室2020年政府信息公开工作年度报告": organ and year inside a sentence.
_SENTENCE = re.compile(
    r"(?:现公布|现予公布|现公开|现发布|特编制|特向社会公布|编制形成)"
    r"(?P<organ>[^，,。；;：:《》“”（）()]{0,40}?)(?P<year>(?:19|20)\d{2})\s*年度?"
    rf"(?:{_REPORT}|政府信息公开(?:工作)?报告)"
)
# Part 一 opens its sentences "2022年，我局…" / "2020年度我街办…".
_FIRST_PERSON_YEAR = re.compile(
    r"(?:^|[。；;：:，,])\s*((?:19|20)\d{2})\s*年度?\s*[,，]?\s*(?:我|本)"
)
_PART2_HEADING = re.compile(r"^\s*二\s*[、.．]")
_SENTENCE_MARKS = re.compile(r"[，,。；;《》“”]")
# 我局 / 本机关, and names relative to a government (区政府国资局 = the district's bureau).
_PRONOUN = re.compile(r"^(?:我|本|(?:区|县|市|州|镇|乡)(?:人民)?政府(?!办公))")
# A page or breadcrumb prefix before the organ: "Page 8 - 威海市…", "首页>政务公开>…".
_PREFIX_SEP = re.compile(r"[-—–_|>＞:：/\\]")
_FEE_WORD = "信息处理费"
# "政府信息公开未发生收费情况": a fee statement that does not name 信息处理费.
_CHARGE_WORD = "收费"
_SENTENCE_STOPS = "。；;\n"
_NO_FEE = re.compile(
    r"(未|没有|不存在|不|无)(收取|产生|发生|征收|收费)|无信息处理费|免收|为零|0\s*元|零元"
)
_FEE_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[#*>`_]+", " ", t)
    return re.sub(r"\s+", "", t)


def _organ(text: str) -> str | None:
    t = _PREFIX_SEP.split(text)[-1]
    t = re.sub(r"^[\x00-\x7f]+", "", t)  # a file number or path left before the name
    t = re.sub(r"^[（(【\[]?(?:关于|印发)?", "", t).strip(" ：:，,、")
    t = re.sub(r"(的)?$", "", t)
    if (
        2 <= len(t) <= 40
        and _ORGAN_END.search(t)
        and not _PRONOUN.match(t)
        and not _SENTENCE_MARKS.search(t)  # a sentence's opening, not a name
        and not _ORGAN_END.fullmatch(t)  # 政府 alone (政府信息公开年报) names no organ
    ):
        return t
    return None


def find_titles(lines: list[str]) -> list[tuple[str | None, int, int]]:
    """Every title-like line among the first 40: (agency, year, line index).

    A page can list other years' reports (navigation, related links) before its
    own title; the caller picks among them.
    """
    head = [(i, _clean(line)) for i, line in enumerate(lines[:40]) if line.strip()]
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
    """
    for line in lines[:40]:
        m = _SENTENCE.search(to_simplified(_clean(line)))
        if m:
            return _organ(m.group("organ")), int(m.group("year"))
    return None, None


def find_part1_year(lines: list[str]) -> int | None:
    """The year part 一 speaks of, when its sentences open "2022年，我局…" and agree."""
    years: set[int] = set()
    started = False
    for line in lines:
        t = to_simplified(unicodedata.normalize("NFKC", line))
        if "总体情况" in t or "概述" in t:
            started = True
            continue
        if started and _PART2_HEADING.match(t):
            break
        if started:
            years.update(int(y) for y in _FIRST_PERSON_YEAR.findall(t.strip()))
    return years.pop() if len(years) == 1 else None


def _pick_title(
    titles: list[tuple[str | None, int, int]], lines: list[str], prefer: list[int | None]
) -> tuple[str | None, int]:
    """The page's own title among title-like lines.

    Navigation and related-link lists print other years' titles around the
    page's own: when the years disagree, the document's own title (HTML
    ``<title>``) and then the statistics period decide; otherwise the title
    nearest the report's text (the last one before part 一) is taken.
    """
    start = next(
        (i for i, line in enumerate(lines) if "总体情况" in line or "概述" in line), len(lines)
    )
    before = [t for t in titles if t[2] < start] or titles
    for year in prefer:
        if year is not None and any(t[1] == year for t in before):
            before = [t for t in before if t[1] == year]
            break
    named = [t for t in before if t[0]]
    agency, year, _ = (named or before)[-1]
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
    agency = agency or find_untitled_organ(lines)
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
    )
    return (organs.with_city(agency, text) if agency else None), year


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
    """
    started = False
    for line in lines:
        t = to_simplified(unicodedata.normalize("NFKC", line))
        if "总体情况" in t or "概述" in t:
            started = True
            continue
        if not started:
            continue
        m = _OPENING.match(t)
        national = _OPENING_NATIONAL.match(t)
        if national and not (m and _PLACE_START.match(m.group("organ"))):
            return national.group("organ"), int(national.group(1))
        if m:
            organ = m.group("organ")
            if _PLACE_START.match(organ):
                return organ, int(m.group(1))
            # "2020年,县审计局…": the place may be printed elsewhere (请联系桃江县审计局).
            return organs.completed(organ, "\n".join(lines)), int(m.group(1))
        if len(t.strip()) > 10:
            break
    return None, None


def find_processing_fee(part6_text: str) -> float | None:
    """The information-processing fee in yuan stated in ``part6_text``, else None.

    >>> find_processing_fee("2024年我局未收取信息处理费。")
    0.0
    >>> find_processing_fee("全年收取政府信息公开信息处理费 0 元。")
    0.0
    >>> find_processing_fee("收取信息处理费120元")
    120.0
    >>> find_processing_fee("没有其他需要报告的事项。") is None
    True
    >>> [find_processing_fee(f"本机关{x}信息处理费情况。") for x in ("无收取", "不存在收取", "没有收取")]
    [0.0, 0.0, 0.0]
    """
    text = unicodedata.normalize("NFKC", to_simplified(part6_text))
    for sentence in fee_sentences(text):
        amount = _FEE_AMOUNT.search(sentence)
        if amount and float(amount.group(1)) > 0:
            value = float(amount.group(1))
            return value * 10_000 if amount.group(2) == "万元" else value
        if _NO_FEE.search(sentence):
            return 0.0
    return None


def fee_sentences(text: str) -> list[str]:
    """The sentences naming the fee, found in linear time (no regex scan from every position):
    those naming 信息处理费, then those speaking of 收费 in 信息公开 work.

    >>> fee_sentences("前言。本年未收取信息处理费；其他")
    ['本年未收取信息处理费']
    >>> fee_sentences("行政事业性收费。本局政府信息公开未发生收费情况。")
    ['本局政府信息公开未发生收费情况']
    >>> fee_sentences("行政事业性收费\t0\t政府集中采购\t8\t160.5万元\t三、收到和处理政府信息公开申请情况")
    []
    """
    out = _sentences_with(text, _FEE_WORD)
    out += [
        x
        for x in _sentences_with(text, _CHARGE_WORD)
        if "信息公开" in x and "事业性收费" not in x and x not in out
    ]
    # Prose only: a table flattened into one line (cells joined by tabs or bars) is no sentence.
    return [x for x in out if len(x) <= 200 and "\t" not in x and "|" not in x]


def _sentences_with(text: str, word: str) -> list[str]:
    out: list[str] = []
    i = text.find(word)
    while i >= 0:
        left = max(text.rfind(c, 0, i) for c in _SENTENCE_STOPS) + 1
        ends = [j for j in (text.find(c, i) for c in _SENTENCE_STOPS) if j >= 0]
        right = min(ends) if ends else len(text)
        out.append(text[left:right])
        i = text.find(word, right)
    return out


def part6_text(text: str) -> str:
    """The text of part 六 (from its heading to the end), or '' when absent."""
    m = re.search(r"六\s*[、.．]\s*\**\s*其他需要报告的事项", text)
    return text[m.end() :] if m else ""
