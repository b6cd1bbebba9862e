"""The dashboard benchmark's database: ``xxgk synth`` when present, else a bulk generator.

The generator writes consistent simulated reports straight into the real schema through
DataFrame inserts (about 200 values per report, so 100 000 reports are 20 M value rows),
then adds their ``report_wide`` rows as a publication does. ``bench_dashboard.py`` uses it
for its README screenshots, and when ``etl.demo.synth`` is missing.
"""

from __future__ import annotations

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

from etl.store import schema, wide  # noqa: E402
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
    wide.refresh(con)
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
