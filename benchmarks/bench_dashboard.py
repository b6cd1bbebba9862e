"""Benchmark the dashboard: per-page query time and browser time on a large database.

Usage (from the repository root)::

    /work/venv/bin/python benchmarks/bench_dashboard.py [--reports 100000] [--db FILE]
        [--no-browser]
    /work/venv/bin/python benchmarks/bench_dashboard.py --screenshots docs/screenshots

The database is built once and reused (``--db``, default ``/tmp/xxgk-bench-<N>.duckdb``):
with ``xxgk synth`` (``etl.demo.synth``) when it exists, otherwise with the bulk generator
below, which writes consistent simulated reports straight into the real schema through
DataFrame inserts (about 200 values per report, so 100 000 reports are 20 M value rows).

Printed: the one-off time to build the dashboard's in-memory store for the file, then for
every page the time of all its queries (cold, i.e. the first run after the store is built,
and warm), and with a browser the time from navigation until the page's content is shown
and no spinner is left, in a real ``streamlit run`` and headless Chromium.

``--screenshots DIR`` instead saves one PNG per page for the README, taken on a small
database of simulated reports plus the real Baoding report (loaded by the pipeline).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import secrets
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.store import schema  # noqa: E402
from etl.template import KINDS, LEVELS, get_template  # noqa: E402

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
ORGANS = (
    "发展和改革局", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
    "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
    "商务局", "文化和旅游局", "卫生健康局", "应急管理局", "审计局", "市场监督管理局",
    "行政审批局", "统计局", "医疗保障局", "退役军人事务局", "人民政府办公室",
)  # fmt: skip
TOWNS = ("城关镇", "新华街道", "东城街道", "西城街道", "南关镇", "河口镇", "青山镇", "和平街道")
MINISTRIES = ("国家统计局", "国家林业和草原局", "国家知识产权局", "国家邮政局", "国家档案局")


# --------------------------------------------------------------------------- generator


def _divisions() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(province, city) and (province, city, county) triples from cpca's adcode table."""
    spec = importlib.util.find_spec("cpca")
    path = Path(spec.origin).parent / "resources" / "adcodes.csv"  # type: ignore[union-attr]
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["adcode"][:6]] = row["name"]
    cities, counties = [], []
    for code, name in names.items():
        prov = names.get(code[:2] + "0000")
        if code.endswith("0000") or prov is None:
            continue
        city = names.get(code[:4] + "00")
        if code.endswith("00"):
            cities.append((prov, name))
        elif city and not city.endswith(("市辖区", "县")) and name not in ("市辖区",):
            counties.append((prov, city, name))
    return sorted(cities), sorted(counties)


