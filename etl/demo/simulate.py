"""Simulate the demo region's reports: values, template, file format and faults.

:func:`simulate_region` is pure and deterministic: the same seed gives the same
values, formats and styles. Values are drawn for every organ and every year (the
carry-over chain runs through years without a published report), then the reports
that were published are kept, the deliberate faults of :mod:`etl.demo.faults` applied,
and each report given a file format: an organ has a home format (most city bureaus
publish web pages, townships Word files) and occasionally uses another.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from etl.demo import faults as fl
from etl.demo.profiles import PROFILES
from etl.demo.region import SEED_AGENCY, SEED_YEAR, YEARS, Organ, build_region
from etl.demo.values import Population, simulate_year
from etl.synthetic.model import ReportSpec
from etl.synthetic.prose import own_paragraphs
from etl.template import derived_keys, get_template, template_for_year
from etl.template.parts import OTHER

#: Renditions per file format: (format, text layout or "", style flags).
RENDITIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "html": (
        ("html", "", "default"),
        ("html", "", "span"),
        ("html", "", "p_span"),
        ("html", "", "legacy_site"),
        ("html", "", "gbk+blank_zeros"),
    ),
    "txt": (
        ("txt", "tab", "default"),
        ("txt", "tab", "aliases"),
        ("txt", "tab", "fullwidth"),
        ("txt", "pipe", "padded"),
        ("txt", "pipe", "halfwidth"),
        ("txt", "cell_per_line", "default"),
        ("txt", "pdf_text", "default"),
    ),
    "docx": (("docx", "", "default"), ("docx", "", "blank_zeros")),
    "pdf": (("pdf", "", "default"),),
}
FORMATS: tuple[str, ...] = tuple(RENDITIONS)
#: Share of each format by level (city bureaus publish web pages, townships Word files).
#: Born-digital PDFs are common in reality but cost ~160 ms each to parse (the others
#: 25–55 ms); they are kept to about 7% so the whole demo builds within a minute.
FORMAT_SHARES: dict[str, tuple[float, ...]] = {
    "市级": (0.6, 0.16, 0.18, 0.06),
    "县级": (0.4, 0.15, 0.35, 0.10),
    "乡镇街道": (0.25, 0.32, 0.38, 0.05),
}
HOME_FORMAT_STICKINESS = 0.8


def template_of(year: int) -> str:
    """The national template in force for a year's report."""
    return template_for_year(year).id


@dataclass
class SimReport:
    """One simulated report: organ, year, canonical values and how it is published."""

    organ: Organ
    year: int
    template: str
    values: dict[str, float]  # every stated key, derived ones included
    fmt: str = "txt"
    layout: str = ""
    style: str = "default"
    typo: tuple[str, str] | None = None  # (label, misspelt label) in the file
    published_on: str | None = None  # the page's 发布时间 when it is not the usual on-time day
    faults: list[str] = field(default_factory=list)
    # (organ id, year) whose own paragraphs the report prints: itself, unless it copies
    prose_of: tuple[str, int] | None = None

    @property
    def agency(self) -> str:
        """The organ's name on this year's report."""
        return self.organ.name_in(self.year)

    @property
    def derived(self) -> set[str]:
        """Keys the template derives (2021 apply.other.*), stored as derived."""
        return set(derived_keys(get_template(self.template)))

    def spec(self) -> ReportSpec:
        """The renderer's input."""
        return ReportSpec(
            self.agency,
            self.year,
            self.template,
            dict(self.values),
            style=self.style,
            published_on=self.published_on,
            own_prose=own_paragraphs("|".join(map(str, self.prose_of or self.prose_id))),
        )

    @property
    def prose_id(self) -> tuple[str, int]:
        """Whose own paragraphs a report of this organ and year prints when it copies none."""
        return (self.organ.id, self.year)

    @property
    def suffix(self) -> str:
        """File extension."""
        return "." + self.fmt

    def file_name(self) -> str:
        """Where the report goes under the demo folder, named as sites name downloads."""
        return f"{self.year}/{self.agency}{self.year}年度政府信息公开工作年度报告{self.suffix}"


@dataclass
class Corpus:
    """The whole simulated region: organs, reports and deliberate faults."""

    seed: int
    organs: list[Organ]
    reports: list[SimReport]
    faults: list[fl.Fault]

    def report(self, agency: str, year: int) -> SimReport:
        """The report of an organ (by its name that year) for a year."""
        for r in self.reports:
            if r.agency == agency and r.year == year:
                return r
        raise KeyError(f"no simulated report of {agency} for {year}")


def _draw_values(
    organs: list[Organ], seed: int
) -> dict[tuple[int, int], tuple[str, dict[str, float]]]:
    """(organ index, year) → (template id, values), every organ every year, chained."""
    rng = np.random.default_rng(seed)
    pop = Population(
        [PROFILES[o.profile] for o in organs], np.array([o.factor for o in organs]), rng
    )
    lagging = {
        i
        for i, o in enumerate(organs)
        for kind, a, y in fl.PLACED
        if kind == "template_lag" and o.name_in(y) == a
    }
    out: dict[tuple[int, int], tuple[str, dict[str, float]]] = {}
    for year in YEARS:
        groups: dict[str, list[int]] = {}
        for i in range(len(organs)):
            tid = "2019" if i in lagging and year == 2021 else template_of(year)
            groups.setdefault(tid, []).append(i)
        for tid, members in sorted(groups.items()):
            arrays = simulate_year(pop, np.array(members), get_template(tid), year, rng)
            for j, i in enumerate(members):
                out[(i, year)] = (
                    tid,
                    {k: float(a[j]) for k, a in arrays.items() if not math.isnan(a[j])},
                )
    return out


