"""A small, fully known database for the dashboard tests, written through the real loader.

Every report's values satisfy the template's rules (row totals, balance, results total,
part-四 totals, the 2021 derived 其他处理 row) except where a case deliberately breaks one.
Tests compute their expected numbers from ``REPORTS`` and the values returned by
:func:`values_for`, never from the dashboard's own code.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import duckdb

from dashboard import snapshot
from etl.findings import Finding
from etl.reportmeta import ReportMeta
from etl.store import loader, schema, wide
from etl.template import KINDS, LEVELS, get_template

GOV, DEPT = KINDS
CITY, COUNTY, PROVINCE = LEVELS[2], LEVELS[3], LEVELS[1]
EVIL = "[点我](http://evil.example)<script>alert(1)</script>局"


@dataclass(frozen=True)
class Case:
    """One report of the fixture: organ, place, year and what is special about it."""

    agency: str
    province: str
    city: str
    county: str
    level: str
    kind: str
    year: int
    template: str = ""  # default: 2019 up to 2020, 2021 after
    simulated: bool = False
    broken: bool = False  # apply.granted.total one too high, with an R1 finding
    parts: tuple[int, ...] = (2, 3, 4)
    scale: int = 10
    findings: tuple[tuple[str, str], ...] = field(default=())
    published: str | None = None  # published_on (ISO date); None: the report prints none

    @property
    def template_id(self) -> str:
        return self.template or ("2019" if self.year <= 2020 else "2021")

    @property
    def report_id(self) -> str:
        return hashlib.sha256(f"{self.agency}{self.year}".encode()).hexdigest()[:16]


A = ("甲省", "乙市", "", CITY, DEPT)
REPORTS: tuple[Case, ...] = (
    *(
        Case("乙市行政审批局", *A, year=y, scale=12 + y - 2021, published=when)
        for y, when in (
            (2021, None),
            (2022, "2023-01-20"),
            (2023, "2024-01-31"),
            (2024, "2025-03-10"),
        )
    ),
    Case("乙市人民政府", "甲省", "乙市", "", CITY, GOV, 2022, scale=30),
    Case("乙市人民政府", "甲省", "乙市", "", CITY, GOV, 2024, scale=31),
    Case(
        "丙县教育局", "甲省", "乙市", "丙县", COUNTY, DEPT, 2019, findings=(("P1", "缺少第二部分"),)
    ),
    Case("丙县教育局", "甲省", "乙市", "丙县", COUNTY, DEPT, 2020),
    Case("丙县教育局", "甲省", "乙市", "丙县", COUNTY, DEPT, 2024, template="2019"),
    Case("戊市审计局", "丁省", "戊市", "", CITY, DEPT, 2023, scale=20),
    Case(
        "戊市审计局",
        "丁省",
        "戊市",
        "",
        CITY,
        DEPT,
        2024,
        scale=22,
        broken=True,
        published="2025-02-01",
    ),
    Case("丁省人民政府办公厅", "丁省", "", "", PROVINCE, GOV, 2024, parts=(2,), scale=40),
    Case("己县模拟局", "庚省", "辛市", "己县", COUNTY, DEPT, 2024, simulated=True, scale=5),
    Case(EVIL, "丁省", "戊市", "壬县", COUNTY, DEPT, 2024, scale=3),
)


@cache
def values_for(case: Case) -> dict[str, tuple[float, bool]]:
    """key → (value, derived) for one case; totals follow the rules, and 上年结转 equals
    the organ's previous report's 结转下年度 (rule 5) where there is one."""
    rng = random.Random(case.report_id)
    template = get_template(case.template_id)
    out: dict[str, tuple[float, bool]] = {}
    if 2 in case.parts:
        active = template.table("active")
        for _row, col, key in active.cells():
            value = round(rng.uniform(0, 50), 2) if col.is_amount else rng.randint(0, case.scale)
            out[key] = (float(value), False)
    if 3 in case.parts:
        _apply(rng, case, template, out)
    if 4 in case.parts:
        appeal = template.table("appeal")
        for row in appeal.rows:
            parts = {c.key: rng.randint(0, 3) for c in appeal.columns if c.key != "total"}
            for col, v in parts.items():
                out[appeal.cell_key(row, col)] = (float(v), False)
            out[appeal.cell_key(row, "total")] = (float(sum(parts.values())), False)
    return out


def _apply(rng: random.Random, case: Case, template, out: dict) -> None:
    apply = template.table("apply")
    applicants = [c for c in apply.columns if c.key != "total"]
    leaves = [r for r in apply.rows if r.group and r.key != "total" and not r.derived_from]
    cell: dict[tuple[str, str], float] = {}
    for col in applicants:
        big = col is applicants[0]
        for row in leaves:
            cell[row.key, col.key] = float(rng.randint(0, case.scale if big else 2))
        total = sum(cell[r.key, col.key] for r in leaves)
        cell["total", col.key] = total
        carried_in = _previous_carried_out(case, col.key)
        if carried_in is None:
            carried_in = float(min(rng.randint(0, 2), total))
        cell["carried_in", col.key] = carried_in
        cell["carried_out", col.key] = float(max(rng.randint(0, 2), carried_in - total))
        cell["new", col.key] = total + cell["carried_out", col.key] - cell["carried_in", col.key]
    derived = set()
    for row in apply.rows:
        if row.derived_from:
            derived.add(row.key)
            for col in applicants:
                cell[row.key, col.key] = sum(cell[s, col.key] for s in row.derived_from)
    for row in apply.rows:
        cell[row.key, "total"] = sum(cell[row.key, c.key] for c in applicants)
    if case.broken:
        cell["granted", "total"] += 1
    for (row_key, col_key), value in cell.items():
        out[apply.cell_key(row_key, col_key)] = (value, row_key in derived)


def _previous_carried_out(case: Case, col: str) -> float | None:
    before = [c for c in REPORTS if c.agency == case.agency and c.year == case.year - 1]
    if not before or 3 not in before[0].parts:
        return None
    key = get_template(before[0].template_id).table("apply").cell_key("carried_out", col)
    return values_for(before[0])[key][0]


def record(case: Case, source_dir: Path | None = None) -> loader.ReportRecord:
    """The loader's record for a case (with a source file when ``source_dir`` is given)."""
    values = values_for(case)
    findings = [Finding(rule, msg) for rule, msg in case.findings]
    if case.broken:
        key = get_template(case.template_id).table("apply").cell_key("granted", "total")
        found = values[key][0]
        findings.append(Finding("R1", "总计与各列之和不符", (key,), found - 1, found))
    source = f"reports/{case.report_id}.txt"
    if source_dir is not None:
        path = source_dir / f"{case.report_id}.txt"
        path.write_text(f"{case.agency}{case.year}年政府信息公开工作年度报告\n", encoding="utf-8")
        source = str(path)
    locs = {
        k: {"part": k.split(".")[0], "row_label": k.split(".")[1], "cell": f"{v:g}", "line": i + 1}
        for i, (k, (v, _)) in enumerate(values.items())
    }
    locs[next(iter(values))]["row_label"] = "<img src=x onerror=alert(1)>"
    meta = ReportMeta(
        agency=case.agency,
        year=case.year,
        template=case.template_id,
        province=case.province,
        city=case.city,
        county=case.county,
        level=case.level,
        kind=case.kind,
        published_on=date.fromisoformat(case.published) if case.published else None,
        published_on_source="发布时间" if case.published else None,
    )
    return loader.ReportRecord(
        report_id=case.report_id,
        meta=meta,
        values=[(k, v, d, locs[k]) for k, (v, d) in values.items()],
        findings=findings,
        source_path=source,
        source_sha256=hashlib.sha256(case.report_id.encode()).hexdigest(),
        source_format="text",
        completeness=1.0 if case.parts == (2, 3, 4) else 0.2,
        parts_found=",".join(map(str, case.parts)),
        is_simulated=case.simulated,
    )


