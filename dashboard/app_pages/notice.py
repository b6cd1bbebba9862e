"""通报: for the sidebar's region (and level / kind) and one year — organs that did not
publish, published late, published with errors, or suspected copies (tables equal to
last year's, prose copied: a filter chooses the kinds, a column names each);
counts by level and kind; a DOCX draft notice and an XLSX of the lists."""

from __future__ import annotations

import streamlit as st

from dashboard import data, notice, office_queries, static_table, ui
from dashboard.filters import describe
from dashboard.labels import meta_label

filters = ui.filters()
years = data.available_years()
summary = data.totals_by(filters, (), ())
if not years or filters.year_to is None or summary.empty or summary["n_reports"].iloc[0] == 0:
    ui.no_data_for_filter()
    st.stop()
in_range = [y for y in years if (filters.year_from or y) <= y <= filters.year_to] or years
year = st.selectbox("通报年度", in_range[::-1], index=0, key="notice-year")
kinds = st.multiselect(
    "疑似雷同的类型",
    list(office_queries.COPY_KINDS),
    default=list(office_queries.COPY_KINDS),
    format_func=office_queries.COPY_KINDS.__getitem__,
    key="notice-copy-kinds",
)
n = data.notice_for(filters, int(year), tuple(kinds))
st.caption(
    f"地区与层级取左侧筛选（{describe(filters.without_agencies())}）。未发布的判断依据：{n.basis}。"
    f"逾期 = {meta_label('published_on')}晚于次年 1 月 31 日；有错误 = 有错误级检查结果；"
    "疑似雷同 = 统计表与本机关上一年的年报逐格相同，或第一、五、六部分的文字与本机关上一年或"
    "同年其他机关的年报高度雷同（规则 C1、C2，可在“文字雷同”页并排查看）。"
)
cols = st.columns(4)
for col, (key, title) in zip(cols, notice.SECTIONS.items(), strict=True):
    col.metric(title.split("（")[0], f"{n.count(key):,}", border=True)

row = st.container(horizontal=True, gap="small")
stem = f"xxgk-通报-{n.region or '全部'}-{n.year}"
row.download_button(
    "通报草稿 Word",
    data=lambda: notice.to_docx(n),
    file_name=f"{stem}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="notice-docx",
    on_click="ignore",
    icon=":material/description:",
)
row.download_button(
    "名单 Excel",
    data=lambda: notice.to_xlsx(n),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="notice-xlsx",
    on_click="ignore",
    icon=":material/table_view:",
)

# Static HTML tables (the lists' first rows, each whole list behind a switch and in the
# 名单 Excel): five data grids cost the browser ~0.2 s on every load of this page.
st.subheader("按层级和类型")
static_table.show(notice.summary_table(n), "notice-summary", download=False)
for key, title in notice.SECTIONS.items():
    st.subheader(title)
    table = notice.section_table(n, key)
    if table.empty:
        st.caption("无。")
    else:
        static_table.listing(
            table,
            f"notice-{key}",
            order="按通报草稿的顺序排列",
            download=False,
            grid={"height": min(400, 40 + 35 * len(table))},
        )
