"""The simulated region: consistency rules, carry-over chains, distributions, determinism."""

from __future__ import annotations

import statistics
from collections import defaultdict

import numpy as np
import pytest

from etl.checks.values import check_values
from etl.demo import profiles
from etl.demo.region import COUNTIES, SEED_AGENCY, YEARS, build_region
from etl.demo.simulate import simulate_region
from etl.demo.values import Population, simulate_year
from etl.template import derived_keys, get_template

APPLY = get_template("2021").table("apply")
APPLICANTS = [c for c in APPLY.columns if c.key != "total"]


def test_region_shape():
    organs = build_region()
    assert 95 <= len(organs) <= 115
    by_level = defaultdict(list)
    for o in organs:
        by_level[o.level].append(o)
    assert len(by_level["市级"]) >= 31  # government + ~30 departments
    assert len(by_level["乡镇街道"]) == 20
    assert sum(o.kind == "人民政府" for o in by_level["县级"]) == len(COUNTIES) == 6
    for year in YEARS:
        names = [o.name_in(year) for o in organs if year in o.years]
        assert len(names) == len(set(names)), f"two organs share a name in {year}"
    assert all(o.name_in(2019).startswith(("保定市", "涿州市", "定兴县", "阜平县")) for o in organs)


def test_every_report_states_every_template_key(corpus):
    for r in corpus.reports:
        keys = set(get_template(r.template).keys())
        missing = keys - set(r.values)
        # only the processing fee may be unstated, and only on the 2019 template
        assert missing <= {"narrative.processing_fee_yuan"}, (r.agency, r.year, missing)
        if missing:
            assert r.template == "2019"


def test_values_satisfy_the_rules_except_the_deliberate_faults(corpus):
    faults = {(f.agency, f.year): f for f in corpus.faults}
    broken = []
    for r in corpus.reports:
        findings = check_values(r.values, get_template(r.template))
        fault = faults.get((r.agency, r.year))
        if fault is not None and fault.kind == "row_total":
            assert {f.rule for f in findings} == set(fault.rules)
            assert all(set(fault.keys) <= set(f.keys) for f in findings)
            broken.append(r)
        else:
            assert findings == [], (r.agency, r.year, [f.message for f in findings])
    assert len(broken) == 1


def test_counts_are_whole_and_non_negative(corpus):
    for r in corpus.reports:
        for key, value in r.values.items():
            if key.endswith((".change", "_yuan")):
                continue
            assert value >= 0 and float(value).is_integer(), (r.agency, r.year, key, value)


def test_derived_other_is_the_sum_of_its_rows(corpus):
    for r in corpus.reports:
        for key, sources in derived_keys(get_template(r.template)).items():
            assert r.values[key] == sum(r.values[s] for s in sources)


def _chains(corpus):
    by_organ = defaultdict(dict)
    for r in corpus.reports:
        by_organ[r.organ.id][r.year] = r
    return by_organ


def test_carry_over_chains_hold_per_applicant_type_except_the_restated_report(corpus):
    restated = {(f.agency, f.year) for f in corpus.faults if f.kind == "carry_over"}
    assert len(restated) == 1
    copied = {(f.agency, f.year) for f in corpus.faults if f.kind == "copied_tables"}
    seen_break = checked = 0
    for years in _chains(corpus).values():
        for year, r in years.items():
            before = years.get(year - 1)
            if before is None:
                continue
            pairs = [
                (
                    r.values[APPLY.cell_key("carried_in", c)],
                    before.values[APPLY.cell_key("carried_out", c)],
                )
                for c in APPLY.columns
            ]
            if (r.agency, year) in copied:  # last year's numbers, carried-in included
                continue
            if (r.agency, year) in restated:
                assert any(a != b for a, b in pairs)
                seen_break += 1
            else:
                assert all(a == b for a, b in pairs), (r.agency, year, pairs)
                checked += 1
    assert seen_break == 1 and checked > 400


