"""The prose of a rendered report: preamble, parts 一, 五 and 六.

Layout-only sentences in the manner of real reports. The numbers a parser may
read from prose (statistics period, items published, requests handled, the
information-processing fee) are always printed in the same plain phrasing; the
filler around them varies with the organ so that a corpus does not repeat one
paragraph 600 times. Nothing here types a template label.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.synthetic.model import ReportSpec

_NUMERALS = "一二三四五六七八九十"
_CHANNELS = ("政府门户网站", "政务新媒体", "政务公开专栏", "政府信息公开平台")
_PART1_EXTRA = (
    (
        "政府信息管理情况",
        "严格落实公开属性源头认定和保密审查机制，坚持“先审后发”，确保公开信息全面、准确、有效。",
    ),
    (
        "政策解读情况",
        "坚持政策文件与解读材料同步组织、同步审签、同步部署，"
        "通过图文、问答等形式解读重要政策，提升政策知晓度。",
    ),
    (
        "回应社会关切情况",
        "密切关注社会舆情，对群众关心的热点问题及时回应，做到依法依规、准确权威。",
    ),
    (
        "政府信息公开平台建设情况",
        "加强门户网站和政务新媒体日常管理，定期开展内容检查，及时更新栏目信息，畅通公开渠道。",
    ),
    (
        "监督保障情况",
        "明确专人负责政府信息公开工作，将政务公开纳入年度工作考核，健全监督保障机制。",
    ),
)
_PROBLEMS = (
    "一是公开内容的深度和广度还需进一步拓展；二是政策解读形式还不够丰富；"
    "三是工作人员业务水平有待提高。",
    "一是部分栏目更新不够及时；二是依申请公开答复规范性仍需加强。",
    "一是政务公开工作机制需要进一步完善；二是公开平台的传播力和影响力仍需加强。",
)
_REMEDIES = (
    "下一步，我们将加强业务培训，规范发布流程，丰富解读形式，持续提升政务公开质量。",
    "针对以上问题，将进一步压实工作责任，完善审核机制，加大公开力度，回应社会关切。",
)


#: Fragments of an organ's own account of its year (slot by slot; none holds a digit or a
#: count word, so nothing here is read as a number). 10⁴ sentences: reports that draw
#: their own sentences independently share fragments, never whole paragraphs.
_OWN = (
    (
        "围绕优化营商环境", "聚焦群众办事堵点", "结合机构改革调整", "针对基层反映的问题",
        "按照年初工作要点", "围绕重点民生领域", "对照上级考核指标", "结合本系统业务特点",
        "根据社会公众关注", "立足本单位工作实际",
    ),
    (
        "专门制定了公开事项清单", "组织梳理了历年规范性文件", "建立了信息发布协调会商机制",
        "开设了办事指南专题栏目", "编印了政策汇编口袋书", "推行了公开内容季度自查",
        "组建了政务公开联络员队伍", "完善了依申请公开办理台账", "试点了政策文件图解发布",
        "搭建了网上咨询答复平台",
    ),
    (
        "由分管负责同志牵头落实", "并与业务科室逐项对接", "同时邀请群众代表参与评议",
        "并纳入部门年度绩效考核", "并在办事大厅设置查阅点", "同步通过新媒体推送解读",
        "并定期向社会通报进展", "并建立问题整改销号制度", "同时加强对下级单位指导",
        "并安排专人跟踪督办",
    ),
    (
        "群众满意度明显提升", "相关栏目访问量稳步增长", "办事咨询电话明显减少",
        "公开工作的规范化水平进一步提高", "政策知晓率有所提高", "信息发布更加及时准确",
        "社会监督渠道更加通畅", "基层公开标准化程度提高", "依申请公开答复质量有所改进",
        "公开内容的针对性明显增强",
    ),
)  # fmt: skip


def own_paragraphs(seed: str, sentences: int = 3) -> tuple[str, str]:
    """Two paragraphs of an organ's own words (for parts 一 and 五), the same for one seed.

    A report renders them when its spec carries them (``ReportSpec.own_prose``); the demo
    seeds them with organ and year, and a copied report reuses another report's seed.

    >>> own_paragraphs("保定市审计局|2023") == own_paragraphs("保定市审计局|2023")
    True
    >>> own_paragraphs("保定市审计局|2023") == own_paragraphs("保定市审计局|2024")
    False
    """
    import random

    rng = random.Random(zlib.crc32(seed.encode("utf-8")))

    def sentence() -> str:
        a, b, c, d = (rng.choice(slot) for slot in _OWN)
        return f"{a}，{b}，{c}，{d}。"

    first = "（特色做法）" + "".join(sentence() for _ in range(sentences))
    second = "对照上述做法，" + "".join(sentence() for _ in range(sentences))
    return first, second


def _pick(spec: ReportSpec, options: tuple[str, ...], salt: str) -> str:
    """A stable choice per organ and year, so a report always renders the same."""
    h = zlib.crc32(f"{spec.agency}|{spec.year}|{salt}".encode())
    return options[h % len(options)]


def period(year: int) -> str:
    """The statistics period as reports print it."""
    return f"{year}年1月1日至{year}年12月31日"


def fee_sentence(fee_yuan: float) -> str:
    """Part 六's fee statement: 未收取 when 0, else the amount in yuan."""
    if fee_yuan == 0:
        return "未收取信息处理费"
    amount = f"{fee_yuan:.2f}".rstrip("0").rstrip(".")
    return f"收取信息处理费{amount}元"