def _assign_formats(reports: list[SimReport], seed: int) -> None:
    """Home format per organ, sometimes another; a style among the format's renditions."""
    rng = np.random.default_rng([seed, 1])
    home: dict[str, str] = {}
    for r in reports:
        shares = FORMAT_SHARES[r.organ.level]
        if r.organ.id not in home:
            home[r.organ.id] = FORMATS[rng.choice(len(FORMATS), p=shares)]
        fmt = home[r.organ.id]
        if rng.random() > HOME_FORMAT_STICKINESS:
            fmt = FORMATS[rng.choice(len(FORMATS), p=shares)]
        options = RENDITIONS[fmt]
        r.fmt, r.layout, r.style = options[rng.integers(len(options))]


def _copy_prose(corpus: Corpus, report: SimReport, fault: fl.Fault) -> fl.Fault:
    """Make ``report`` print another report's own paragraphs: its organ's previous year
    (``copied_prose``, C1) or another organ's of the same year (``copied_prose_peer``, C2)."""
    year = report.year
    if fault.kind == "copied_prose":
        report.prose_of = corpus.report(fault.agency, year - 1).prose_id
        return replace(fault, rules=("C1",), note=f"第一、五部分的文字照搬 {year - 1} 年度报告")
    source = corpus.report(fl.PROSE_SOURCES[(fault.agency, year)], year)
    report.prose_of = source.prose_id
    return replace(fault, rules=("C2",), note=f"第一、五部分的文字照搬{source.agency}同年的年报")


def _apply_faults(corpus: Corpus) -> None:
    """Place the deliberate faults and variants of :data:`faults.PLACED` on their reports."""
    for kind, agency, year in fl.PLACED:
        report = corpus.report(agency, year)
        template = get_template(report.template)
        fault = fl.Fault(kind, agency, year)
        if kind == "row_total":
            fault = replace(fl.break_row_total(report.values, template), agency=agency, year=year)
        elif kind == "carry_over":
            fault = replace(fl.restate_carry_in(report.values, template), agency=agency, year=year)
        elif kind == "typo_label":
            report.typo = fl.typo_of(template)
            report.fmt, report.layout, report.style = "txt", "tab", "default"
            fault = replace(fault, note=f"{report.typo[0]} → {report.typo[1]}")
        elif kind == "single_other":
            report.style = "+".join(x for x in (report.style, "single_other") if x != "default")
            fault = replace(fault, note=f"2021 年模板的报告仍只印一行“{OTHER}”")
        elif kind == "late":
            report.published_on = fl.LATE_DATES[(agency, year)]
            report.fmt, report.layout, report.style = "html", "", "default"
            fault = replace(
                fault, rules=("L1",), note=f"发布时间 {report.published_on}，晚于次年 1 月 31 日"
            )
        elif kind in ("copied_prose", "copied_prose_peer"):
            fault = _copy_prose(corpus, report, fault)
        elif kind == "copied_tables":
            previous = corpus.report(agency, year - 1)
            report.values = dict(previous.values)
            fault = replace(fault, rules=("C3",), note=f"统计表与 {year - 1} 年度报告逐格相同")
        elif kind == "template_lag":
            fault = replace(fault, note="2021 年度报告仍用 2019 年版表格")
        report.faults.append(kind)
        corpus.faults.append(fault)


def _region_faults(organs: list[Organ], published: set[tuple[int, int]]) -> list[fl.Fault]:
    """Missing agency-years and renames, as manifest entries."""
    out = []
    for i, o in enumerate(organs):
        for year in YEARS:
            if (i, year) not in published and (o.name_in(year), year) != (SEED_AGENCY, SEED_YEAR):
                out.append(fl.Fault("missing", o.name_in(year), year, note="该年度未发布报告"))
        if len(o.names) > 1:
            (_, old), (first, new) = o.names[0], o.names[-1]
            out.append(
                fl.Fault("renamed", new, first, note=f"{old} 自 {first} 年度报告起更名为 {new}")
            )
    return out


def simulate_region(seed: int = 2024) -> Corpus:
    """Every simulated report of the region for 2019–2024, with its faults."""
    organs = build_region()
    values = _draw_values(organs, seed)
    reports = []
    published = set()
    for i, organ in enumerate(organs):
        for year in organ.years:
            tid, v = values[(i, year)]
            if (organ.name_in(year), year) == (SEED_AGENCY, SEED_YEAR - 1):
                # its real 2024 report carries nothing in: the simulated 2023 carries nothing out
                fl.settle_carry_out(v, get_template(tid))
            reports.append(SimReport(organ, year, tid, v))
            published.add((i, year))
    reports.sort(key=lambda r: (r.year, r.organ.id))
    _assign_formats(reports, seed)
    corpus = Corpus(seed, organs, reports, _region_faults(organs, published))
    _apply_faults(corpus)
    return corpus