def test_chain_runs_through_the_rename_and_the_template_lag(corpus):
    renamed = next(o for o in corpus.organs if len(o.names) > 1)
    assert renamed.name_in(2021) != renamed.name_in(2022)
    a, b = corpus.report(renamed.name_in(2021), 2021), corpus.report(renamed.name_in(2022), 2022)
    assert a.organ is b.organ
    key_in, key_out = APPLY.cell_key("carried_in", "total"), APPLY.cell_key("carried_out", "total")
    assert b.values[key_in] == a.values[key_out]
    lag = next(f for f in corpus.faults if f.kind == "template_lag")
    assert corpus.report(lag.agency, lag.year).template == "2019"
    assert corpus.report(lag.agency, lag.year + 1).template == "2021"


def test_missing_agency_years_are_not_published_but_listed(corpus):
    missing = {(f.agency, f.year) for f in corpus.faults if f.kind == "missing"}
    assert len(missing) >= 5
    published = {(r.agency, r.year) for r in corpus.reports}
    assert not missing & published
    assert (SEED_AGENCY, 2024) not in published  # the real report takes that place
    assert (SEED_AGENCY, 2024) not in missing


def test_seed_organ_carries_nothing_into_its_real_2024_report(corpus):
    last = corpus.report(SEED_AGENCY, 2023)
    assert all(last.values[APPLY.cell_key("carried_out", c)] == 0 for c in APPLY.columns)


def _new_totals(corpus, level=None, profile=None):
    return [
        r.values[APPLY.cell_key("new", "total")]
        for r in corpus.reports
        if (level is None or r.organ.level == level)
        and (profile is None or r.organ.profile == profile)
        and r.organ.factor == 1.0
    ]


def test_townships_receive_few_requests_big_city_bureaus_hundreds(corpus):
    townships = _new_totals(corpus, level="乡镇街道")
    assert statistics.median(townships) <= 2
    assert sum(v <= 5 for v in townships) / len(townships) >= 0.8
    for profile in ("natural_resources", "housing", "police", "hrss"):
        city = _new_totals(corpus, level="市级", profile=profile)
        assert statistics.median(city) >= 80, profile
    general = _new_totals(corpus, level="市级", profile="general")
    assert statistics.median(general) < 40


def test_natural_persons_dominate_and_not_held_is_the_common_refusal(corpus):
    new = {c.key: 0.0 for c in APPLICANTS}
    outcomes = defaultdict(float)
    for r in corpus.reports:
        table = get_template(r.template).table("apply")
        for c in APPLICANTS:
            new[c.key] += r.values[table.cell_key("new", c)]
        for row in table.rows:
            if row.group and row.key not in ("total", "granted") and not row.derived_from:
                outcomes[row.key] += r.values[table.cell_key(row, "total")]
    assert new["natural"] / sum(new.values()) > 0.75
    assert max(outcomes, key=outcomes.get) == "unable_not_held"


def test_litigation_is_rare_and_licensing_follows_the_department(corpus):
    appeal = get_template("2021").table("appeal")
    suits = [r.values[appeal.cell_key("suit_direct", "total")] for r in corpus.reports]
    assert sum(s > 0 for s in suits) / len(suits) < 0.15
    licensing = {
        p: statistics.median(
            r.values["active.licensing.decisions"]
            for r in corpus.reports
            if r.organ.profile == p and r.organ.level == "市级"
        )
        for p in ("police", "approval", "general")
    }
    assert licensing["police"] > 10_000 and licensing["approval"] > 10_000
    assert licensing["general"] < 500


def test_fees_are_stated_from_2021_and_mostly_not_charged(corpus):
    later = [
        r.values.get("narrative.processing_fee_yuan")
        for r in corpus.reports
        if r.template == "2021"
    ]
    assert None not in later
    assert sum(v == 0 for v in later) / len(later) > 0.9


def test_documents_in_force_follow_issued_and_repealed(corpus):
    active = get_template("2021").table("active")
    for years in _chains(corpus).values():
        for year, r in years.items():
            before = years.get(year - 1)
            if r.template != "2021" or before is None or before.template != "2021":
                continue
            for row in ("regulations", "normative_docs"):
                v = r.values
                expected = (
                    before.values[active.cell_key(row, "in_force")]
                    + v[active.cell_key(row, "issued")]
                    - v[active.cell_key(row, "repealed")]
                )
                assert v[active.cell_key(row, "in_force")] == expected


