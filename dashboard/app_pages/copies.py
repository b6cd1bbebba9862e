"""文字雷同: reports whose prose (parts 一, 五, 六) nearly copies the organ's previous year
or another organ's report of the same year (C1/C2) — the list under the filter, and one
pair side by side with the sentences both print marked."""

from __future__ import annotations

import streamlit as st

from dashboard import copies, data, office_queries, static_table, ui
from dashboard.labels import UI_COLUMNS

filters = ui.filters()
LABELS = dict(UI_COLUMNS) | {
    "relation": "雷同类型",
    "other_agency": "雷同对象",
    "other_year": "对象年度",
    "similarity": "相似度",
    "n_shared": "共同语句",
}
st.caption(
    "比较第一、五、六部分的文字：先去掉很多年报都印有的语句（模板和通用套话，本年度和上一年度"
    "合计至少5份且至少1%的年报印有），机关名和数字不计；余下文字切成5字片段，两份年报的"
    "片段集合相似度（Jaccard）不低于70%即判为疑似雷同（规则 C1、C2）。每次入库结束时重新筛查；"
    "两年合计不足20份年报的年度不筛查。"
)
pairs = data.office("copied_prose", filters)
report = st.query_params.get("report")
other = st.query_params.get("other")
if pairs.empty and not (report and other):
    ui.empty("筛选范围内没有疑似文字雷同的年报。")
    st.stop()

if not pairs.empty:
    shown = pairs.assign(
        relation=pairs["relation"].map(office_queries.COPY_KINDS),
        similarity=(pairs["similarity"] * 100).round(0),
    )
    # the first pairs as static HTML, every pair behind a switch (the data grid cost the
    # browser ~0.1-0.2 s on every load) and in the downloads
    static_table.listing(
        shown[
            ["agency", "year", "relation", "other_agency", "other_year", "similarity", "n_shared"]
        ],
        "copies-list",
        LABELS | {"similarity": "相似度（%）"},
        order="按年度（新的在前）、相似度从高到低排列",
        grid={"height": min(400, 40 + 35 * len(shown))},
    )
    choices = {
        f"{r.report_id}|{r.other_id}": (
            f"{r.agency} {r.year} ↔ {r.other_agency} {r.other_year} · "
            f"{office_queries.COPY_KINDS[str(r.relation)]} · 相似度 {r.similarity:.0%}"
        )
        for r in pairs.itertuples()
    }
    wanted = f"{report}|{other}" if report and other else None
    if wanted and wanted not in choices:
        choices = {wanted: f"{report} ↔ {other}"} | choices
    keys = list(choices)
    pick = st.selectbox(
        "并排查看",
        keys,
        index=keys.index(wanted) if wanted in keys else 0,
        format_func=choices.__getitem__,
        key="copies-pick",
    )
    report, other = pick.split("|")
    st.query_params["report"], st.query_params["other"] = report, other

view = data.copy_view(str(report), str(other))
if view is None:
    ui.empty("这两份年报没有保存正文文字（入库早于本功能），重新导入其文件后即可查看。")
    st.stop()
cols = st.columns(3)
cols[0].metric("雷同类型", view.kind, border=True)
cols[1].metric("相似度", "—" if view.similarity is None else f"{view.similarity:.0%}", border=True)
cols[2].metric("共同语句（不含套话）", f"{view.left.n_shared}", border=True)
st.html(
    '<p style="margin:0"><mark style="' + copies.STYLE["both"] + '">两份都有的语句</mark>'
    '　<span style="' + copies.STYLE["boilerplate"] + '">套话（很多年报都有，不计入）</span>'
    "　其余为本年报自己的文字</p>"
)
for col, side, key in zip(st.columns(2), (view.left, view.right), ("a", "b"), strict=True):
    with col:
        ui.heading_text(f"{side.agency} · {side.year} 年")
        st.page_link(
            "app_pages/report.py",
            label="打开这份年报",
            icon=":material/description:",
            query_params={"report": side.report_id},
        )
        with st.container(border=True, key=f"copies-side-{key}"):
            st.html(copies.passage_html(side.passages))
