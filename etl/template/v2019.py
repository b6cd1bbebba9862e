"""The 2019 template (国办公开办函〔2019〕60号), used for the 2019 and 2020 reports."""

from __future__ import annotations

from etl.template import parts as p
from etl.template.model import Column, NarrativeField, Row, Table, Template

MADE = (
    Column("new_made", "本年新制作数量"),
    Column("new_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
PREV_ITEMS = Column("prev_items", "上一年项目数量")
CHANGE = Column("change", "本年增/减", aliases=("本年增减",), may_be_negative=True)
ITEMS = (PREV_ITEMS, CHANGE, Column("decisions", "处理决定数量"))
PROCUREMENT = (
    Column("items", "采购项目数量"),
    Column("amount_wan_yuan", "采购总金额", aliases=("采购总金额（万元）",), is_amount=True),
)

ACTIVE_2019 = Table(
    key="active",
    part=2,
    title="主动公开政府信息情况",
    rows=(
        Row("regulations", p.REGULATIONS, group=p.ITEM_1, columns=MADE),
        Row(
            "normative_docs",
            p.NORMATIVE_DOCS,
            aliases=p.NORMATIVE_ALIASES,
            group=p.ITEM_1,
            columns=MADE,
        ),
        Row("licensing", p.LICENSING, group=p.ITEM_5, columns=ITEMS),
        Row("other_services", "其他对外管理服务事项", group=p.ITEM_5, columns=ITEMS),
        Row("penalty", p.PENALTY, group=p.ITEM_6, columns=ITEMS),
        Row("coercion", p.COERCION, group=p.ITEM_6, columns=ITEMS),
        Row("fees", p.FEES, group=p.ITEM_8, columns=(PREV_ITEMS, CHANGE)),
        Row("procurement", "政府集中采购", group=p.ITEM_9, columns=PROCUREMENT),
    ),
    headers=(p.ITEM_1, p.ITEM_5, p.ITEM_6, p.ITEM_8, p.ITEM_9),
)

OTHER_2019 = (Row("other", "其他处理", group=p.RESULTS),)

TEMPLATE_2019 = Template(
    id="2019",
    name="2019年版年度报告格式",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    tables=(ACTIVE_2019, p.apply_table(OTHER_2019), p.APPEAL_TABLE),
    narrative=(
        NarrativeField("narrative.processing_fee_yuan", "信息处理费（元）", "元"),
        NarrativeField("narrative.items_published", "主动公开信息条数（总体情况）", "条"),
    ),
    markers=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
    ),
)
