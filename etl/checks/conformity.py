"""Template conformity: rows or columns missing, template against year, year against period.

Pure: the parsed values, the matcher's findings and the report's metadata in,
findings T1–T4 out. Rows the template does not have are the matcher's P4.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from etl.findings import Finding
from etl.reportmeta import ReportMeta
from etl.template import Template, derived_keys, part_name, template_for_year

_ROW_DOUBTS = ("P2", "P3", "P6")
#: Rows of a table with too few (P2) or too many (P6) numbers before T2 calls it a column problem.
MIN_ROWS_FOR_COLUMN_FINDING = 3


def _row_of(key: str) -> tuple[str, str]:
    table, row, _ = key.split(".")
    return table, row


def check_missing_rows(
    values: Mapping[str, float],
    derived: Collection[str],
    findings: list[Finding],
    parts_found: Collection[int],
    template: Template,
) -> list[Finding]:
    """T1: rows of a table that was found but that show no value and no doubt finding."""
    explained = {_row_of(k) for f in findings if f.rule in _ROW_DOUBTS for k in f.keys}
    out: list[Finding] = []
    for table in template.tables:
        if table.part not in parts_found or table.read_whole:
            continue  # its gaps are P2/P11 already
        derived_rows = {_row_of(k)[1] for k in derived_keys(template) if k.startswith(table.key)}
        parents = {p for r in table.rows if r.derived_from for p in r.derived_from}
        # A 2021 report printing the single 2019-style 其他处理 row: its sub-rows are absent by design.
        printed_parent = any(
            k.startswith(f"{table.key}.{r.key}.") and k not in derived
            for r in table.rows
            if r.derived_from
            for k in values
        )
        missing = []
        for row in table.rows:
            if row.key in derived_rows or (row.key in parents and printed_parent):
                continue
            keys = [table.cell_key(row, c) for c in table.columns_of(row)]
            if any(k in values for k in keys) or (table.key, row.key) in explained:
                continue
            missing.append((row, keys))
        if not missing:
            continue
        names = "、".join(f"“{r.label}”" for r, _ in missing[:8])
        more = f"等{len(missing)}行" if len(missing) > 8 else f"共{len(missing)}行"
        out.append(
            Finding(
                "T1",
                f"{part_name(table.part)}的统计表缺少模板行{names}（{more}），"
                "这些数值为空；请核对原文是否漏印、被截断或改动了行名。",
                tuple(k for _, keys in missing for k in keys),
            )
        )
    return out


def check_columns(findings: list[Finding], template: Template) -> list[Finding]:
    """T2: many rows of one table with too few (P2) or too many (P6) numbers."""
    out: list[Finding] = []
    for table in template.tables:
        if table.read_whole:
            continue
        for rule, what in (("P2", "少于"), ("P6", "多于")):
            rows = {
                _row_of(k)[1]
                for f in findings
                if f.rule == rule
                for k in f.keys
                if k.startswith(table.key + ".")
            }
            if len(rows) < MIN_ROWS_FOR_COLUMN_FINDING:
                continue
            labels = "、".join(f"“{table.row(r).label}”" for r in sorted(rows)[:5])
            keys = tuple(
                table.cell_key(table.row(r), c)
                for r in sorted(rows)
                for c in table.columns_of(table.row(r))
            )
            out.append(
                Finding(
                    "T2",
                    f"{part_name(table.part)}有{len(rows)}行（如{labels}）的数值个数"
                    f"{what}模板列数，表格可能{'缺少' if rule == 'P2' else '多出'}一整列；"
                    "请对照原文核对列的顺序。",
                    keys,
                )
            )
    return out


def check_template_year(meta: ReportMeta) -> list[Finding]:
    """T3: a report of 2021 or later on the 2019 tables, or of 2019–2020 on the 2021 tables."""
    year, template = meta.year, meta.template
    reason = meta.template_reason or ""
    if year is None or template is None or reason.startswith("no marker"):
        return []  # the template was inferred from the year itself: nothing to compare
    expected = template_for_year(year).id
    if template == expected:
        return []
    return [
        Finding(
            "T3",
            f"本报告统计年度为{year}年，应使用{expected}年版表格，但表格是{template}年版"
            f"（{reason}）；请核对年度或模板。",
        )
    ]


def check_period_year(
    meta: ReportMeta, period_year: int | None, period_text: str | None
) -> list[Finding]:
    """T4: the title's year differs from the statistics period stated in the text."""
    year = meta.year
    if year is None or period_year is None or year == period_year:
        return []
    return [
        Finding(
            "T4",
            f"标题中的年度为{year}年，但正文所述统计期限为“{period_text}”（{period_year}年）；"
            "请核对统计年度。",
            expected=float(year),
            found=float(period_year),
        )
    ]