def _agencies(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """``n`` simulated organs with a place, level and kind."""
    cities, counties = _divisions()
    provinces = sorted({p for p, _ in cities})
    levels = rng.choice(len(LEVELS), size=n, p=[0.01, 0.06, 0.25, 0.5, 0.18])
    rows, seen = [], set()
    for i, lvl in enumerate(levels):
        gov = rng.random() < 0.2
        organ = "人民政府" if gov else ORGANS[rng.integers(len(ORGANS))]
        prov = city = county = ""
        if lvl == 0:
            name, gov = MINISTRIES[rng.integers(len(MINISTRIES))] + f"（{i}）", False
        elif lvl == 1:
            prov = provinces[rng.integers(len(provinces))]
            name = prov + organ
        elif lvl == 2:
            prov, city = cities[rng.integers(len(cities))]
            name = city + organ
        else:
            prov, city, county = counties[rng.integers(len(counties))]
            name = county + organ
            if lvl == 4:
                name = county + TOWNS[rng.integers(len(TOWNS))] + ("人民政府" if gov else "办事处")
        if name in seen:
            name = f"{name}（{i}）"
        seen.add(name)
        rows.append((name, prov, city, county, LEVELS[lvl], KINDS[0] if gov else KINDS[1]))
    df = pd.DataFrame(rows, columns=["agency", "province", "city", "county", "level", "kind"])
    df["scale"] = rng.lognormal(mean=np.log([200, 60, 25, 8, 2])[levels], sigma=1.0)
    return df


def _apply_values(rng, template, scale, out: dict[str, np.ndarray]) -> None:
    """Part 三 for a batch: leaves drawn per applicant column, totals from the rules."""
    apply = template.table("apply")
    cols = [c for c in apply.columns if c.key != "total"]
    leaves = [r for r in apply.rows if r.group and r.key != "total" and not r.derived_from]
    n = len(scale)
    weights = np.array([8.0, 2.5] + [0.25] * (len(leaves) - 2))
    profile = rng.dirichlet(weights, size=n)
    col_share = np.array([0.75, 0.15, 0.02, 0.02, 0.03, 0.03])
    for j, col in enumerate(cols):
        counts = rng.multinomial(rng.poisson(scale * col_share[j] * 4), profile)
        for i, row in enumerate(leaves):
            out[apply.cell_key(row, col)] = counts[:, i].astype(float)
        total = counts.sum(axis=1).astype(float)
        carried_out = rng.poisson(total * 0.05).astype(float)
        carried_in = np.minimum(rng.poisson(total * 0.05), total + carried_out).astype(float)
        out[apply.cell_key("total", col)] = total
        out[apply.cell_key("carried_out", col)] = carried_out
        out[apply.cell_key("carried_in", col)] = carried_in
        out[apply.cell_key("new", col)] = total + carried_out - carried_in
        for row in apply.rows:
            if row.derived_from:
                out[apply.cell_key(row, col)] = sum(
                    out[apply.cell_key(s, col)] for s in row.derived_from
                )
    for row in apply.rows:
        out[apply.cell_key(row, "total")] = sum(out[apply.cell_key(row, c)] for c in cols)


def _other_values(rng, template, scale, out: dict[str, np.ndarray]) -> None:
    """Parts 二 and 四 and the narrative numbers for a batch."""
    n = len(scale)
    appeal = template.table("appeal")
    for row in appeal.rows:
        lam = scale * (0.05 if row.key == "review" else 0.02)
        parts = [rng.poisson(lam * w).astype(float) for w in (0.6, 0.15, 0.15, 0.1)]
        for col, v in zip([c for c in appeal.columns if c.key != "total"], parts, strict=True):
            out[appeal.cell_key(row, col)] = v
        out[appeal.cell_key(row, "total")] = sum(parts)
    active = template.table("active")
    for row in active.rows:
        for col in active.columns_of(row):
            if col.is_amount:
                v = np.round(rng.lognormal(2, 2, n) * (rng.random(n) < 0.3), 2)
            elif col.may_be_negative:
                v = rng.integers(-3, 6, n).astype(float)
            elif row.key in ("licensing", "penalty", "coercion", "other_services"):
                v = np.floor(rng.lognormal(np.log(scale * 20 + 1), 1.2))
            else:
                v = rng.poisson(scale * 0.3).astype(float)
            out[active.cell_key(row, col)] = v
    for f in template.narrative:
        out[f.key] = np.floor(rng.lognormal(np.log(scale * 30 + 1), 0.8))


def _reports(rng: np.random.Generator, n_reports: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Report rows (with agency and year) for about ``n_reports`` reports."""
    agencies = _agencies(rng, max(1, int(n_reports / (len(YEARS) * 0.85))))
    present = rng.random((len(agencies), len(YEARS))) < 0.85
    ai, yi = np.nonzero(present)
    order = rng.permutation(len(ai))[:n_reports]
    ai, yi = ai[np.sort(order)], yi[np.sort(order)]
    reports = agencies.iloc[ai].reset_index(drop=True)
    reports["year"] = np.array(YEARS)[yi]
    keep_2019 = (reports["year"] >= 2021) & (rng.random(len(reports)) < 0.03)
    reports["template"] = np.where((reports["year"] <= 2020) | keep_2019, "2019", "2021")
    reports["report_id"] = [secrets.token_hex(8) for _ in range(len(reports))]
    return reports, agencies


def _long_values(rng, reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long-form values and error findings for every report, template by template."""
    frames, findings = [], []
    for tid in ("2019", "2021"):
        sub = reports[reports["template"] == tid]
        template = get_template(tid)
        cols: dict[str, np.ndarray] = {}
        _apply_values(rng, template, sub["scale"].to_numpy(), cols)
        _other_values(rng, template, sub["scale"].to_numpy(), cols)
        keys = [k for k in template.keys() if k in cols]  # noqa: SIM118
        bad = rng.random(len(sub)) < 0.03  # a broken row total, as real reports have
        cols["apply.granted.total"] = cols["apply.granted.total"] + bad
        derived = {k for k in keys if ".other." in k and tid == "2021"}
        wide = np.column_stack([cols[k] for k in keys])
        frames.append(
            pd.DataFrame(
                {
                    "report_id": np.repeat(sub["report_id"].to_numpy(), len(keys)),
                    "key": pd.Categorical(np.tile(keys, len(sub))),
                    "value": wide.ravel(),
                    "derived": np.tile([k in derived for k in keys], len(sub)),
                }
            )
        )
        findings.append(pd.DataFrame({"report_id": sub["report_id"][bad].to_numpy()}))
    values = pd.concat(frames, ignore_index=True)
    values["key"] = values["key"].astype("category")
    return values, pd.concat(findings, ignore_index=True)


def build_bench_db(path: Path, n_reports: int, seed: int = 2024) -> None:
    """Write ``n_reports`` consistent simulated reports into a new database at ``path``."""
    rng = np.random.default_rng(seed)
    path.unlink(missing_ok=True)
    reports, _ = _reports(rng, n_reports)
    values, bad = _long_values(rng, reports)
    con = schema.connect(str(path))
    labels = pd.DataFrame(
        [(k, k.split(".")[0]) for k in values["key"].cat.categories], columns=["key", "part"]
    )
    con.register("_labels", labels)
    reports["n_errors"] = reports["report_id"].isin(bad["report_id"]).astype(int)
    reports["source_path"] = "simulated/" + reports["report_id"] + ".txt"
    con.register("_reports", reports)
    con.execute(
        """INSERT INTO reports (report_id, agency, year, template, province, city, county, level,
               kind, source_path, source_sha256, source_format, ingested_at, is_simulated,
               n_errors, n_warnings, completeness, parts_found)
           SELECT report_id, agency, year, template, province, city, county, level, kind,
               source_path, sha256(report_id), 'simulated', now(), TRUE, n_errors, 0, 1.0, '2,3,4'
           FROM _reports"""
    )
    step = 2_000_000
    for start in range(0, len(values), step):
        con.register("_values", values.iloc[start : start + step])
        con.execute(
            """INSERT INTO report_values
               SELECT v.report_id, v.key::VARCHAR, v.value, v.derived,
                      json_object('part', l.part, 'key', v.key::VARCHAR,
                                  'cell', CAST(v.value AS VARCHAR), 'simulated', TRUE)::VARCHAR
               FROM _values v JOIN _labels l ON l.key = v.key::VARCHAR"""
        )
    con.register("_bad", bad)
    con.execute(
        """INSERT INTO findings
           SELECT report_id, 'R1', 'error', '模拟：予以公开一行的总计与各列之和不符',
                  ['apply.granted.total'], NULL, NULL, []::VARCHAR[] FROM _bad"""
    )
    con.execute(
        """INSERT INTO rejected_files (source_path, source_sha256, reason, "at")
           VALUES ('simulated/broken.pdf', NULL, ?, now())""",
        ["simulated: no table of the annual-report template was found"],
    )
    con.execute("CHECKPOINT")
    con.close()


def ensure_db(path: Path, n_reports: int) -> None:
    """Build the benchmark database unless a file with that many reports exists."""
    if path.exists():
        with duckdb.connect(str(path), read_only=True) as con:
            if con.execute("SELECT count(*) FROM reports").fetchone()[0] >= n_reports * 0.95:
                return
    t0 = time.perf_counter()
    if importlib.util.find_spec("etl.demo.synth") is not None:
        from etl.demo.synth import synthesize

        path.unlink(missing_ok=True)
        synthesize(n_reports, path, seed=2024)
        how = "xxgk synth"
    else:
        build_bench_db(path, n_reports)
        how = "bulk generator"
    print(f"built {path} with {how} in {time.perf_counter() - t0:.1f} s")


# --------------------------------------------------------------------------- measuring

PAGES = ("overview", "outcomes", "denials", "licensing", "appeals", "agencies", "quality",
         "report", "coverage", "upload")  # fmt: skip
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!c.querySelector('.main-svg')) return false;
  }
  return document.querySelectorAll('[data-testid="stHeading"]').length > 0;
}"""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip


class QueryClock:
    """Wraps ``dashboard.queries.run`` to add up the time spent in SQL."""

    def __init__(self) -> None:
        from dashboard import queries

        self.queries, self.original = queries, queries.run
        self.seconds, self.count = 0.0, 0

    def __enter__(self) -> QueryClock:
        def timed(cur, sql, params=None):
            t0 = time.perf_counter()
            try:
                return self.original(cur, sql, params)
            finally:
                self.seconds += time.perf_counter() - t0
                self.count += 1

        self.queries.run = timed
        return self

    def __exit__(self, *exc) -> None:
        self.queries.run = self.original

    def take(self) -> tuple[float, int]:
        out = (self.seconds, self.count)
        self.seconds, self.count = 0.0, 0
        return out


def measure_queries(db: Path) -> dict[str, tuple[float, int, float]]:
    """Per page: (SQL seconds, number of statements, whole script seconds), caches cold."""
    import logging
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    os.environ["XXGK_DB"] = str(db)
    from dashboard import queries

    build = queries.build_store
    timings: dict[str, float] = {}

    def timed_build(mem, src):
        t0 = time.perf_counter()
        try:
            return build(mem, src)
        finally:
            timings["build"] = time.perf_counter() - t0

    queries.build_store = timed_build
    results: dict[str, tuple[float, int, float]] = {}
    at = AppTest.from_file(str(ROOT / "dashboard" / "streamlit_app.py"), default_timeout=600)
    with QueryClock() as clock:
        t0 = time.perf_counter()
        at.run()  # the first run builds the store
        results["(first run: store build)"] = (
            timings.get("build", float("nan")),
            0,
            time.perf_counter() - t0,
        )
        for name in PAGES:
            st.cache_data.clear()  # every page cold, the sidebar's queries included
            at.switch_page(f"app_pages/{name}.py")
            clock.take()
            t0 = time.perf_counter()
            at.run()
            wall = time.perf_counter() - t0
            if at.exception:
                raise RuntimeError(f"{name}: {at.exception[0].message}")
            seconds, count = clock.take()
            results[name] = (seconds, count, wall)
    queries.build_store = build
    return results


def start_server(db: Path):
    """A ``streamlit run`` of the dashboard on a free port; returns (process, url)."""
    import os
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = Path(f"/tmp/xxgk-bench-streamlit-{port}.log")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "streamlit_app.py"),
         "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=dict(os.environ, XXGK_DB=str(db)),
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"streamlit did not start:\n{log.read_text()}")


def _wait_for(page, title: str) -> None:
    """Until the page titled ``title`` has finished its run and drawn its charts."""
    page.wait_for_function(
        f"() => [...document.querySelectorAll('h1')].some(h => h.innerText.trim() === {title!r})"
        f" && ({READY_JS})()",
        timeout=120_000,
        polling=20,
    )


def measure_browser(db: Path, shots: Path | None = None, report: str | None = None) -> dict:
    """Seconds until each page is ready in Chromium: the first load (which builds the
    store), then in-app navigation through the sidebar, first visit (cold query caches)
    and a second visit (warm)."""
    from playwright.sync_api import sync_playwright

    proc, url = start_server(db)
    out: dict[str, tuple[float, float]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            t0 = time.perf_counter()
            page.goto(url)
            page.wait_for_function(READY_JS, timeout=600_000, polling=50)
            out["(first load: builds the store)"] = (time.perf_counter() - t0, float("nan"))
            links = page.locator('[data-testid="stSidebarNavLink"]')
            titles = [t.split("\n")[-1].strip() for t in links.all_inner_texts()]
            for i, name in enumerate(PAGES):  # the frame lists the pages in this order
                times = []
                for _ in range(2):
                    away = len(PAGES) - 1 if i == 0 else 0  # start elsewhere, then click
                    links.nth(away).click()
                    _wait_for(page, titles[away])
                    t0 = time.perf_counter()
                    links.nth(i).click()
                    _wait_for(page, titles[i])
                    times.append(time.perf_counter() - t0)
                out[name] = (times[0], times[1])
                if shots is not None:
                    screenshot(page, url, name, shots, report)
            browser.close()
    finally:
        proc.terminate()
        proc.wait()
    return out


def screenshot(page, url: str, name: str, folder: Path, report: str | None) -> None:
    """A 1280-px-wide PNG of the page's top (README size), palette-compressed."""
    from PIL import Image

    if name == "report" and report:
        page.goto(f"{url}/report?report={report}")
        page.wait_for_function(READY_JS, timeout=60_000, polling=50)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 1000})
    Image.open(path).convert("RGB").quantize(colors=128).save(path, optimize=True)


