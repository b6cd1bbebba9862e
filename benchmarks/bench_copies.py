"""Benchmark copy screening (C1/C2): storage of the prose and screening time per year.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_copies.py [--sizes 10000 100000]

For each size N a DuckDB file gets N reports in each of two years (rows written
directly, no parsing: this measures the store and the screen, not the parser). Each
report's prose is what the demo renders — the common phrases of parts 一, 五, 六 and
two paragraphs of the organ's own words — and copies are planted: 1% of the organs
reuse their previous year's own paragraphs, 0.5% print another organ's paragraphs
of the same year. Printed: prose bytes in the file per report (and for 10⁶ reports),
screening seconds and peak memory for one year, LSH candidates, planted copies found
(recall) and flags that are not planted copies (must be 0).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import unicodedata
from datetime import datetime
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.store import copyscreen, prose  # noqa: E402
from etl.store.schema import connect  # noqa: E402
from etl.synthetic.model import ReportSpec  # noqa: E402
from etl.synthetic.prose import own_paragraphs, part_paragraphs  # noqa: E402

YEARS = (2023, 2024)
PLACES = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
ORGANS = ("人民政府", "教育局", "财政局", "审计局", "卫生健康局", "生态环境局", "司法局", "水利局")


def _agency(i: int) -> str:
    a, b = divmod(i, len(ORGANS))
    place = "".join(PLACES[int(d)] for d in str(a))
    return f"{place}县{ORGANS[b]}"


def _prose(agency: str, year: int, seed: str) -> dict[int, str]:
    spec = ReportSpec(agency, year, "2021", {}, own_prose=own_paragraphs(seed))
    # NFKC, as ingest stores it (etl.matcher.narrative)
    return {
        p: unicodedata.normalize("NFKC", "\n".join(part_paragraphs(spec, p))) for p in (1, 5, 6)
    }


def build(db: Path, n: int, rng: random.Random) -> tuple[set, set, float]:
    """N reports a year for two years; returns the planted (C1, C2) pairs by agency."""
    con = connect(str(db))
    later = YEARS[-1]
    previous = set(rng.sample(range(n), max(1, n // 100)))
    rest = [i for i in range(n) if i not in previous]
    same = rng.sample(rest, 2 * max(1, n // 200))
    copier_of = dict(zip(same[::2], same[1::2], strict=True))  # copier → source
    seconds = 0.0
    for year in YEARS:
        start = time.monotonic()
        for lo in range(0, n, 5000):
            ids, agencies, blobs, parts, chars = [], [], [], [], []
            for i in range(lo, min(n, lo + 5000)):
                agency = _agency(i)
                seed = f"{agency}|{year}"
                if year == later and i in previous:
                    seed = f"{agency}|{year - 1}"
                if year == later and i in copier_of:
                    seed = f"{_agency(copier_of[i])}|{year}"
                text = _prose(agency, year, seed)
                row = prose._row(f"{year}-{i:07d}", text)
                ids.append(row[0])
                agencies.append(agency)
                parts.append(row[1])
                chars.append(row[2])
                blobs.append(row[3])
            now = datetime.now()
            reports = pa.table(
                {
                    "report_id": ids,
                    "agency": agencies,
                    "year": pa.array([year] * len(ids), pa.int32()),
                    "organ_key": [f"name:{a}" for a in agencies],
                    "source_path": ids,
                    "source_sha256": ids,
                    "source_format": ["text"] * len(ids),
                    "ingested_at": pa.array([now] * len(ids), pa.timestamp("us")),
                }
            )
            rows = pa.table(
                {"report_id": ids, "parts": parts, "n_chars": chars, "prose": pa.array(blobs)}
            )
            con.register("_r", reports)
            con.register("_p", rows)
            con.execute(
                "INSERT INTO reports (report_id, agency, year, organ_key, source_path, "
                "source_sha256, source_format, ingested_at) SELECT * FROM _r"
            )
            con.execute("INSERT INTO report_prose SELECT * FROM _p")
            con.unregister("_r")
            con.unregister("_p")
        seconds += time.monotonic() - start
    con.execute("CHECKPOINT")
    con.close()
    c1 = {_agency(i) for i in previous}
    c2 = {_agency(i) for pair in copier_of.items() for i in pair}
    return c1, c2, seconds


def prose_bytes(db: Path) -> tuple[int, float]:
    con = connect(str(db))
    blocks = con.execute(
        "SELECT sum(total_blocks - free_blocks) * any_value(block_size) FROM pragma_database_size()"
    ).fetchone()[0]
    n_chars = con.execute("SELECT avg(n_chars) FROM report_prose").fetchone()[0]
    with_prose = int(blocks)
    con.execute("DROP TABLE report_prose")
    con.execute("CHECKPOINT")
    without = int(
        con.execute(
            "SELECT sum(total_blocks - free_blocks) * any_value(block_size) "
            "FROM pragma_database_size()"
        ).fetchone()[0]
    )
    con.execute(prose.DDL)
    con.close()
    return with_prose - without, float(n_chars)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    print(
        f"{'reports/yr':>10} {'chars':>6} {'B/report':>9} {'GB @10^6':>8} {'build s':>8} "
        f"{'screen s':>9} {'RSS MB':>7} {'LSH cand':>7} {'checked':>7} {'C1 found':>10} {'C2 found':>10} "
        f"{'false':>6}"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "copies.duckdb"
            c1, c2, build_s = build(db, n, random.Random(n))
            con = connect(str(db))
            start = time.monotonic()
            screen = copyscreen.screen_year(con, YEARS[-1])
            seconds = time.monotonic() - start
            names = dict(con.execute("SELECT report_id, agency FROM reports").fetchall())
            con.close()
            size, chars = prose_bytes(db)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        got1 = {names[p[0]] for p in screen.pairs if p[2] == "previous_year"}
        got2 = {names[p[0]] for p in screen.pairs if p[2] == "same_year"}
        false = len(got1 - c1) + len(got2 - c2)
        per = size / (2 * n)
        print(
            f"{n:>10,} {chars:>6.0f} {per:>9.0f} {per * 1e6 / 1e9:>8.2f} {build_s:>8.1f} "
            f"{seconds:>9.1f} {rss:>7.0f} {screen.n_candidates:>7,} {screen.n_checked:>7,} "
            f"{len(got1 & c1):>4}/{len(c1):<5} {len(got2 & c2):>4}/{len(c2):<5} {false:>6}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
