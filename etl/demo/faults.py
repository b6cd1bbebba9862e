"""Deliberate real-world faults, and the value edits that make and repair reports.

Real reports break the rules in a few typical ways. The demo region carries one of
each, on fixed organs so the manifest and the dashboard can point at them:

- ``row_total``: a row total typed wrong (保定市竞秀区人民政府 2020, 予以公开 · 总计 + 1);
  breaks rule 1 on that row and rule 3 on the 总计 column.
- ``carry_over``: the carry-over restated (保定市住房和城乡建设局 2023 reports 3 more
  requests carried in than its 2022 report carried out, and 3 more granted); the report
  is consistent in itself, but rule 5 across years breaks.
- ``typo_label``: a mistyped row label in the file (保定市莲池区教育局 2021); the parser
  should match it by position and similarity and say so (P5).
- ``template_lag``: a 2021 report still on the 2019 tables (阜平县城南庄镇人民政府 2021).
- ``single_other``: a 2021-template report printing the 2019-style single 其他处理 row
  (定兴县固城镇人民政府 2022).
- ``late``: published after 31 January (保定市审计局 2023 on 2024-03-15, 保定市莲池区人民政府
  2024 on 2025-02-20; the web page's 发布时间) — L1 and the 发布及时性 page.
- ``copied_tables``: a report whose tables repeat last year's cell for cell
  (保定市生态环境局 2024 = its 2023 report) — the 通报's suspected copies.
- ``copied_prose``: a report whose own paragraphs (parts 一, 五) are its previous year's
  (保定市水利局 2024 prints its 2023 words) — C1.
- ``copied_prose_peer``: a report printing another organ's own paragraphs of the same year
  (保定市清苑区民政局 2024 prints 保定市莲池区民政局's 2024 words) — C2 on both.

Missing agency-years and the renamed organ come from :mod:`etl.demo.region` and are listed
in the manifest with these.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.demo.values import CARRIED_IN, CARRIED_OUT, TOTAL, apply_applicants, apply_leaves
from etl.template import Template, row_label

GRANTED = "granted"  # the 予以公开 row: where restated or settled requests end up
CARRY_SHIFT = 3


@dataclass(frozen=True)
class Fault:
    """One deliberate irregularity of the demo corpus."""

    kind: str
    agency: str
    year: int | None
    keys: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()  # rule ids it is expected to break
    note: str = ""

    def to_dict(self) -> dict:
        """JSON-ready form for the manifest."""
        return {
            "kind": self.kind,
            "agency": self.agency,
            "year": self.year,
            "keys": list(self.keys),
            "rules": list(self.rules),
            "note": self.note,
        }


#: (kind, agency, year) of the faults placed on report values or files.
PLACED: tuple[tuple[str, str, int], ...] = (
    ("row_total", "保定市竞秀区人民政府", 2020),
    ("carry_over", "保定市住房和城乡建设局", 2023),
    ("typo_label", "保定市莲池区教育局", 2021),
    ("template_lag", "阜平县城南庄镇人民政府", 2021),
    ("single_other", "定兴县固城镇人民政府", 2022),
    ("late", "保定市审计局", 2023),
    ("late", "保定市莲池区人民政府", 2024),
    ("copied_tables", "保定市生态环境局", 2024),
    ("copied_prose", "保定市水利局", 2024),
    ("copied_prose_peer", "保定市清苑区民政局", 2024),
)
#: Whose words the same-year prose copies print.
PROSE_SOURCES: dict[tuple[str, int], str] = {("保定市清苑区民政局", 2024): "保定市莲池区民政局"}
#: The web page's 发布时间 of the late reports (the 条例's deadline is 31 January).
LATE_DATES: dict[tuple[str, int], str] = {
    ("保定市审计局", 2023): "2024-03-15",
    ("保定市莲池区人民政府", 2024): "2025-02-20",
}

#: Characters a hurried typist or an OCR pass confuses, for the typo fault.
CONFUSABLE = {"案": "按", "掌": "撑", "辖": "瞎", "复": "夏", "诉": "拆", "审": "宙"}


def recompute_totals(values: dict[str, float], template: Template) -> None:
    """Set part 三's totals and derived rows from its cells (rules 1 and 3), in place."""
    table = template.table("apply")
    cols = apply_applicants(table)
    leaves = apply_leaves(table)
    for col in cols:
        for row in table.rows:
            if row.derived_from:
                values[table.cell_key(row, col)] = sum(
                    values[table.cell_key(src, col)] for src in row.derived_from
                )
        values[table.cell_key(TOTAL, col)] = sum(values[table.cell_key(r, col)] for r in leaves)
    for row in table.rows:
        values[table.cell_key(row, TOTAL)] = sum(values[table.cell_key(row, c)] for c in cols)


def settle_carry_out(values: dict[str, float], template: Template) -> None:
    """No request left open at year end: what was carried out is granted instead."""
    table = template.table("apply")
    for col in apply_applicants(table):
        out = table.cell_key(CARRIED_OUT, col)
        values[table.cell_key(GRANTED, col)] += values[out]
        values[out] = 0.0
    recompute_totals(values, template)


def break_row_total(values: dict[str, float], template: Template) -> Fault:
    """Add 1 to 予以公开 · 总计 only."""
    key = template.table("apply").cell_key(GRANTED, TOTAL)
    values[key] += 1
    return Fault(
        "row_total",
        "",
        None,
        (key,),
        ("R1", "R3"),
        f"{row_label('apply', GRANTED)}的总计比各申请人之和多 1",
    )


def restate_carry_in(values: dict[str, float], template: Template) -> Fault:
    """Report more carried in than last year carried out, consistently within the report."""
    table = template.table("apply")
    col = apply_applicants(table)[0]
    keys = (table.cell_key(CARRIED_IN, col), table.cell_key(GRANTED, col))
    for key in keys:
        values[key] += CARRY_SHIFT
    # new + carried_in = total + carried_out still holds: both sides grew by CARRY_SHIFT
    recompute_totals(values, template)
    return Fault(
        "carry_over",
        "",
        None,
        (table.cell_key(CARRIED_IN, TOTAL),),
        ("R5",),
        f"上年结转比上一年度报告的{row_label('apply', 'carried_out')}多 {CARRY_SHIFT} 件",
    )


def typo_of(template: Template) -> tuple[str, str]:
    """(label, misspelt label) for the first part-三 label with a confusable character."""
    for row in template.table("apply").rows:
        for i, ch in enumerate(row.label):
            if ch in CONFUSABLE and not row.only_after:
                return row.label, row.label[:i] + CONFUSABLE[ch] + row.label[i + 1 :]
    raise LookupError("no part-三 label has a confusable character")