def preamble(spec: ReportSpec) -> list[str]:
    """The opening paragraph with the statistics period."""
    return [
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。"
        f"本报告所列数据的统计期限为{period(spec.year)}。"
        f"如对本报告有任何疑问，请与{spec.agency}办公室联系。"
    ]


def _part1(spec: ReportSpec) -> list[str]:
    channel = _pick(spec, _CHANNELS, "channel")
    first = f"（一）主动公开情况。{spec.year}年，{spec.agency}依托{channel}做好主动公开工作"
    if spec.items_published is not None:
        first += f"，全年主动公开政府信息{spec.items_published}条"
    paragraphs = [
        f"{spec.year}年，{spec.agency}认真贯彻落实《条例》和上级关于政务公开工作的部署要求，"
        "不断完善公开制度，拓宽公开渠道，切实保障人民群众的知情权、参与权和监督权。",
        first + "。",
    ]
    second = "（二）依申请公开情况。进一步规范依申请公开办理流程"
    if spec.applications is not None:
        second += f"，{spec.year}年共收到政府信息公开申请{spec.applications}件"
    paragraphs.append(second + "，均在法定期限内答复。")
    # Real part 一s differ in length: keep 1 to all of the extra sub-sections per organ.
    keep = 1 + zlib.crc32(f"{spec.agency}|{spec.year}|extra".encode()) % len(_PART1_EXTRA)
    for i, (title, body) in enumerate(_PART1_EXTRA[:keep], start=3):
        paragraphs.append(f"（{_NUMERALS[i - 1]}）{title}。{body}")
    return paragraphs


def part_paragraphs(spec: ReportSpec, part: int) -> list[str]:
    """The prose that follows a part's heading (and its table, if any)."""
    own = tuple(spec.own_prose)
    if part == 1:
        return _part1(spec) + list(own[:1])
    if part == 5:
        return [
            f"{spec.year}年，{spec.agency}政府信息公开工作取得一定成效，但仍存在一些不足："
            + _pick(spec, _PROBLEMS, "problems"),
            _pick(spec, _REMEDIES, "remedies"),
            *own[1:2],
        ]
    if part == 6:
        if spec.fee_yuan is None:
            return ["无其他需要报告的事项。"]
        return [
            f"{spec.year}年，{spec.agency}严格执行《政府信息公开信息处理费管理办法》，"
            f"{fee_sentence(spec.fee_yuan)}。"
        ]
    return []
