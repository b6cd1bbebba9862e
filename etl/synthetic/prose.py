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

from etl.template import PART_TITLES

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


#: Pieces of an organ's own account of its year, slot by slot (none holds a digit or a
#: count word, so nothing here is read as a number). 16⁶ sentences: reports that draw
#: their own sentences independently share a few words, never whole sentences.
_OWN = (
    (
        "围绕中心", "聚焦民生", "紧扣改革", "立足实际", "对标先进", "着眼长远", "坚持问题导向",
        "突出重点", "统筹兼顾", "主动作为", "以点带面", "点面结合", "上下联动", "多措并举",
        "创新方式", "因地制宜",
    ),
    (
        "梳理", "编制", "修订", "完善", "细化", "建立", "优化", "整合", "拓展", "规范", "更新",
        "公布", "试行", "推广", "健全", "充实",
    ),
    (
        "办事指南", "公开清单", "发布流程", "审核制度", "栏目设置", "咨询台账", "解读材料",
        "联络机制", "考核细则", "查阅场所", "答复模板", "工作台账", "培训课程", "监督渠道",
        "意见箱", "服务窗口",
    ),
    (
        "由专人负责", "实行清单管理", "按月调度", "定期复盘", "逐项销号", "限时办结", "挂图作战",
        "双人审核", "分级把关", "闭环管理", "跟踪问效", "全程留痕", "集中攻坚", "交叉检查",
        "结对帮扶", "动态更新",
    ),
    (
        "群众", "企业", "基层单位", "办事人员", "社会公众", "新闻媒体", "人大代表", "政协委员",
        "老年群体", "外来务工人员", "专家学者", "市场主体", "村居干部", "学校师生", "患者家属",
        "志愿者",
    ),
    (
        "反映良好", "认可度提高", "获得感增强", "参与度提升", "意见减少", "满意度上升",
        "查询更便捷", "咨询量下降", "评价积极", "知晓率提高", "办事更顺畅", "信任度增强",
        "来访减少", "投诉下降", "关注度提升", "互动增多",
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
        s1, s2, s3, s4, s5, s6 = (rng.choice(slot) for slot in _OWN)
        return f"{s1}，{s2}{s3}，{s4}，{s5}{s6}。"

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
            return [f"无{PART_TITLES[6]}。"]
        return [
            f"{spec.year}年，{spec.agency}严格执行《政府信息公开信息处理费管理办法》，"
            f"{fee_sentence(spec.fee_yuan)}。"
        ]
    return []
