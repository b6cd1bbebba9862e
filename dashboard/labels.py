"""Chinese labels for canonical keys, template rows/columns and result columns.

Every template label comes from ``etl.template``; the few words typed here name
the dashboard's own figures (counts, shares), never a template row or column.
"""

from __future__ import annotations

from functools import lru_cache

from etl.template import META_FIELDS, TEMPLATE_2019, TEMPLATE_2021, Column, Row, key_labels

#: Labels of the dashboard's own result columns (not template labels).
UI_COLUMNS: dict[str, str] = {
    "agency_key": "机关标识",
    "n_reports": "年报份数",
    "n_agencies": "机关数",
    "n_apply": "含申请表的年报",
    "n_simulated": "模拟年报",
    "n_error_reports": "有错误的年报",
    "n_errors": "错误",
    "n_warnings": "警告",
    "n_findings": "问题数",
    "completeness": "完整度",
    "source_format": "文件格式",
    "source_path": "源文件",
    "report_id": "年报编号",
    "rule": "规则",
    "severity": "级别",
    "message": "说明",
    "status": "状态",
    "share_pct": "占比（%）",
    "rate_pct": "比率（%）",
    "reason": "原因",
    "region": "地区",
    "value": "数值",
    "metric": "指标",
    "rank": "排名",
    "peer_n": "同类机关数",
    "peer_p25": "同类下四分位",
    "peer_median": "同类中位数",
    "peer_p75": "同类上四分位",
    "outcome": "办理结果",
    "applicant": "申请人",
    "key": "字段",
    "derived": "推算",
    "reason_text": "原因说明",
    "at": "时间",
    "expected": "按规则应为",
    "found": "年报印为",
    "n_dated": "载明日期",
    "n_undated": "未载明日期",
    "n_on_time": "按时发布",
    "n_late": "逾期发布",
    "on_time_pct": "按时率（%）",
    "deadline": "截止日期",
    "days_late": "逾期天数",
}

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """Canonical key → Chinese label (``row · column``) across both templates."""
    return key_labels()


def key_label(key: str) -> str:
    """The label of one canonical key, the key itself when unknown.

    >>> key_label("no.such.key")
    'no.such.key'
    """
    return labels().get(key, key)


def _rows(table_key: str) -> list[Row]:
    seen: dict[str, Row] = {}
    for template in (TEMPLATE_2021, TEMPLATE_2019):
        for row in template.table(table_key).rows:
            seen.setdefault(row.key, row)
    return list(seen.values())


def row_label(table_key: str, row_key: str) -> str:
    """Printed label of a template row (2021 wording first, then 2019)."""
    for row in _rows(table_key):
        if row.key == row_key:
            return row.label
    return row_key


def short_row_label(table_key: str, row_key: str) -> str:
    """The shortest printed form of a row (its label or an alias), for chart axes."""
    for row in _rows(table_key):
        if row.key == row_key:
            return min((row.label, *row.aliases), key=len)
    return row_key


def column_label(column: Column, columns: tuple[Column, ...]) -> str:
    """A column's label, with its group added when the label alone is ambiguous."""
    if sum(1 for c in columns if c.label == column.label) > 1 and column.group:
        return f"{column.label}（{column.group}）"
    return column.label


def meta_label(name: str) -> str:
    """Label of a report metadata field or dashboard result column."""
    return META_FIELDS.get(name) or UI_COLUMNS.get(name) or name


def column_labels(columns: list[str], extra: dict[str, str] | None = None) -> dict[str, str]:
    """Column name → display label for a result frame (``extra`` first, then keys, meta)."""
    out = {}
    for c in columns:
        out[c] = (extra or {}).get(c) or labels().get(c) or meta_label(c)
    return out
