"""Document → ParsedReport: template detection, cell matching, metadata.

The only module of the matcher that sees the whole chain of a document; it
knows no file format (that is the readers' business). Its findings are parsing
doubts (P…); the rules are checked afterwards by ``etl.checks``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.findings import Finding
from etl.matcher import meta, organs, titles
from etl.matcher.cells import match_cells
from etl.matcher.dates import find_published_on
from etl.matcher.detect import detect_template
from etl.matcher.fee import FEE_KEY, FeeStatement, find_fee
from etl.matcher.labels import drop_pinyin, normalize_label, to_simplified
from etl.matcher.ocrtrust import settle_ocr
from etl.matcher.runtogether import settle_run_together
from etl.matcher.sections import document_lines
from etl.numbers import fmt_cell, is_plausible
from etl.provenance import CanonicalValue, ValueSource
from etl.readers.base import Document
from etl.reportmeta import ReportMeta
from etl.template import derived_keys, part_heading


@dataclass
class ParsedReport:
    """What one file yields: metadata, canonical values, findings."""

    meta: ReportMeta
    values: dict[str, CanonicalValue]
    findings: list[Finding] = field(default_factory=list)
    parts_found: set[int] = field(default_factory=set)
    prose: dict[int, str] = field(default_factory=dict)  # parts 一/五/六's text (copy detection)

    @property
    def template_id(self) -> str:
        """The id of the template the matcher chose (it always chooses one)."""
        assert self.meta.template is not None, "the matcher sets the template"
        return self.meta.template

    def read_values(self) -> dict[str, float]:
        """Values read from the document (not derived), key → number."""
        return {k: v.value for k, v in self.values.items() if not v.derived}

    def all_values(self) -> dict[str, float]:
        """Read and derived values, key → number."""
        return {k: v.value for k, v in self.values.items()}

    def to_json(self) -> dict:
        """The ``xxgk parse --json`` shape."""
        derived = {k: v.value for k, v in self.values.items() if v.derived}
        return {
            "meta": self.meta.to_json(),
            "values": {k: _num(v) for k, v in self.read_values().items()},
            "derived": {k: _num(v) for k, v in derived.items()},
            "findings": [f.to_dict() for f in self.findings],
        }


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _add_derived(values: dict[str, CanonicalValue], template) -> None:
    for key, parts in derived_keys(template).items():
        if key in values:
            continue  # printed directly (a 2021 report with the 2019 single row)
        if all(p in values for p in parts):
            values[key] = CanonicalValue(
                key,
                sum(values[p].value for p in parts),
                True,
                ValueSource(derived_from=tuple(parts)),
            )


def _drop_implausible(values: dict[str, CanonicalValue]) -> list[Finding]:
    """Remove values no report can hold (non-finite, beyond any count); one P8 error each."""
    out: list[Finding] = []
    for key, value in list(values.items()):
        if is_plausible(value.value):
            continue
        del values[key]
        printed = fmt_cell(value.locator.cell or "")
        where = value.locator.row_label
        what = f"“{where}”行的" if where else ""
        out.append(
            Finding(
                "P8",
                f"{what}数值“{printed}”超出任何合理的件数或金额，不作为数值读取，该单元格留空。",
                (key,),
            )
        )
    return out


def missing_parts_finding(parts_found: set[int]) -> Finding | None:
    """P1 naming the table parts (二, 三, 四) a report does not show, or None."""
    missing = [p for p in (2, 3, 4) if p not in parts_found]
    if not missing:
        return None
    names = "、".join(part_heading(p) for p in missing)
    return Finding("P1", f"文档中未找到{names}的统计表，相应数值为空。")


def completeness_of(template_id: str, keys: set[str] | dict) -> float:
    """Share of the template's table cells among ``keys`` (derived cells excluded)."""
    from etl.template import get_template

    template = get_template(template_id)
    derived = set(derived_keys(template))
    cells = [k for t in template.tables for _, _, k in t.cells() if k not in derived]
    shown = sum(1 for k in cells if k in keys)
    return round(shown / len(cells), 4) if cells else 0.0


def match_document(doc: Document) -> ParsedReport:
    """Match a reader's Document against the templates."""
    text = doc.text
    lines = text.splitlines()
    plain = drop_pinyin(text)  # a mirror's pinyin glosses split names (鎮(zhèn)人民政府)
    agency, year = meta.resolve(plain.splitlines(), plain, doc.title, doc.source_path.stem)
    folded = normalize_label(to_simplified(text))
    template, reason = detect_template(folded, year)
    result = match_cells(doc, template)
    values = result.values
    ocr_findings = settle_run_together(values, result.pending, template, text)
    ocr_findings += settle_ocr(values, template)
    fee = find_fee(document_lines(doc))
    if fee is not None:
        values[FEE_KEY] = fee_value(fee)
    absurd = _drop_implausible(values)
    _add_derived(values, template)
    findings = list(result.findings) + ocr_findings + absurd
    missing = missing_parts_finding(result.parts_found)
    if missing is not None:
        findings.insert(0, missing)
    if agency is not None:
        stem_agency = titles.find_title([doc.source_path.stem])[0]
        mentions = organs.other_mentions(lines, text, stem_agency)
        message = organs.conflict_message(agency, mentions)
        if message:
            findings.append(Finding("A3", message))
    if agency is None or year is None:
        what = "、".join(x for x, v in (("机关名称", agency), ("统计年度", year)) if v is None)
        findings.append(Finding("P7", f"无法从标题或正文确定{what}。"))
    # 發(fā)布時間 on a mirror: the date label read simplified and without pinyin glosses.
    published_on, published_source = find_published_on(to_simplified(plain).splitlines(), year)
    report_meta = ReportMeta(
        agency=agency,
        year=year,
        template=template.id,
        published_on=published_on,
        published_on_source=published_source if published_on is not None else None,
        template_reason=reason,
    )
    return ParsedReport(report_meta, values, findings, result.parts_found)


def fee_value(fee: FeeStatement) -> CanonicalValue:
    """The fee as a value; its locator quotes the sentence it was read from (part 六's
    unless the report printed it elsewhere)."""
    source = ValueSource(part=6).merged(fee.where).with_text(fee.sentence)
    return CanonicalValue(FEE_KEY, fee.value, False, source)
