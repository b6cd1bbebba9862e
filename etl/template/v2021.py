"""The 2021 template (国办公开办函〔2021〕30号), used for reports on 2021 onward."""

from __future__ import annotations

from etl.template import parts as p
from etl.template.model import Column, NarrativeField, Row, Table, Template

ISSUED = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数", aliases=("本年度止件数", "本年度废止件数")),
    Column("in_force", "现行有效件数"),
)
DECISIONS = (Column("decisions", "本年处理决定数量"),)
FEE_AMOUNT = (
    Column(
        "amount_wan_yuan",
        "本年收费金额（单位：万元）",
        aliases=("本年收费金额", "本年收费金额（万元）", "本年度收费金额"),
        is_amount=True,
    ),
)

ACTIVE_2021 = Table(
    key="active",
    part=2,
    title="主动公开政府信息情况",
    rows=(
        Row("regulations", p.REGULATIONS, group=p.ITEM_1, columns=ISSUED),
        Row(
            "normative_docs",
            p.NORMATIVE_DOCS,
            aliases=p.NORMATIVE_ALIASES,
            group=p.ITEM_1,
            columns=ISSUED,
        ),
        Row("licensing", p.LICENSING, group=p.ITEM_5, columns=DECISIONS),
        Row("penalty", p.PENALTY, group=p.ITEM_6, columns=DECISIONS),
        Row("coercion", p.COERCION, group=p.ITEM_6, columns=DECISIONS),
        Row("fees", p.FEES, group=p.ITEM_8, columns=FEE_AMOUNT),
    ),
    headers=(p.ITEM_1, p.ITEM_5, p.ITEM_6, p.ITEM_8),
)

# 其他处理 is printed as a heading above its three rows; its value is their sum.
OTHER_2021 = (
    Row(
        "other",
        "其他处理",
        group=p.RESULTS,
        derived_from=tuple(r.key for r in p.OTHER_SUB_ROWS),
    ),
    *p.OTHER_SUB_ROWS,
)

TEMPLATE_2021 = Template(
    id="2021",
    name="2021年版年度报告格式",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    tables=(ACTIVE_2021, p.apply_table(OTHER_2021), p.APPEAL_TABLE),
    narrative=(
        NarrativeField("narrative.processing_fee_yuan", "信息处理费（元）", "元"),
        NarrativeField("narrative.items_published", "主动公开信息条数（总体情况）", "条"),
    ),
    markers=(
        "本年制发件数",
        "本年废止件数",
        "本年度止件数",
        "本年处理决定数量",
        "本年收费金额",
        "本年度收费金额",
    ),
)
