"""单份年报: one report — its three tables redrawn as the template prints them,
where every value was read, its findings, and its source file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import data, metrics, picker, printed, static_table, tables, ui
from dashboard.brief.content import Subject
from dashboard.brief_buttons import brief_downloads
from dashboard.labels import SEVERITY_LABELS, UI_COLUMNS, key_label, meta_label
from dashboard.printed import numeral
from etl.template import PART_TITLES, all_keys
from etl.template.rules import FINDING_TYPES

filters = ui.filters()
PARAM = "report"
LABELS = dict(UI_COLUMNS) | {"label": "字段名称", "more": "其他出处信息"}
LABELS |= {"part": "部分", "row_label": "原文行标签", "column": "原文列标签", "cell": "原文单元格"}
LABELS |= {"line": "行号", "page": "页码", "table": "表格", "r": "表格行", "c": "表格列"}

wanted = st.query_params.get(PARAM)
search = st.text_input(
    "查找年报", placeholder=f"{meta_label('agency')}的一部分，或年报编号", key="report-search"
).strip()
errors_only = st.toggle("只看有错误的年报", key="report-errors")
picker_rows = data.report_picker(filters, search, errors_only=errors_only)
choices: dict[str, str] = {
    str(r.report_id): f"{r.agency or '（未识别机关）'!s} · {r.year} · 模板 {r.template}"
    for r in picker_rows.itertuples()
}
stale = False
if wanted and wanted not in choices and not search:  # a new search drops the old target
    target = data.report_meta(wanted)
    if target.empty:
        stale = True
    else:
        m = target.iloc[0]
        choices = {wanted: f"{m['agency']} · {m['year']} · 模板 {m['template']}"} | choices
if not choices:
    if stale:
        picker.stale_notice("年报", wanted or "")
    ui.empty("没有符合条件的年报。请修改查找内容或左侧的筛选条件。")
    st.stop()
report_id = picker.pick(
    label="年报",
    key="report-pick",
    param=PARAM,
    search=search,
    choices=choices,
    wanted=wanted,
    stale=stale,
    noun="年报",
)
if report_id is None:
    st.stop()
meta = data.report_meta(report_id).iloc[0]

ui.heading_text(f"{meta['agency'] or '（未识别机关）'} · {meta['year']} 年")
if bool(meta["is_simulated"]):
    st.warning(
        "模拟年报：这份年报是模拟生成的示例数据，数字不代表任何真实机关。",
        icon=":material/science:",
    )
else:
    st.info("真实年报：这份年报从机关发布的文件中读取，不是模拟数据。", icon=":material/verified:")
if meta["agency_key"] and pd.notna(meta["year"]):
    brief_downloads(
        Subject(int(meta["year"]), agency_key=meta["agency_key"]), meta["agency"], "report"
    )
info: dict[str, object] = {
    meta_label(f): meta[f]
    for f in ("template", "level", "kind", "province", "city", "county", "source_format")
}
info |= {
    "完整度": f"{metrics.fixed(meta['completeness'] * 100, 0)}%"
    if pd.notna(meta["completeness"])
    else "—"
}
info |= {"错误": meta["n_errors"], "警告": meta["n_warnings"], "年报编号": report_id}
items = [
    (k, "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    for k, v in info.items()
]
half = (len(items) + 1) // 2
# Static HTML tables here (escaped): a page drawing data grids cost the browser ~0.2 s
# more on every load; the long list of locators keeps its grid behind a switch.
for col, part, key in zip(st.columns(2), (items[:half], items[half:]), ("a", "b"), strict=True):
    with col:
        meta_table = pd.DataFrame(part, columns=["项目", "内容"])
        static_table.show(meta_table, f"report-meta-{key}", download=False)
source = data.source_bytes(str(meta["source_path"]))
if source is not None:
    st.download_button(
        "下载源文件",
        data=source,
        file_name=Path(str(meta["source_path"])).name,
        on_click="ignore",
        icon=":material/download:",
        key="report-source",
    )
    st.caption(f"源文件：{ui.literal(meta['source_path'])}")
else:
    st.caption(f"源文件不在本机（{ui.literal(meta['source_path'])}），只能查看已入库的数值。")

st.subheader("问题")
found = data.report_findings(report_id)
titles = {r: t.title for r, t in FINDING_TYPES.items()}
if found.empty:
    st.success("这份年报没有发现问题。", icon=":material/check_circle:")
else:
    shown = found.assign(
        severity=found["severity"].map(SEVERITY_LABELS).fillna(found["severity"]),
        rule=[f"{r} {titles[r]}" if r in titles else r for r in found["rule"]],
        key=[
            "、".join(key_label(k.strip()) for k in str(k).split(",") if k.strip())
            for k in found["key"].fillna("")
        ],
    )
    st.caption(
        "下面重绘的表格中，问题涉及的单元格已按级别标出（红 = 错误，黄 = 警告，灰 = 提示），悬停可见规则与应有数值。"
    )
    static_table.show(
        shown,
        f"report-{report_id}-findings",
        LABELS | {"key": "涉及字段", "rule": "规则"},
        styles={"severity": ui.severity_style},
    )

copied = found[found["rule"].isin(["C1", "C2"])] if not found.empty else found
if not copied.empty:
    for pair in data.office("report_copies", report_id).itertuples():
        st.page_link(
            "app_pages/copies.py",
            label=f"并排查看与 {pair.other_agency} {pair.other_year} 年年报雷同的文字",
            icon=":material/content_copy:",
            query_params={"report": report_id, "other": str(pair.other_id)},
        )

long = data.report_values(report_id)
template = str(meta["template"] or "2021")
cells = tables.flag_cells(tables.cell_texts(long, template), found, titles)
if long.empty:
    ui.empty("这份年报没有读到任何表格数值。")
st.caption(
    f"按 {template} 年版模板的格式重绘。“{tables.ABSENT}”表示年报未列出该数值（不是 0）；"
    f"带 {tables.DERIVED_MARK} 的是按模板推算的值。鼠标停在数字上可看到它在原文中的位置。"
)
# printed.* escapes every text it is given (labels, values, locators): no report markup passes.
for part_no, render in (
    (2, printed.active_html),
    (3, printed.apply_html),
    (4, printed.appeal_html),
):
    st.markdown(f"**{numeral(part_no)}、{PART_TITLES[part_no]}**")
    st.html(render(template, cells))

st.subheader("数值出处")
st.caption("每个数值在原文中的位置：部分、原文行标签和列标签、原文单元格文字、行号或页码。")
static_table.listing(
    tables.locators(long, all_keys()),
    f"report-{report_id}-locators",
    LABELS,
    order="按字段在模板中的顺序排列",
    grid={"height": 400},
)
