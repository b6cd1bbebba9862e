"""The consistency rules (勾稽关系) and every other finding, as data.

Rule ids are stable and never reused. ``SumRule`` objects express the
template's arithmetic over keys built by the template itself, so the
validator needs no knowledge of row or column names. ``FINDING_CATALOGUE``
documents every id a finding can carry (``xxgk rules`` prints it).
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.template.model import Severity, Table, Template
from etl.template.parts import outcome_rows


@dataclass(frozen=True)
class SumRule:
    """Σ lhs == Σ rhs, checked once per row or per column of one table."""

    id: str
    table: str
    per: str  # "row": keys are columns of each row; "column": keys are rows of each column
    lhs: tuple[str, ...]
    rhs: tuple[str, ...] | None  # None: every other row/column of the table
    severity: Severity
    title: str
    description: str

    def instances(self, template: Template) -> list[tuple[str, list[str], list[str]]]:
        """``(scope label, lhs keys, rhs keys)`` for each row/column the rule covers."""
        table: Table = template.table(self.table)
        out: list[tuple[str, list[str], list[str]]] = []
        if self.per == "row":
            for row in table.rows:
                cols = [c.key for c in table.columns_of(row)]
                if not set(self.lhs) <= set(cols):
                    continue
                rhs = self.rhs or tuple(c for c in cols if c not in self.lhs)
                out.append(
                    (
                        row.label,
                        [table.cell_key(row, c) for c in self.lhs],
                        [table.cell_key(row, c) for c in rhs],
                    )
                )
        else:
            row_keys = [r.key for r in table.rows]
            named = self.rhs or tuple(r for r in row_keys if r not in self.lhs)
            rhs_rows: tuple[str | tuple[str, ...], ...] = tuple(
                outcome_rows(table) if r == "*results" else r for r in named
            )
            flat: list[str] = []
            for r in rhs_rows:
                flat.extend(r if isinstance(r, tuple) else (r,))
            for col in table.columns:
                out.append(
                    (
                        col.label,
                        [table.cell_key(r, col) for r in self.lhs],
                        [table.cell_key(r, col) for r in flat],
                    )
                )
        return out


SUM_RULES: tuple[SumRule, ...] = (
    SumRule(
        "R1",
        "apply",
        "row",
        ("total",),
        None,
        Severity.ERROR,
        "申请表行合计",
        "第三部分每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。",
    ),
    SumRule(
        "R2",
        "apply",
        "column",
        ("new", "carried_in"),
        ("total", "carried_out"),
        Severity.ERROR,
        "申请表收支平衡",
        "第三部分每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理。",
    ),
    SumRule(
        "R3",
        "apply",
        "column",
        ("total",),
        ("*results",),
        Severity.ERROR,
        "办理结果合计",
        "第三部分每一列：总计 = 予以公开 + 部分公开 + 不予公开各项 + 无法提供各项 + 不予处理各项 + 其他处理。",
    ),
    SumRule(
        "R4",
        "appeal",
        "row",
        ("total",),
        None,
        Severity.ERROR,
        "复议诉讼合计",
        "第四部分每一组（行政复议、未经复议直接起诉、复议后起诉）：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。",
    ),
)


@dataclass(frozen=True)
class FindingType:
    """A documented finding id: what it means and how bad it is."""

    id: str
    severity: Severity
    title: str
    description: str


FINDING_CATALOGUE: tuple[FindingType, ...] = (
    *(FindingType(r.id, r.severity, r.title, r.description) for r in SUM_RULES),
    FindingType(
        "R5",
        Severity.WARNING,
        "跨年度结转衔接",
        "同一机关（有机关编码时按编码，否则按规范化的机关名称）：本年度“上年结转政府信息公开"
        "申请数量”应等于上一年度“结转下年度继续办理”，按申请人列逐列核对；记在较晚年度的报告上，"
        "每次入库后重新计算。",
    ),
    FindingType(
        "R6",
        Severity.ERROR,
        "数值应为非负整数",
        "件数必须是非负整数（“本年增/减”和金额除外）。",
    ),
    FindingType(
        "V1",
        Severity.ERROR,
        "数值超过合计",
        "第三部分：某一申请人类型的数值大于同一行的“总计”，或某一办理结果的数值大于同一列的"
        "“（七）总计”（只在相应的合计规则无法核对时报告，避免重复）。",
    ),
    FindingType(
        "T1",
        Severity.WARNING,
        "缺少模板行",
        "找到了某部分的统计表，但其中缺少模板规定的行（每张表一条）；缺少的行数值为空，"
        "请核对原文是否漏印或被截断。模板外多出的行见 P4。",
    ),
    FindingType(
        "T2",
        Severity.WARNING,
        "表格列数与模板不符",
        "同一张表中有多行的数值个数少于（或多于）模板列数，很可能缺少（或多出）一整列；"
        "请对照原文核对列的顺序。",
    ),
    FindingType(
        "T3",
        Severity.WARNING,
        "模板版本与年度不符",
        "2021年及以后的报告应使用2021年版表格，2019、2020年的报告应使用2019年版表格；"
        "本报告的表格与其统计年度不一致（少数机关确实沿用旧表，请核对）。",
    ),
    FindingType(
        "T4",
        Severity.WARNING,
        "统计年度不一致",
        "标题中的年度与正文所述统计期限（X年1月1日至X年12月31日）的年度不同；请核对统计年度。",
    ),
    FindingType(
        "N1",
        Severity.WARNING,
        "正文申请数与表格不一致",
        "第一部分正文所述收到或办理的政府信息公开申请件数，与第三部分的“本年新收”总计"
        "及“办理结果总计”都不相等。",
    ),
    FindingType(
        "N2",
        Severity.WARNING,
        "正文复议诉讼数与表格不一致",
        "正文所述行政复议或行政诉讼的件数（含“未发生”即0件），与第四部分相应的总计不相等。",
    ),
    FindingType(
        "P1",
        Severity.WARNING,
        "缺少表格部分",
        "文档中未找到第二、三或四部分的统计表（可能是节选或截断的文档）；缺少部分的数值为空，而不是0。",
    ),
    FindingType(
        "P2",
        Severity.WARNING,
        "行数据不完整",
        "某一行的数值少于模板列数，无法确定缺失的是哪些单元格；这些单元格留空。",
    ),
    FindingType(
        "P3",
        Severity.WARNING,
        "数字连写无法拆分",
        "单元格数字连在一起且无分隔符，按模板的算术关系无法唯一拆分；这些单元格留空。",
    ),
    FindingType(
        "O1",
        Severity.WARNING,
        "OCR 数值不可信",
        "从扫描件或图片识别（OCR）的数值：某些数字识别置信度低且勾稽关系不能唯一确定，"
        "或识别出的一行/一列不满足模板的勾稽关系；这些单元格留空，请对照原件核对。",
    ),
    FindingType(
        "O2",
        Severity.INFO,
        "OCR 数值由勾稽关系确定",
        "从扫描件或图片识别（OCR）时没有把握的数字，只有一种读法能满足模板的全部勾稽关系"
        "和非负约束，按该读法入库；本条列出这些单元格及识别原文。",
    ),
    FindingType(
        "P4",
        Severity.INFO,
        "模板外的行",
        "表格中出现模板没有的行（如地方增设的“其他主动公开文件”），其数值未读取。",
    ),
    FindingType(
        "P5",
        Severity.INFO,
        "行标签近似匹配",
        "行标签与模板文字不完全一致（如错别字），按顺序和相似度匹配到模板行。",
    ),
    FindingType(
        "P6",
        Severity.WARNING,
        "多余的数值",
        "某一行的数值多于模板列数，多出的数值未读取。",
    ),
    FindingType(
        "P7",
        Severity.WARNING,
        "未找到统计年度或机关名称",
        "无法从标题或正文中确定机关名称或统计年度。",
    ),
    FindingType(
        "P8",
        Severity.ERROR,
        "数值超出合理范围",
        "单元格中的数字超出任何合理的件数或金额（如数百位的数字、无穷大），不作为数值读取，"
        "该单元格留空；数字连写过长无法拆分时也记此条。请核对原文。",
    ),
    FindingType(
        "P9",
        Severity.INFO,
        "空白行按0读取",
        "某一行的单元格全部为空（文本副本常把空单元格丢掉，行标签后直接是下一行标签），"
        "按模板“空白即0”读作0；只有文档在该行中断时才留空。",
    ),
    FindingType(
        "P10",
        Severity.WARNING,
        "单元格不是确定的数值",
        "单元格印有内容但不是确定的数值（如只印“增”字、增减两数并列），该单元格留空，"
        "同行其他单元格照常读取。",
    ),
    FindingType(
        "P11",
        Severity.INFO,
        "第四部分按顺序读取",
        "第四部分的15个数值没有印成一行连续的单元格，按顺序读取了恰好15个数值"
        "（多于15个时不猜测，整部分留空并记P2）。",
    ),
    FindingType(
        "S1",
        Severity.INFO,
        "替换了旧版本",
        "同一机关同一年度已入库的报告数值不同，本报告（文件较新）替换了它；旧版本的数值"
        "保存在 superseded_reports 表中，发生变化的字段列在本条中。",
    ),
    FindingType(
        "S2",
        Severity.INFO,
        "合并了部分副本",
        "同一机关同一年度的另一个文件只印有年报的一部分（如缺第二或第四部分），与已入库的"
        "报告在两者都印出的单元格上一致；它独有的数值已补入本报告（位置中注明文件），"
        "该文件记为本报告的来源之一。",
    ),
    FindingType(
        "L1",
        Severity.WARNING,
        "逾期发布",
        "年报印出的发布日期（发布时间、成文日期或落款日期）晚于《条例》规定的次年1月31日；"
        "未印日期的年报不判断，在“发布及时性”页列为未载明。",
    ),
    FindingType(
        "C1",
        Severity.WARNING,
        "文字与上一年雷同",
        "第一、五、六部分的文字与本机关上一年度年报高度雷同：先去掉本年度（及上一年度）"
        "很多年报都印有的语句（至少5份、且至少1%的年报印有：模板和通用套话），机关名称和"
        "数字不计，再把各自余下的文字切成5字片段，两份年报片段集合的Jaccard相似度不低于70%"
        "（各自至少60个片段）即记入。候选对用MinHash签名和局部敏感哈希（LSH）查找，再按全文"
        "核实；每次入库结束时对有变化的年度重新计算。本年度和上一年度合计不足20份年报时无法区分套话，不筛查。雷同的语句可在“文字雷同”页并排查看。",
    ),
    FindingType(
        "C2",
        Severity.WARNING,
        "文字与其他机关雷同",
        "第一、五、六部分的文字与另一机关同一年度的年报高度雷同（方法和阈值同C1）；两份年报"
        "各记一条，点名最相似的一份，并注明另有几份与它雷同。",
    ),
    FindingType(
        "C3",
        Severity.WARNING,
        "统计表与上一年相同",
        "读到的统计表数值与本机关上一年度年报逐格相同（同样的单元格、同样的数字，且至少10个"
        "非零单元格）：可能照搬了上一年的表格。每次入库结束时对有变化的年度重新计算。",
    ),
    FindingType(
        "A1",
        Severity.WARNING,
        "机关所在地不明确",
        "机关名称中的地名对应多个行政区划（如多个“鼓楼区”），文件夹和正文也无法确定；"
        "请在清单（manifest.csv）中注明省、市、县。",
    ),
    FindingType(
        "A3",
        Severity.WARNING,
        "机关名称不一致",
        "标题、正文（由…编制）、首行、落款或文件名所署的机关名称互不相同（互不包含），"
        "可能错放或套用了其他机关的报告；入库以标题（或正文）所署机关为准。",
    ),
    FindingType(
        "A2",
        Severity.WARNING,
        "清单与年报不一致",
        "用户清单中的机关名称或年度与年报标题不一致；以清单为准。",
    ),
)

FINDING_TYPES: dict[str, FindingType] = {f.id: f for f in FINDING_CATALOGUE}
