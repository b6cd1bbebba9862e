"""Every page through streamlit.testing (AppTest), asserting the numbers it shows.

Expected numbers come from the factory's cases (dash_factory), never from the
dashboard's own code.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
from pathlib import Path

import dash_factory as factory
import numpy as np
import pandas as pd
import pytest
from browser_support import PAGE_NAMES
from streamlit.testing.v1 import AppTest

from dashboard import measures as ms
from dashboard.labels import meta_label
from etl.store import loader
from etl.store.publish import Writer

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "streamlit_app.py")
PAGES = PAGE_NAMES[1:]  # every page but the default one
NEW = ms.intake()[0]
BANNER = "示例数据（模拟）"


def run_app(db: Path, monkeypatch, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("XXGK_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=180)  # bounds a failure only
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> tuple[str, str]:
    found = [(m.value, m.delta) for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return found[0]


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def shown_table(at: AppTest, name: str) -> pd.DataFrame:
    """A static table (``dashboard.static_table``) named ``name``, read back from its HTML
    as a reader sees it: thousands separators dropped, a dash for an absent number."""
    found = [h.value for h in at.get("html") if f'data-table="{name}"' in h.value]
    assert len(found) == 1, f"{len(found)} tables named {name!r}"
    return pd.read_html(
        io.StringIO(found[0]), thousands=",", na_values=["—"], keep_default_na=False
    )[0]


def numbers(column) -> list[float]:
    """A static table's shown numbers: "12.5%" → 12.5 (thousands separators are dropped
    by :func:`shown_table`)."""
    return [float(str(v).rstrip("%").replace(",", "")) for v in column]


def trace(fig: dict, name: str) -> dict:
    """A trace by name, its arrays decoded (Plotly sends numpy arrays as base64)."""
    found = next(t for t in fig["data"] if t.get("name") == name)
    return {k: values(v) for k, v in found.items()}


def values(v):
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return v


def key_of(agency: str) -> str:
    from etl.agencies.identity import organ_key

    return organ_key(None, agency) or agency


def test_overview_shows_the_latest_year_and_its_change(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch)
    n24, n23 = len(factory.select(year=2024)), len(factory.select(year=2023))
    assert metric(at, "已导入年报") == (str(n24), f"{n24 - n23:+,}")
    new24, new23 = (
        factory.total("apply.new.total", year=2024),
        factory.total("apply.new.total", year=2023),
    )
    assert metric(at, NEW.label) == (f"{new24:,.0f}", f"{new24 - new23:+,.0f}")
    granted = factory.total("apply.granted.total", year=2024)
    handled = factory.total("apply.total.total", year=2024)
    assert metric(at, "予以公开占比".replace("予以公开", ms.outcome_groups()[0].label))[0] == (
        f"{granted / handled * 100:.1f}%"
    )
    assert any(BANNER in w.value for w in at.warning)


def test_overview_years_table_shows_each_years_totals(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch)
    assert not at.dataframe  # a static table: no data grid on the overview
    table = shown_table(at, "overview-years").set_index(meta_label("year"))
    years = sorted({c.year for c in factory.REPORTS})
    assert sorted(table.index) == years
    for year in years:
        assert table.loc[year, NEW.label] == factory.total("apply.new.total", year=year)
        assert table.loc[year, "已导入年报"] == len(factory.select(year=year))
    granted = ms.outcome_groups()[0].label + "占比"
    shares = factory.total("apply.granted.total", year=2024) / factory.total(
        "apply.total.total", year=2024
    )
    assert table.loc[2024, granted] == f"{shares * 100:.1f}%"


def test_url_filters_apply_and_are_written_back(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, province="甲省", **{"from": "2023", "to": "2024"})
    assert metric(at, "已导入年报")[0] == str(len(factory.select(province="甲省", year=2024)))
    assert (
        metric(at, NEW.label)[0]
        == f"{factory.total('apply.new.total', province='甲省', year=2024):,.0f}"
    )
    assert not any(BANNER in w.value for w in at.warning)  # the simulated report is elsewhere
    assert at.query_params["province"] in ("甲省", ["甲省"])
    assert at.select_slider(key="f_years").value == (2023, 2024)


def test_a_sidebar_choice_changes_the_numbers_and_the_url(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch)
    at.multiselect(key="f_levels").set_value([factory.COUNTY]).run()
    assert metric(at, "已导入年报")[0] == str(len(factory.select(level=factory.COUNTY, year=2024)))
    assert at.query_params["level"] in (factory.COUNTY, [factory.COUNTY])
    at.sidebar.button[0].click().run()  # 清除筛选
    assert metric(at, "已导入年报")[0] == str(len(factory.select(year=2024)))
    assert "level" not in at.query_params


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_factory_database(dash_db, monkeypatch, page):
    at = run_app(dash_db, monkeypatch, page)
    assert at.title[0].value
    assert len(at.main.children) > 2


def test_outcomes_by_year_match_the_reports(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "outcomes")
    fig = figures(at)[0]
    granted = trace(fig, ms.outcome_groups()[0].label)
    years = [int(x) for x in granted["x"]]
    assert granted["y"] == [factory.total("apply.granted.total", year=y) for y in years]
    at.segmented_control(key="outcomes-view").set_value("占比（100%）").run()
    shares = trace(figures(at)[0], ms.outcome_groups()[0].label)["y"]
    # 100 % = the six outcome groups of the year (one 2024 report's total is deliberately off)
    groups = sum(factory.total(k, year=2024) for m in ms.outcome_groups() for k in m.keys)
    assert shares[-1] == pytest.approx(
        factory.total("apply.granted.total", year=2024) / groups * 100
    )


def test_denial_reasons_match_the_reports(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "denials")
    fig = figures(at)[0]
    by_reason = {}
    for bars in fig["data"]:  # one trace per group of reasons
        by_reason |= dict(zip(values(bars["y"]), values(bars["x"]), strict=True))
    for m in ms.reasons()[:16]:
        assert by_reason[m.label] == factory.total(m.keys[0]), m.label


def test_licensing_table_sums_both_templates(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "licensing")
    assert not at.dataframe
    table = shown_table(at, "licensing-all-fields")
    label = ms.by_name(ms.active_cells())["licensing__decisions"].label
    got = dict(zip(table[meta_label("year")], table[label], strict=True))
    for year in {c.year for c in factory.REPORTS}:
        assert got[year] == factory.total("active.licensing.decisions", year=year)


def test_appeals_totals(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "appeals")
    total = sum(factory.total(f"appeal.{g}.total") for g in ms.appeal_groups())
    assert metric(at, "复议诉讼案件合计")[0] == f"{total:,.0f}"


def test_agency_comparison_shows_the_agency_and_its_rank(dash_db, monkeypatch):
    monkeypatch.setenv("XXGK_DB", str(dash_db))
    at = run_app(dash_db, monkeypatch, "agencies", focus=key_of("乙市行政审批局"))
    assert at.selectbox(key="agencies-focus").value == key_of("乙市行政审批局")
    table = shown_table(at, "agencies-peer-table").set_index("指标")
    expected = factory.total("apply.new.total", agency="乙市行政审批局", year=2024)
    assert table.loc[NEW.label, "数值"] == expected
    at.selectbox(key="agencies-scope").set_value("province").run()
    at.checkbox[0].uncheck().run()
    table = shown_table(at, "agencies-peer-table").set_index("指标")
    peers = factory.select(province="甲省", level=factory.CITY, year=2024)
    assert table.loc[NEW.label, "同类机关数"] == len(peers)


def test_quality_page_lists_errors_and_rejections(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "quality")
    assert metric(at, "有错误的年报")[0] == "1"
    reports = shown_table(at, "quality-reports")
    assert reports.iloc[0][meta_label("agency")] == "戊市审计局"
    assert not at.dataframe  # short lists are static tables: no data grid on a plain load
    rejected = shown_table(at, "quality-rejected")
    assert factory.REJECTED[0] in set(rejected["源文件"]) and factory.REJECTED[1] in set(
        rejected["原因说明"]
    )


def test_report_page_redraws_the_tables_with_escaped_locators(dash_db, monkeypatch):
    case = next(c for c in factory.REPORTS if c.agency == factory.EVIL)
    at = run_app(dash_db, monkeypatch, "report", report=case.report_id)
    assert at.selectbox(key="report-pick").value == case.report_id
    html = "".join(h.value for h in at.get("html"))
    assert "<img" not in html and "&lt;img src=x" in html  # the locator's report text is escaped
    total = factory.values_for(case)["apply.new.total"][0]
    assert f">{total:.0f}</td>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;局 · 2024" in html  # the name, as text
    markdown = [m.value for m in [*at.markdown, *at.caption, *at.subheader, *at.info]]
    assert not [
        m for m in markdown if "evil.example" in m
    ]  # report text never goes through Markdown
    assert any(b.label == "下载源文件" for b in at.get("download_button"))


def test_coverage_marks_a_missing_year(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "coverage")
    grid = shown_table(at, "coverage-table").set_index(meta_label("agency"))
    assert grid.loc["乙市人民政府", "2023"] == "缺失"
    assert grid.loc["戊市审计局", "2024"] == "有错误"


def test_coverage_table_sends_statuses_as_dictionary_codes(dash_db, tmp_path, monkeypatch):
    """The agency × year table, browsed whole behind its switch, travels as Arrow
    dictionary columns (small codes, one list of words): at 10^6 reports its 54 000 rows
    took 8.4 MB as text, 2.5 MB so."""
    import pyarrow as pa

    db = tmp_path / "many.duckdb"
    shutil.copy(dash_db, db)
    extra = [
        factory.Case(f"庚县第{i}局", "丁省", "戊市", "庚县", factory.COUNTY, factory.DEPT, 2023)
        for i in range(25)
    ]
    with Writer(db) as writer:
        for case in extra:
            loader.load_report(writer.con, factory.record(case))
        writer.changed()
    at = run_app(db, monkeypatch, "coverage")
    head = shown_table(at, "coverage-table")
    assert len(head) == 20 and not at.dataframe
    at.toggle(key="coverage-table-browse").set_value(True).run()
    assert len(at.dataframe[0].value) > 25
    schema = pa.ipc.open_stream(at.dataframe[0].proto.arrow_data.data).schema
    coded = [f.name for f in schema if pa.types.is_dictionary(f.type)]
    assert coded == [meta_label("level"), *(f.name for f in schema if f.name.isdigit())]
    assert len(coded) >= 3


@pytest.mark.parametrize("which", ["empty", "missing", "garbage"])
def test_opens_cleanly_without_data(which, empty_db, missing_db, tmp_path, monkeypatch):
    db = {"empty": empty_db, "missing": missing_db}.get(which)
    if which == "garbage":
        db = tmp_path / "garbage.duckdb"
        db.write_bytes(b"not a database at all" * 100)
    at = run_app(db, monkeypatch)
    shown = " ".join(x.value for x in [*at.info, *at.error])
    expected = {"empty": "还没有年报", "missing": "文件不存在", "garbage": "无法读取数据库"}[which]
    assert expected in shown
    assert at.get("page_link")


def test_upload_ingests_through_the_pipeline(tmp_path, monkeypatch):
    db = tmp_path / "new" / "up.duckdb"
    at = run_app(db, monkeypatch, "upload")
    seed = (ROOT / "data" / "reports" / "baoding-xzspj-2024.txt").read_bytes()
    at.file_uploader[0].set_value(
        [("baoding.txt", seed, "text/plain"), ("junk.txt", b"hello", "text/plain")]
    ).run()
    at.button(key="upload-go").click().run()
    assert not at.exception
    assert metric(at, "已导入")[0] == "1" and metric(at, "未能导入")[0] == "1"
    result = at.dataframe[0].value
    assert "template" in " ".join(result["原因说明"])  # the pipeline's own rejection reason
    at = run_app(db, monkeypatch)
    assert metric(at, "已导入年报")[0] == "1"
    assert (db.parent / "uploads").is_dir()
    shutil.rmtree(db.parent)


def test_pages_follow_the_database_file(dash_db, tmp_path, monkeypatch):
    db = tmp_path / "copy.duckdb"
    shutil.copy(dash_db, db)
    at = run_app(db, monkeypatch)
    before = int(metric(at, "已导入年报")[0])
    extra = factory.Case("庚市新设局", "庚省", "庚市", "", factory.CITY, factory.DEPT, 2024)
    # As xxgk ingest does: load into the working copy, publish it over the file. (The
    # dashboard keeps the version it shows open read-only, so it is never written in place.)
    with Writer(db) as writer:
        loader.load_report(writer.con, factory.record(extra))
        writer.changed()
    at.run()  # the next rerun sees a new file version: new store, new cached results
    assert int(metric(at, "已导入年报")[0]) == before + 1


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "params",
    [
        {"level": factory.PROVINCE},  # one report, part 二 only: parts 三 and 四 absent
        {"level": factory.PROVINCE, "from": "2019", "to": "2019"},  # nothing at all
    ],
    ids=["part-two-only", "no-report"],
)
def test_pages_degrade_to_empty_states(dash_db, monkeypatch, page, params):
    at = run_app(dash_db, monkeypatch, page, **params)
    if params.get("from") == "2019" and page not in ("upload", "sql"):  # sql: whole snapshot
        shown = " ".join(i.value for i in at.info)
        assert "没有" in shown, page  # says there is nothing, and what to do


def test_a_rerun_sends_the_cached_charts_without_rebuilding_them(dash_db, monkeypatch):
    """A page's figures are built once per data (``ui.figure``) and a rerun hands the same
    Figure to Streamlit: no Plotly Figure is made again (a cached figure *dict* was
    validated into a new Figure on every run, ~27 ms of server time per chart)."""
    import plotly.graph_objects as go

    at = run_app(dash_db, monkeypatch, "outcomes")
    shown = figures(at)
    assert len(shown) >= 2
    made = []
    init = go.Figure.__init__

    def counted(self, *args, **kwargs):
        made.append(1)
        init(self, *args, **kwargs)

    monkeypatch.setattr(go.Figure, "__init__", counted)
    at.run()
    assert not at.exception
    assert figures(at) == shown
    assert made == []
