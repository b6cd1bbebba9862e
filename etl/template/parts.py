"""Pieces both templates share: applicant columns, part-3 rows, part-4 groups.

Defined once here and assembled by ``v2019`` and ``v2021`` so that the two
templates differ exactly where the national circulars differ.
"""

from __future__ import annotations

from etl.template.model import Column, Row, Table

ORG = "法人或其他组织"
#: Header of the row-label column of each part-二 sub-table.
INFO_CONTENT = "信息内容"
#: The note the template prints in part 三's corner cell.
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人"),
    Column("commercial", "商业企业", group=ORG),
    Column("research", "科研机构", group=ORG),
    Column("social", "社会公益组织", group=ORG),
    Column("legal", "法律服务机构", group=ORG),
    Column("other_org", "其他", group=ORG),
    Column("total", "总计"),
)

WITHHELD = "不予公开"
UNABLE = "无法提供"
REJECTED = "不予处理"
OTHER = "其他处理"
RESULTS = "本年度办理结果"

APPLY_HEAD_ROWS: tuple[Row, ...] = (
    Row("new", "本年新收政府信息公开申请数量", aliases=("本年新收申请数量",)),
    Row("carried_in", "上年结转政府信息公开申请数量", aliases=("上年结转申请数量",)),
    Row("granted", "予以公开", group=RESULTS),
    Row(
        "partial",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        aliases=("部分公开",),
        group=RESULTS,
    ),
    Row("withheld_state_secret", "属于国家秘密", group=WITHHELD),
    Row("withheld_law", "其他法律行政法规禁止公开", group=WITHHELD),
    Row("withheld_security", "危及“三安全一稳定”", group=WITHHELD),
    Row("withheld_third_party", "保护第三方合法权益", group=WITHHELD),
    Row("withheld_internal", "属于三类内部事务信息", group=WITHHELD),
    Row("withheld_process", "属于四类过程性信息", group=WITHHELD),
    Row("withheld_enforcement", "属于行政执法案卷", group=WITHHELD),
    Row("withheld_query", "属于行政查询事项", group=WITHHELD),
    Row("unable_not_held", "本机关不掌握相关政府信息", group=UNABLE),
    Row("unable_create", "没有现成信息需要另行制作", group=UNABLE),
    Row("unable_unclear", "补正后申请内容仍不明确", group=UNABLE),
    Row("rejected_petition", "信访举报投诉类申请", group=REJECTED),
    Row("rejected_repeat", "重复申请", group=REJECTED),
    Row("rejected_publication", "要求提供公开出版物", group=REJECTED),
    Row("rejected_excessive", "无正当理由大量反复申请", group=REJECTED),
    Row(
        "rejected_confirm",
        "要求行政机关确认或重新出具已获取信息",
        group=REJECTED,
    ),
)

OTHER_SUB_ROWS: tuple[Row, ...] = (
    Row(
        "other_no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        aliases=("申请人无正当理由逾期不补正",),
        group=OTHER,
    ),
    Row(
        "other_unpaid_fee",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        aliases=("申请人逾期未按收费通知要求缴纳费用",),
        group=OTHER,
    ),
    Row("other_misc", "其他", group=OTHER, only_after=("other_unpaid_fee", "other_no_correction")),
)

TOTAL_ONLY_AFTER = (
    "other",
    "other_misc",
    "other_unpaid_fee",
    "other_no_correction",
    "rejected_confirm",
    "rejected_excessive",
)

APPLY_TAIL_ROWS: tuple[Row, ...] = (
    Row("total", "总计", group=RESULTS, only_after=TOTAL_ONLY_AFTER),
    Row("carried_out", "结转下年度继续办理", aliases=("结转下年度继续办理数量",)),
)

#: Part 三's flow rows in print order: intake (新收, 上年结转), 总计 and the carry-over.
#: Every other row of part 三 is an outcome.
FLOW_ROWS: tuple[str, ...] = ("new", "carried_in", "total", "carried_out")


def outcome_rows(table: Table) -> tuple[str, ...]:
    """Part 三's outcome rows that add up to 总计 (rows summed into a derived row left out).

    >>> from etl.template import TEMPLATE_2021
    >>> rows = outcome_rows(TEMPLATE_2021.table("apply"))
    >>> rows[0], "other" in rows, "other_misc" in rows, "total" in rows
    ('granted', True, False, False)
    """
    derived_parts = {k for r in table.rows for k in r.derived_from}
    return tuple(r.key for r in table.rows if r.key not in FLOW_ROWS and r.key not in derived_parts)


APPLY_GROUPS: tuple[str, ...] = (RESULTS, WITHHELD, UNABLE, REJECTED, "申请人情况", ORG)


def apply_table(other_rows: tuple[Row, ...]) -> Table:
    """Part 三, assembled around the template's own 其他处理 rows."""
    return Table(
        key="apply",
        part=3,
        title="收到和处理政府信息公开申请情况",
        rows=APPLY_HEAD_ROWS + other_rows + APPLY_TAIL_ROWS,
        columns=APPLICANT_COLUMNS,
        groups=APPLY_GROUPS,
        # The balance note heads part 三's table: where a copy drops the part's heading it
        # still ends part 二's last row (a row it follows at once printed no cell).
        headers=(BALANCE_NOTE,),
    )


APPEAL_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", aliases=("维持",)),
    Column("corrected", "结果纠正", aliases=("纠正",)),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

APPEAL_TABLE = Table(
    key="appeal",
    part=4,
    title="政府信息公开行政复议、行政诉讼情况",
    rows=(
        Row("review", "行政复议"),
        Row("suit_direct", "未经复议直接起诉", group="行政诉讼"),
        Row("suit_after_review", "复议后起诉", group="行政诉讼"),
    ),
    columns=APPEAL_COLUMNS,
    groups=("行政诉讼",),
    read_whole=True,
)

ITEM_1 = "第二十条第（一）项"
ITEM_5 = "第二十条第（五）项"
ITEM_6 = "第二十条第（六）项"
ITEM_8 = "第二十条第（八）项"
ITEM_9 = "第二十条第（九）项"

REGULATIONS = "规章"
NORMATIVE_DOCS = "行政规范性文件"
NORMATIVE_ALIASES = ("规范性文件",)
LICENSING = "行政许可"
PENALTY = "行政处罚"
COERCION = "行政强制"
FEES = "行政事业性收费"
