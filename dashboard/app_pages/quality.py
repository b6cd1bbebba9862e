"""数据质量: findings by rule, severity, agency and year; reports with errors first;
one report's findings; files the pipeline rejected, with the reason."""

from __future__ import annotations

import streamlit as st

from dashboard import chart_layout, charts, data, static_table, ui
from dashboard.labels import SEVERITY_LABELS, UI_COLUMNS
from etl.template.rules import FINDING_TYPES

filters = ui.filters()
LABELS = dict(UI_COLUMNS) | {"rule_title": "规则说明"}
SEVERITIES = list(SEVERITY_LABELS)
HEAD = 20  # rows of a list drawn as a static table; the downloads hold them all


def share(value: object) -> str:
    """Completeness (0–1) as the grid's progress column printed it: a whole percentage.

    >>> share(0.855), share(1.0)
    ('86%', '100%')
    """
    from dashboard.metrics import fixed

    return fixed(float(value) * 100, 0) + "%"  # type: ignore[arg-type]


def _head(df, name: str, labels: dict[str, str], order: str) -> None:
    """A list as a static table of its first rows, its order said, all rows downloadable."""
    static_table.show(df.head(HEAD * 2), name, labels, download=False)
    ui.downloads(df, name, labels)
    if len(df) > HEAD * 2:
        st.caption(f"{order}；显示前 {HEAD * 2} 个（共 {len(df):,} 个），下载文件含全部。")


summary = data.totals_by(filters, (), ())
if summary.empty or summary["n_reports"].iloc[0] == 0:
    ui.no_data_for_filter()
    st.stop()
reports = data.quality_reports(filters)
by_rule = data.findings_by(filters, ("rule", "severity"))
cols = st.columns(4)
cols[0].metric("年报份数", f"{int(summary['n_reports'].iloc[0]):,}", border=True)
cols[1].metric("有错误的年报", f"{int(summary['n_error_reports'].iloc[0]):,}", border=True)
cols[2].metric("有警告的年报", f"{int((reports['n_warnings'] > 0).sum()):,}", border=True)
cols[3].metric("问题总数", f"{int(by_rule['n_findings'].sum()):,}", border=True)
st.caption(
    "错误 = 违反模板的勾稽关系或非负整数要求；警告 = 解析时有疑问（缺少部分、行不完整等）；"
    "提示 = 模板外的行等。规则说明见 `xxgk rules`。"
)

if by_rule.empty:
    ui.empty("当前筛选下的年报没有任何问题。")
else:
    st.subheader("按规则与级别")
    wide = by_rule.pivot_table(
        index="rule", columns="severity", values="n_findings", aggfunc="sum", fill_value=0
    ).reindex(columns=SEVERITIES, fill_value=0)
    wide = wide.reset_index()
    wide["rule"] = [
        f"{r} {FINDING_TYPES[r].title}" if r in FINDING_TYPES else r for r in wide["rule"]
    ]
    ui.chart(
        ui.figure(
            charts.stacked_bars,
            wide,
            "rule",
            SEVERITIES,
            SEVERITY_LABELS | LABELS,
            horizontal=True,
            colors=chart_layout.SEVERITY_COLORS,
        ),
        wide,
        "quality-by-rule",
        SEVERITY_LABELS | LABELS,
    )

    def by_year() -> None:
        df = data.findings_by(filters, ("year", "severity"))
        wide = df.pivot_table(
            index="year", columns="severity", values="n_findings", aggfunc="sum", fill_value=0
        ).reindex(columns=SEVERITIES, fill_value=0)
        wide = wide.reset_index()
        ui.chart(
            ui.figure(
                charts.stacked_bars,
                wide,
                "year",
                SEVERITIES,
                SEVERITY_LABELS,
                title="按年度",
                colors=chart_layout.SEVERITY_COLORS,
            ),
            wide,
            "quality-by-year",
            SEVERITY_LABELS,
        )

    def by_agency() -> None:
        df = data.findings_by(filters, ("agency_key",)).head(20)
        ui.chart(
            ui.figure(
                charts.ranking_bar,
                df,
                "agency",
                "n_findings",
                LABELS,
                extra=["n_reports"],
                title="问题最多的机关",
            ),
            df[["agency", "n_findings", "n_reports"]],
            "quality-by-agency",
            LABELS,
        )

    SECTIONS = {"year": ("按年度", by_year), "agencies": ("问题最多的机关", by_agency)}
    shown = ui.detail("quality-show", {k: v[0] for k, v in SECTIONS.items()}, "year")
    SECTIONS[shown][1]()

st.subheader("年报（有错误的在前）")
only_errors = st.toggle("只看有错误的年报", key="quality-errors")
if only_errors:
    reports = reports[reports["n_errors"] > 0]
# Read, not browsed: the first rows as a static table (the grid costs the browser ~0.2 s
# a load); the whole list behind a switch, and always in the downloads.
browse = len(reports) > HEAD and st.toggle(
    f"浏览全部 {len(reports):,} 份（可排序、搜索）", key="quality-browse"
)
if browse:
    ui.table(
        reports,
        "quality-reports",
        LABELS,
        column_config={"completeness": st.column_config.ProgressColumn(min_value=0, max_value=1)},
        height=360,
    )
else:
    static_table.show(
        reports.head(HEAD),
        "quality-reports",
        LABELS,
        formats={"completeness": share},
        download=False,
    )
    ui.downloads(reports, "quality-reports", LABELS)
    shown = (
        f"前 {HEAD} 份（共 {len(reports):,} 份）" if len(reports) > HEAD else f"{len(reports):,} 份"
    )
    st.caption(f"按错误数、警告数从多到少排列，完整度低的在前；显示{shown}，下载文件含全部。")

st.subheader("查看一份年报的问题")
top = reports.head(300)
labels: dict[str, str] = {
    str(r.report_id): f"{r.agency or '（未识别机关）'!s} · {r.year} · "
    f"错误 {r.n_errors} · 警告 {r.n_warnings}"
    for r in top.itertuples()
}
chosen = st.selectbox("年报", list(labels), format_func=labels.__getitem__, key="quality-report")
if chosen:
    found = data.report_findings(chosen)
    found["severity"] = found["severity"].map(SEVERITY_LABELS).fillna(found["severity"])
    found["rule"] = [
        f"{r} {FINDING_TYPES[r].title}" if r in FINDING_TYPES else r for r in found["rule"]
    ]
    if found.empty:
        st.success("这份年报没有问题。", icon=":material/check_circle:")
    else:
        static_table.show(
            found,
            "quality-report-findings",
            LABELS | {"key": "涉及字段"},
            styles={"severity": ui.severity_style},
        )
    st.page_link(
        "app_pages/report.py",
        label="打开这份年报（表格、出处与源文件）",
        icon=":material/description:",
        query_params={"report": chosen},
    )

ocr = data.ocr_reports(filters)
if not ocr.empty:
    st.subheader("OCR 识别的年报")
    st.caption(
        "这些年报（扫描件、图片）的数值由 OCR 识别；每个数值的出处记有识别框和置信度。"
        "没有把握的数字只在勾稽关系唯一确定时入库（O2），否则留空（O1）。"
    )
    ocr_labels = LABELS | {"n_ocr_values": "OCR 数值个数", "n_settled": "由勾稽关系确定"}
    _head(ocr, "quality-ocr", ocr_labels, "按机关、年度排列")

st.subheader("未能导入的文件")
rejected = data.rejected_files()
if rejected.empty:
    st.caption("没有被拒绝的文件。")
else:
    _head(rejected, "quality-rejected", LABELS | {"source_sha256": "内容哈希"}, "最新的在前")
