"""Issue 15's bugs, one AppTest each, so they cannot come back.

Expected numbers come from the factory's cases (dash_factory), never from the
dashboard's own code.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import dash_factory as factory
import pytest
from test_app import BANNER, figures, key_of, metric, run_app, shown_table, trace, values

from dashboard import measures as ms
from dashboard.labels import meta_label
from etl.store import loader, schema, wide
from etl.template import get_template, wide_name

ROOT = Path(__file__).resolve().parents[2]
YEARS = sorted({c.year for c in factory.REPORTS})


def expected_status(agency: str, year: int) -> str:
    """What 报送情况 should say: an agency is due every year from its first report."""
    mine = factory.select(agency=agency)
    if year < min(c.year for c in mine):
        return ""
    this = [c for c in mine if c.year == year]
    if not this:
        return "缺失"
    return "有错误" if any(c.broken for c in this) else "已发布"


def test_coverage_opens_for_every_year_range(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "coverage")
    at.toggle(key="coverage-problems").set_value(False).run()
    for y0, y1 in itertools.combinations_with_replacement(YEARS, 2):
        at.select_slider(key="f_years").set_value((y0, y1)).run()
        assert not at.exception, (y0, y1, [e.message for e in at.exception])
        grid = shown_table(at, "coverage-table").set_index(meta_label("agency"))
        for agency in {c.agency for c in factory.REPORTS}:
            for y in range(y0, y1 + 1):
                want = expected_status(agency, y)
                if agency not in grid.index:
                    assert want == "", (y0, y1, agency, y)
                    continue
                assert grid.loc[agency, str(y)] == want, (y0, y1, agency, y)


def test_coverage_without_problems_says_so_without_an_empty_legend(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "coverage", **{"from": "2019", "to": "2020"})
    assert not at.exception, [e.message for e in at.exception]
    assert [s.value for s in at.success] == ["所选机关每年都已发布年报且没有错误。"]
    assert not [c.value for c in at.caption if "前 0 个" in c.value or "绿色 =" in c.value]
    at = run_app(dash_db, monkeypatch, "coverage")  # problems: the legend and the count
    legend = [c.value for c in at.caption if "绿色 =" in c.value]
    assert legend and "图和下表列出全部" in legend[0], legend


def test_denial_shares_are_percentages_of_the_handled_total(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "denials")
    handled = factory.total("apply.total.total")
    got = {}
    for bars in figures(at)[0]["data"]:
        for name, custom in zip(values(bars["y"]), bars["customdata"], strict=True):
            got[name] = custom[1]
    for m in ms.reasons():
        count = sum(factory.total(k) for k in m.keys)
        if count:
            assert got[m.label] == pytest.approx(count / handled * 100), m.label


def shown_heading(at) -> str:
    return "".join(h.value for h in at.get("html"))


def test_report_search_switches_the_report(dash_db, monkeypatch):
    first = factory.select(agency="乙市行政审批局", year=2024)[0]
    at = run_app(dash_db, monkeypatch, "report", report=first.report_id)
    assert "乙市行政审批局 · 2024" in shown_heading(at)
    one = factory.select(agency="己县模拟局")[0]
    at.text_input(key="report-search").input("己县模拟").run()  # one match: shown at once
    assert at.selectbox(key="report-pick").value == one.report_id
    assert "己县模拟局 · 2024" in shown_heading(at)
    assert at.query_params["report"] in (one.report_id, [one.report_id])
    at.text_input(key="report-search").input("乙市").run()  # several: listed, none shown
    assert at.selectbox(key="report-pick").value is None
    assert not any("己县模拟局 · 2024" in h.value for h in at.get("html"))
    listed = at.dataframe[0].value["年报"].tolist()
    assert len(listed) == len(factory.select(agency=["乙市行政审批局", "乙市人民政府"]))
    at.selectbox(key="report-pick").set_value(first.report_id).run()
    assert "乙市行政审批局 · 2024" in shown_heading(at)


def test_agency_search_switches_the_agency(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "agencies")
    at.text_input(key="agencies-search").input("戊市审计").run()
    assert [t.value for t in at.caption if "戊市" in t.value or "丁省" in t.value]
    assert at.selectbox(key="agencies-focus").value == key_of("戊市审计局")
    at.text_input(key="agencies-search").input("乙市").run()
    assert at.selectbox(key="agencies-focus").value is None
    assert set(at.dataframe[0].value["机关"]) == {"乙市行政审批局", "乙市人民政府"}


@pytest.mark.parametrize("simulated", [False, True])
def test_a_report_page_says_whether_the_report_is_real(dash_db, monkeypatch, simulated):
    case = factory.select(simulated=simulated, year=2024)[0]
    at = run_app(dash_db, monkeypatch, "report", report=case.report_id)
    warnings = " ".join(w.value for w in at.warning)
    infos = " ".join(i.value for i in at.info)
    assert (BANNER in warnings) is False  # the filter-wide banner is not this report's status
    if simulated:
        assert "模拟年报" in warnings and "真实年报" not in infos
    else:
        assert "真实年报" in infos and "模拟" not in warnings


@pytest.mark.parametrize(
    "page, param", [("report", {"report": "doesnotexist"}), ("agencies", {"focus": "nonexistent"})]
)
def test_a_stale_link_says_its_target_is_not_in_the_database(dash_db, monkeypatch, page, param):
    at = run_app(dash_db, monkeypatch, page, **param)
    warnings = " ".join(w.value for w in at.warning)
    assert "不在本数据库中" in warnings and next(iter(param.values())) in warnings
    pick = {"report": "report-pick", "agencies": "agencies-focus"}[page]
    assert at.selectbox(key=pick).value is None  # nothing else opened in its place
    assert not at.get("plotly_chart") and not [h for h in at.get("html") if "·" in h.value]


def test_a_template_series_is_plotted_only_in_its_templates_years(dash_db, monkeypatch):
    per_template = []
    for section in ("documents", "fees"):  # two detail sections of the page
        at = run_app(dash_db, monkeypatch, "licensing", show=section)
        per_template += [
            (fig["layout"]["title"]["text"], fig)
            for fig in figures(at)
            if "年版模板" in str(fig["layout"].get("title", {}).get("text", ""))
        ]
    assert len(per_template) == 4, "documents and fees, for each template"
    # one 2024 report is on the 2019 template; 2024 is a 2021-template year all the same
    years = {"2019": {2019, 2020}, "2021": {2021, 2022, 2023, 2024}}
    for title, fig in per_template:
        template = title[:4]
        for line in fig["data"]:
            xs = {int(x) for x in values(line["x"])}
            assert xs <= years[template], (title, line["name"], xs)
            counts = values(line["customdata"])
            for x, n in zip(values(line["x"]), counts, strict=True):
                assert n == len(factory.select(year=int(x), template_id=template)), (title, x)


def test_the_yearly_decisions_chart_plots_a_template_cell_only_in_its_years(dash_db, monkeypatch):
    """A cell only the 2019 template prints (其他对外管理服务事项) has a stray value in 2024
    (one 2024 report on the 2019 template among 2021-template ones): no point there."""
    only_2019 = {
        wide_name(row.key, col.key)
        for row, col, _ in get_template("2019").table("active").cells()
        if col.key == "decisions"
    } - {
        wide_name(row.key, col.key) for row, col, _ in get_template("2021").table("active").cells()
    }
    assert only_2019
    stray = [c for c in factory.select(year=2024) if c.template_id == "2019"]
    assert stray and len(stray) < len(factory.select(year=2024)) / 2
    at = run_app(dash_db, monkeypatch, "licensing")
    fig = next(f for f in figures(at) if f["layout"]["title"]["text"] == "逐年")
    labels = ms.label_map(ms.active_cells())
    for name in only_2019:
        line = trace(fig, labels[name])
        drawn = {
            int(x) for x, y in zip(line["x"], line["y"], strict=True) if y == y and y is not None
        }
        assert drawn and drawn <= {2019, 2020}, (name, drawn)


def test_shares_round_half_up(tmp_path, monkeypatch):
    """四舍五入: 1 of 16 granted is 6.25 %, shown as 6.3 % (round-half-even gives 6.2)."""
    db = tmp_path / "round.duckdb"
    con = schema.connect(str(db))
    for year, granted in ((2023, 0.0), (2024, 1.0)):
        case = factory.Case("甲市测试局", "甲省", "甲市", "", factory.CITY, factory.DEPT, year)
        rec = factory.record(case)
        fixed = {"apply.total.total": 16.0, "apply.granted.total": granted}
        rec.values[:] = [(k, fixed.get(k, v), d, loc) for k, v, d, loc in rec.values]
        loader.load_report(con, rec)
    wide.refresh(con)
    con.execute("CHECKPOINT")
    con.close()
    at = run_app(db, monkeypatch)
    label = f"{ms.outcome_groups()[0].label}占比"
    assert metric(at, label) == ("6.3%", "+6.3 个百分点")


def test_upload_names_what_it_recognised_and_refuses_in_chinese(tmp_path, monkeypatch):
    db = tmp_path / "new" / "up.duckdb"
    at = run_app(db, monkeypatch, "upload")
    seed = (ROOT / "data" / "reports" / "baoding-xzspj-2024.txt").read_bytes()
    at.file_uploader[0].set_value(
        [("baoding.txt", seed, "text/plain"), ("名单.csv", b"agency\n", "text/csv")]
    ).run()
    at.button(key="upload-go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    result = at.dataframe[0].value.set_index("文件")
    assert result.loc["名单.csv", "原因说明"].startswith("不支持“.csv”文件")
    row = result.loc["baoding.txt"]
    assert row[meta_label("agency")] == "保定市行政审批局"
    assert row[meta_label("year")] == 2024 and row[meta_label("template")] == "2021"
    assert row["年报页面"].startswith("report?report=")