REJECTED = ("上传/坏文件.pdf", "no table of the annual-report template was found")


def build_db(path: Path, source_dir: Path | None = None) -> None:
    """Write every case (and one rejected file) into a new database at ``path``."""
    con = schema.connect(str(path))
    try:
        for case in REPORTS:
            loader.load_report(con, record(case, source_dir))
        loader.record_rejection(con, REJECTED[0], None, REJECTED[1])
        wide.refresh(con)  # as every publication does
        con.execute("CHECKPOINT")
    finally:
        con.close()


def add_reports(path: Path, records: list[loader.ReportRecord], refresh_wide: bool = True) -> None:
    """Load extra records into a factory database (``refresh_wide=False`` leaves
    ``report_wide`` behind, so the dashboard's store pivots the new reports itself)."""
    con = schema.connect(str(path))
    try:
        for rec in records:
            loader.load_report(con, rec)
        if refresh_wide:
            wide.refresh(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def open_store(path: Path) -> duckdb.DuckDBPyConnection:
    """The dashboard's in-memory store over the database at ``path`` (caller closes it)."""
    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, path, snapshot.SRC)
    snapshot.build(mem)
    return mem


def total(key: str, **where) -> float:
    """Σ of one key over the cases matching ``where`` (attribute == value; lists = any of)."""
    out = 0.0
    for case in select(**where):
        out += values_for(case).get(key, (0.0, False))[0]
    return out


def select(**where) -> list[Case]:
    """Cases whose attributes match (a list or tuple value means any of them)."""

    def ok(case: Case) -> bool:
        for name, want in where.items():
            got = getattr(case, name)
            if isinstance(want, (list, tuple, set)):
                if got not in want:
                    return False
            elif got != want:
                return False
        return True

    return [c for c in REPORTS if ok(c)]
