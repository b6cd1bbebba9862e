"""The dashboard's frame: page config, navigation, the global filters and the banner.

Run with ``xxgk dashboard`` (or ``streamlit run dashboard/streamlit_app.py``);
``XXGK_DB`` names the database file. Pages live in ``app_pages/`` and read the
filter this frame builds through ``dashboard.ui.filters()``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import data, sidebar, ui, unknown_path
from etl.template import parts

HERE = Path(__file__).resolve().parent / "app_pages"


def _page(file: str, title: str, icon: str, **kwargs) -> st.Page:
    return st.Page(
        HERE / file, title=title, icon=f":material/{icon}:", url_path=file[:-3], **kwargs
    )


#: Streamlit serves the default page only at "/" and its name reserves a path that opens
#: nothing, so the default holds an internal name nobody types (not "home": a path a user
#: may try gets the Chinese 页面不存在) and a hidden alias owns /overview.
DEFAULT_NAME = "_default"
OVERVIEW = st.Page(
    HERE / "overview.py",
    title="总览",
    icon=":material/dashboard:",
    url_path=DEFAULT_NAME,
    default=True,
)
OVERVIEW_ALIAS = st.Page(
    HERE / "overview.py", title="总览", url_path="overview", visibility="hidden"
)

PAGES = {
    "分析": [
        OVERVIEW,
        _page("outcomes.py", "申请办理结果", "fact_check"),
        _page("denials.py", f"{parts.WITHHELD}与{parts.REJECTED}原因", "block"),
        _page("licensing.py", f"{parts.LICENSING}与执法", "gavel"),
        _page("appeals.py", "复议与诉讼", "balance"),
        _page("agencies.py", "机关对比", "compare_arrows"),
        _page("ranking.py", "机关排名", "leaderboard"),
        OVERVIEW_ALIAS,
    ],
    "数据": [
        _page("quality.py", "数据质量", "rule"),
        _page("report.py", "单份年报", "description"),
        _page("coverage.py", "报送情况", "calendar_month"),
        _page("upload.py", "导入年报", "upload_file"),
    ],
    "监督": [
        _page("notice.py", "通报", "campaign"),
        _page("timeliness.py", "发布及时性", "schedule"),
        _page("copies.py", "文字雷同", "content_copy"),
    ],
    "工具": [
        _page("sql.py", "SQL 查询", "terminal"),
        _page("downloads.py", "批量下载", "download"),
    ],
}

st.set_page_config(page_title="政府信息公开年报看板", page_icon=ui.tab_icon(), layout="wide")
st.set_option("client.toolbarMode", "minimal")  # no English menu (Print, Settings)
known = [DEFAULT_NAME, *(p.url_path for pages in PAGES.values() for p in pages)]
unknown = unknown_path.requested_unknown(known)
if unknown:  # served in Chinese here, not by Streamlit's English "Page not found" dialog
    PAGES["分析"] = [*PAGES["分析"], unknown_path.page(unknown, OVERVIEW)]
page = st.navigation(PAGES, expanded=True)  # every page listed: no English "View N more"
if page is OVERVIEW_ALIAS:  # /overview → / with the link's filters, so the menu marks 总览
    st.switch_page(OVERVIEW, query_params={k: st.query_params.get_all(k) for k in st.query_params})
ui.page_css()
st.title(page.title)

store = data.store()
if store.error:
    st.error(f"无法读取数据库 {ui.literal(store.path)}：", icon=":material/error:")
    st.code(store.error, language=None)
if store.is_empty and page.url_path != "upload":
    if not store.error:
        where = "文件不存在" if store.version is None else "其中还没有年报"
        ui.empty(
            f"数据库 {ui.literal(store.path)} {where}。可以打开「导入年报」页面拖入年报文件，"
            "或在命令行导入后刷新本页："
        )
        st.code(f"xxgk ingest 年报文件夹/ --db {store.path}\nxxgk demo --db {store.path}")
    st.page_link(PAGES["数据"][-1], label="去导入年报", icon=":material/upload_file:")
    st.stop()

if not store.is_empty:
    filters = sidebar.render()
    st.session_state[ui.FILTERS_KEY] = filters
    # 单份年报 says itself whether its one report is real or simulated.
    if page.url_path != "report" and data.has_simulated(filters):
        st.warning(
            "示例数据（模拟）：当前视图包含模拟生成的年报，数字不代表任何真实机关。",
            icon=":material/science:",
        )
page.run()
