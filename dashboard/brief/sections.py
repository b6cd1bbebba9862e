"""Section headings and the tables the PDF and the DOCX share (same words in both)."""

from __future__ import annotations

import pandas as pd

from dashboard.brief.content import HEADLINE_COLUMNS, Brief
from dashboard.labels import meta_label

SIMULATED = "示例数据（模拟）：本材料依据模拟生成的年报，数字不代表任何真实机关。"
HEADLINE = "一、主要数字：与上年和同类机关相比"
CHARTS = "二、图表"
FINDINGS = "三、数据检查发现的问题"
COVERAGE = "四、报送情况"
SOURCES = "五、数据来源"
MAX_FINDINGS = 30


def headline_table(brief: Brief) -> pd.DataFrame:
    """The headline frame with Chinese headers."""
    return brief.headline.rename(columns=HEADLINE_COLUMNS)


def findings_table(brief: Brief) -> tuple[pd.DataFrame, str]:
    """At most MAX_FINDINGS findings with Chinese headers, and a line saying how many."""
    f = brief.findings
    if f.empty:
        return f, "本年的年报没有检查出问题。"
    cols = {"agency": meta_label("agency"), "rule": "规则", "severity": "级别", "message": "说明"}
    shown = f.head(MAX_FINDINGS)[list(cols)].rename(columns=cols)
    note = f"共 {len(f)} 条" + (f"，列出前 {MAX_FINDINGS} 条。" if len(f) > MAX_FINDINGS else "。")
    return shown, note + "规则说明见 xxgk rules。"


def sources_table(brief: Brief) -> pd.DataFrame:
    """Each report's file, format and content hash (first 12 hex digits)."""
    s = brief.sources.head(40)
    return s.rename(
        columns={
            "agency": meta_label("agency"),
            "year": meta_label("year"),
            "source_format": "格式",
            "source_path": "源文件",
            "sha256": "SHA-256（前 12 位）",
        }
    )