def screenshot_db(folder: Path) -> tuple[Path, str | None]:
    """A small demo database for the README screenshots: simulated reports plus the
    real Baoding report loaded through the pipeline (its page shows real locators)."""
    from etl.pipeline import ingest

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "screenshots.duckdb"
    if not db.exists():
        build_bench_db(db, 3000, seed=7)
        ingest([ROOT / "data" / "reports" / "baoding-xzspj-2024.txt"], db)
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT report_id FROM reports WHERE NOT is_simulated LIMIT 1").fetchone()
    return db, row[0] if row else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--screenshots", type=Path, default=None, help="only save README screenshots here"
    )
    args = parser.parse_args()
    if args.screenshots:
        small, report = screenshot_db(Path("/tmp/xxgk-screens"))
        measure_browser(small, args.screenshots, report)
        print(f"screenshots of {small} in {args.screenshots}")
        return 0
    db = args.db or Path(f"/tmp/xxgk-bench-{args.reports}.duckdb")
    ensure_db(db, args.reports)
    with duckdb.connect(str(db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM reports").fetchone()[0]
        v = con.execute("SELECT count(*) FROM report_values").fetchone()[0]
    print(f"database {db}: {n:,} reports, {v:,} values, {db.stat().st_size / 1e9:.2f} GB")

    print("\nqueries per page, cold: the sidebar's and the page's SQL on the in-memory store")
    print(f"{'page':<32}{'SQL ms':>10}{'queries':>9}{'script ms':>11}")
    for name, (sql, count, wall) in measure_queries(db).items():
        print(f"{name:<32}{sql * 1000:>10.0f}{count:>9}{wall * 1000:>11.0f}")

    if not args.no_browser:
        print("\nbrowser: seconds from navigation until the page is ready (Chromium)")
        print(f"{'page':<32}{'first visit':>12}{'again':>8}")
        for name, (cold, warm) in measure_browser(db).items():
            print(f"{name:<32}{cold:>12.2f}{warm:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
