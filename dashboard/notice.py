"""The 通报 of a supervisory office for a region and year: organs that did not publish
(against the roster, else against last year's publishers), published late, published
with errors (which rule, which cells), and suspected copies — tables that repeat last
year's cell for cell, prose that nearly copies the organ's previous year or another
organ's report of the year (C1/C2; the kinds listed can be chosen); counts by level and
kind. Exported as a DOCX draft notice and XLSX.

Pure: a cursor on the dashboard's store in, DataFrames and file bytes out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import coverage_queries, exports, office_queries
from dashboard.filters import Filters, describe
from dashboard.labels import meta_label

#: Section key → Chinese title (the same words in the page, the DOCX and the XLSX).
SECTIONS = {
    "missing": "未发布年报的机关",
    "late": "逾期发布的年报",
    "errors": "有错误的年报",
    "copies": "疑似雷同的年报",
}
COLUMNS = {
    "agency": meta_label("agency"), "year": meta_label("year"), "level": meta_label("level"),
    "kind": meta_label("kind"), "province": meta_label("province"), "city": meta_label("city"),
    "county": meta_label("county"), "last_year": "最近一次发布", "never_published": "从未发布",
    "published_on": meta_label("published_on"), "deadline": "截止日期", "days_late": "逾期天数",
    "rules": "违反的规则", "cells": "涉及的单元格", "messages": "说明", "n_errors": "错误数",
    "previous_year": "相同的年度", "n_nonzero": "非零单元格数",
    "copy_kind": "雷同类型", "copied": "雷同对象", "similarity": "相似度",
}  # fmt: skip
SHOWN = {
    "missing": ["agency", "level", "kind", "county", "last_year", "never_published"],
    "late": ["agency", "level", "kind", "county", "published_on", "deadline", "days_late"],
    "errors": ["agency", "level", "kind", "county", "rules", "cells", "messages"],
    "copies": ["agency", "level", "kind", "county", "copy_kind", "copied", "similarity"],
}


@dataclass
class Notice:
    """What the 通报 lists."""

    region: str
    year: int
    basis: str  # what "should have published" was judged against
    lists: dict[str, pd.DataFrame]
    summary: pd.DataFrame  # level, kind, one count column per section
    snapshot: str

    def count(self, key: str) -> int:
        """How many organs (missing) or reports a section lists (a report counted once)."""
        df = self.lists[key]
        return int(df["report_id"].nunique()) if "report_id" in df else len(df)

    @property
    def title(self) -> str:
        return f"关于{self.region}{self.year}年度政府信息公开工作年度报告发布情况的通报"


def suspected_copies(
    cur: duckdb.DuckDBPyConnection, filters: Filters, kinds: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Tables equal to last year's and prose copies (C1/C2) in one list, one row per report
    and kind (``office_queries.COPY_KINDS``; ``kinds`` None: all three)."""
    kinds = tuple(office_queries.COPY_KINDS) if kinds is None else kinds
    frames = []
    if "tables" in kinds:
        t = office_queries.copied_tables(cur, filters)
        t["copy_kind"] = "tables"
        t["copied"] = t["agency"] + " " + t["previous_year"].astype(str) + " 年"
        t["similarity"] = 1.0
        frames.append(t)
    p = office_queries.copied_prose(cur, filters)
    p = p[p["relation"].isin(kinds)]
    if len(p):  # one row per report and kind: the closest report it copies
        p = p.sort_values("similarity", ascending=False).drop_duplicates(["report_id", "relation"])
        p = p.assign(
            copy_kind=p["relation"],
            copied=p["other_agency"].fillna("（未识别机关）")
            + " "
            + p["other_year"].astype(str)
            + " 年",
        )
        frames.append(p)
    cols = ["report_id", "agency", "year", "level", "kind", "province", "city", "county"]
    cols += ["copy_kind", "copied", "similarity"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat([f[cols] for f in frames], ignore_index=True)
    return out.sort_values(["agency", "copy_kind"], ignore_index=True)


def build_notice(
    cur: duckdb.DuckDBPyConnection,
    filters: Filters,
    year: int,
    snapshot: str,
    copy_kinds: tuple[str, ...] | None = None,
) -> Notice:
    """The 通报 for the filter's place (and level / kind) and ``year``; ``copy_kinds``
    chooses which suspected copies are listed (None: all)."""
    base = office_queries.replace_years(filters)
    if coverage_queries.has_roster(cur):
        missing = coverage_queries.roster_missing(cur, base, year)
        basis = "应发布名单（名录）"
    else:
        missing = office_queries.not_published_last_year(cur, base, year)
        basis = f"{year - 1} 年发布过年报的机关（库中没有名录）"
    one_year = base.for_year(year)
    lists = {
        "missing": missing,
        "late": office_queries.late_reports(cur, one_year),
        "errors": office_queries.error_reports(cur, one_year),
        "copies": suspected_copies(cur, one_year, copy_kinds),
    }
    frames = []
    for key, df in lists.items():
        if len(df):
            one = df.drop_duplicates("report_id") if "report_id" in df else df
            frames.append(one.groupby(["level", "kind"], dropna=False).size().rename(key))
    summary = pd.concat(frames, axis=1).fillna(0).astype(int).reset_index() if frames else (
        pd.DataFrame(columns=["level", "kind", *SECTIONS])
    )  # fmt: skip
    for key in SECTIONS:
        if key not in summary:
            summary[key] = 0
    region = describe(
        Filters(provinces=filters.provinces, cities=filters.cities, counties=filters.counties)
    )
    region = "" if region == "全部" else region.replace(" · ", "")
    return Notice(region, year, basis, lists, summary[["level", "kind", *SECTIONS]], snapshot)


def section_table(notice: Notice, key: str) -> pd.DataFrame:
    """One list with Chinese headers and the columns the notice prints."""
    df = notice.lists[key]
    cols = [c for c in SHOWN[key] if c in df.columns]
    out = df[cols].copy()
    if "never_published" in out:
        out["never_published"] = out["never_published"].map({True: "是", False: ""})
    if "copy_kind" in out:
        out["copy_kind"] = out["copy_kind"].map(office_queries.COPY_KINDS)
    if "similarity" in out:
        out["similarity"] = [f"{x:.0%}" for x in out["similarity"]]
    return out.rename(columns=COLUMNS)


def summary_table(notice: Notice) -> pd.DataFrame:
    """Counts by level and kind with Chinese headers."""
    return notice.summary.rename(columns={**COLUMNS, **SECTIONS})


def to_xlsx(notice: Notice) -> bytes:
    """The 通报's lists as a workbook: 汇总 and one sheet per section, and a 说明 sheet."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        exports.defuse(summary_table(notice)).to_excel(writer, sheet_name="汇总", index=False)
        for key, title in SECTIONS.items():
            sheet = title.split("（")[0][:31]
            exports.defuse(section_table(notice, key)).to_excel(
                writer, sheet_name=sheet, index=False
            )
        notes = [notice.title, f"未发布的判断依据：{notice.basis}", notice.snapshot]
        pd.DataFrame({"说明": notes}).to_excel(writer, sheet_name="说明", index=False)
    return buf.getvalue()


def to_docx(notice: Notice) -> bytes:
    """A draft notice: title, a summary paragraph, counts by level and kind, the four lists."""
    from docx import Document
    from docx.oxml.ns import qn

    from dashboard.brief.word import add_table

    doc = Document()
    for name in ("Normal", "Title", "Heading 1"):
        doc.styles[name].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    doc.add_heading(notice.title + "（草稿）", level=0)
    n = {k: notice.count(k) for k in notice.lists}
    doc.add_paragraph(
        f"根据《中华人民共和国政府信息公开条例》，各行政机关应于每年1月31日前公布本机关上一年度"
        f"政府信息公开工作年度报告。经检查，{notice.region}{notice.year}年度年报中："
        f"未发布 {n['missing']} 个机关，逾期发布 {n['late']} 份，"
        f"存在数据错误 {n['errors']} 份，疑似雷同 {n['copies']} 份。具体情况通报如下。"
    )
    doc.add_heading("一、汇总（按层级和类型）", level=1)
    add_table(doc, summary_table(notice))
    for i, (key, title) in enumerate(SECTIONS.items(), start=2):
        doc.add_heading(f"{'一二三四五六'[i - 1]}、{title}", level=1)
        table = section_table(notice, key)
        if table.empty:
            doc.add_paragraph("无。")
        else:
            add_table(doc, table)
    doc.add_paragraph(f"未发布的判断依据：{notice.basis}。")
    doc.add_paragraph(notice.snapshot)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