def test_same_seed_same_corpus_other_seed_other_values(corpus):
    again = simulate_region(2024)
    assert [
        (r.agency, r.year, r.template, r.fmt, r.layout, r.style, r.values) for r in again.reports
    ] == [
        (r.agency, r.year, r.template, r.fmt, r.layout, r.style, r.values) for r in corpus.reports
    ]
    other = simulate_region(7)
    assert [r.values for r in other.reports] != [r.values for r in corpus.reports]
    assert [(r.agency, r.year) for r in other.reports] == [
        (r.agency, r.year) for r in corpus.reports
    ]


def test_every_format_is_used(corpus):
    formats = {r.fmt for r in corpus.reports}
    assert formats == {"html", "txt", "docx", "pdf"}
    pdf_share = sum(r.fmt == "pdf" for r in corpus.reports) / len(corpus.reports)
    assert 0.02 < pdf_share < 0.15  # PDFs are slow to parse: a share only


def test_weights_must_name_template_keys(monkeypatch):
    monkeypatch.setitem(profiles.OUTCOME_WEIGHTS, "granted_typo", 1.0)
    with pytest.raises(KeyError, match="granted_typo"):
        profiles._check_keys()


def test_a_large_population_never_breaks_a_rule():
    """Thousands of organs of every profile: no negative count, no broken sum, ever."""
    rng = np.random.default_rng(3)
    names = sorted(profiles.PROFILES)
    organs = [profiles.PROFILES[names[i % len(names)]] for i in range(3000)]
    pop = Population(organs, rng.choice([1.0, 0.18], len(organs)), rng)
    idx = np.arange(len(organs))
    for year in YEARS:
        template = get_template("2019" if year < 2021 else "2021")
        arrays = simulate_year(pop, idx, template, year, rng)
        for key, values in arrays.items():
            stated = values[~np.isnan(values)]
            if not key.endswith((".change", "_yuan")):
                assert (stated >= 0).all() and (stated == np.round(stated)).all(), (year, key)
        for i in rng.choice(len(organs), 150, replace=False):
            row = {k: float(v[i]) for k, v in arrays.items() if not np.isnan(v[i])}
            assert check_values(row, template) == [], (year, organs[i].name)


def test_part_two_stocks_carry_across_2019_template_years(corpus):
    active = get_template("2019").table("active")
    for years in _chains(corpus).values():
        a, b = years.get(2019), years.get(2020)
        if a is None or b is None:
            continue
        for row in ("regulations", "normative_docs"):
            assert b.values[active.cell_key(row, "total_published")] == (
                a.values[active.cell_key(row, "total_published")]
                + b.values[active.cell_key(row, "new_published")]
            )
            assert (
                b.values[active.cell_key(row, "new_published")]
                <= b.values[active.cell_key(row, "new_made")]
            )
        for row in ("licensing", "penalty", "fees"):
            assert b.values[active.cell_key(row, "prev_items")] == (
                a.values[active.cell_key(row, "prev_items")]
                + a.values[active.cell_key(row, "change")]
            )


def test_copied_report_repeats_last_year_and_late_reports_carry_their_date(corpus):
    copied = next(f for f in corpus.faults if f.kind == "copied_tables")
    now, before = (
        corpus.report(copied.agency, copied.year),
        corpus.report(copied.agency, copied.year - 1),
    )
    assert now.values == before.values and now.values
    late = [f for f in corpus.faults if f.kind == "late"]
    assert len(late) == 2
    for f in late:
        r = corpus.report(f.agency, f.year)
        assert r.fmt == "html" and r.published_on > f"{f.year + 1}-01-31"
        assert f"发布时间：{r.published_on}" in render_html_text(r)


def render_html_text(r) -> str:
    from etl.synthetic.html import render_html

    return render_html(r.spec()).decode("utf-8", errors="replace")
