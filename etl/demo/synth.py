"""``xxgk synth``: N simulated reports' values written straight into a database.

For benchmarks at 10^4–10^6 reports. No files are rendered: organs are drawn from
:mod:`etl.demo.organs` (real provinces, prefectures and counties, every level), their
values year by year with the same model as the demo region (:mod:`etl.demo.values`),
then a realistic share of real-world faults is applied:

- a row total typed wrong (rule 1 and 3 findings, from the real validator),
- a carry-over restated across years (rule 5, from the real cross-year check),
- part 四 missing from the document (values absent, a P1 finding),
- a 2021 or 2022 report still on the 2019 tables,
- agency-years without a report.

Everything is inserted in bulk through Arrow tables (:mod:`etl.demo.synth_tables`), one
transaction per chunk of organs, by a writer thread while the next chunk is simulated
(DuckDB releases the GIL while it inserts), into the real schema (``etl.store.schema``) with ``is_simulated = TRUE`` and
``source_format = 'synth'``: ``reports`` (with ``organ_key`` and ``agency_id`` as the
store computes them), ``report_sources``, ``report_values`` (the derived 2021
``apply.other.*`` with ``derived = TRUE``), ``report_wide`` (the same values, one row
per report) and ``findings``, then the dashboard's rollup (``etl.store.rollup``). The
file is written beside ``db`` and moved over it at the end, so readers never see half
of it.
"""

from __future__ import annotations

import math
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from etl.checks.crossyear import carryover_findings
from etl.checks.values import check_values
from etl.demo.faults import GRANTED
from etl.demo.organs import OrganRow, sample_organs
from etl.demo.profiles import PROFILES, organ_factor
from etl.demo.region import YEARS
from etl.demo.simulate import template_of
from etl.demo.synth_tables import (
    SOURCE_FORMAT,
    Block,
    chunk_tables,
    report_sha,
    row_values,
    write_chunk,
)
from etl.demo.values import CARRIED_IN, TOTAL, Population, apply_applicants, simulate_year
from etl.findings import Finding
from etl.store import rollup, schema, store_tables
from etl.store.agencies import refresh_agencies
from etl.store.fetch import one
from etl.template import PART_TITLES, get_template

CHUNK_ORGANS = 20_000
PUBLISH_RATE = 0.95  # share of agency-years with a report
ROW_TOTAL_SHARE = 0.02
CARRY_SHARE = 0.01
MISSING_APPEAL_SHARE = 0.02
TEMPLATE_LAG_SHARE = 0.03  # organs that kept the 2019 tables for 2021 and 2022
LAG_YEARS = (2021, 2022)
SYNTH_MEMORY = "1GB"


def _apply_faults(block: Block, rng: np.random.Generator) -> None:
    """Break a realistic share of the block's reports, and record the findings."""
    template = get_template(block.template)
    keys = template.keys()
    col = {k: i for i, k in enumerate(keys)}
    apply, appeal = template.table("apply"), template.table("appeal")
    m = block.matrix
    n = len(m)
    broken = np.flatnonzero(rng.random(n) < ROW_TOTAL_SHARE)
    m[broken, col[apply.cell_key(GRANTED, TOTAL)]] += rng.integers(1, 4, len(broken))
    if block.year != YEARS[0]:
        block.restated = rng.random(n) < CARRY_SHARE
        restated = np.flatnonzero(block.restated)
        shift = rng.integers(1, 6, len(restated))
        first = apply_applicants(apply)[0]
        for row in (CARRIED_IN, GRANTED):
            for c in (first.key, TOTAL):
                m[restated, col[apply.cell_key(row, c)]] += shift
        for c in (first.key, TOTAL):
            m[restated, col[apply.cell_key(TOTAL, c)]] += shift
    missing = np.flatnonzero(rng.random(n) < MISSING_APPEAL_SHARE)
    m[np.ix_(missing, np.array([col[k] for _, _, k in appeal.cells()]))] = np.nan
    message = f"文档中未找到第四部分（{PART_TITLES[appeal.part]}）的统计表，相应数值为空。"
    for i in missing:
        block.findings.setdefault(int(i), []).append(Finding("P1", message))
    for i in broken:
        block.findings.setdefault(int(i), []).extend(
            check_values(row_values(block, int(i)), template)
        )


def simulate_chunk(organs: list[OrganRow], rng: np.random.Generator) -> list[Block]:
    """Every published report of these organs for 2019–2024, faults applied."""
    factors = np.array([organ_factor(o.level, o.profile) for o in organs])
    pop = Population([PROFILES[o.profile] for o in organs], factors, rng)
    lagging = rng.random(len(organs)) < TEMPLATE_LAG_SHARE
    published = rng.random((len(organs), len(YEARS))) < PUBLISH_RATE
    blocks = []
    for y, year in enumerate(YEARS):
        lag = lagging & (year in LAG_YEARS)
        for tid, members in (
            ("2019", np.flatnonzero(lag)),
            (template_of(year), np.flatnonzero(~lag)),
        ):
            if not len(members):
                continue
            arrays = simulate_year(pop, members, get_template(tid), year, rng)
            keep = published[members, y]
            keys = get_template(tid).keys()
            matrix = np.column_stack([arrays[k] for k in keys])[keep]
            block = Block(year, tid, members[keep], matrix, np.zeros(len(matrix), bool))
            _apply_faults(block, rng)
            blocks.append(block)
    return blocks


def _truncate(blocks: list[Block], limit: int) -> list[Block]:
    """Keep the first ``limit`` reports in (organ, year) order: whole organ histories."""
    order = np.concatenate([b.organs * len(YEARS) + YEARS.index(b.year) for b in blocks])
    if len(order) <= limit:
        return blocks
    cut = np.sort(order)[limit - 1]
    out = []
    for b in blocks:
        keep = b.organs * len(YEARS) + YEARS.index(b.year) <= cut
        rows = np.flatnonzero(keep)
        remap = {int(old): new for new, old in enumerate(rows)}
        findings = {remap[i]: f for i, f in b.findings.items() if i in remap}
        out.append(
            Block(b.year, b.template, b.organs[keep], b.matrix[keep], b.restated[keep], findings)
        )
    return out


def _carry_findings(blocks: list[Block], organs: list[OrganRow], seed: int) -> None:
    """Rule 5 findings of the restated reports, by the store's own cross-year check."""
    where = {(int(o), b.year): (b, i) for b in blocks for i, o in enumerate(b.organs)}
    for block in blocks:
        for i in np.flatnonzero(block.restated):
            organ = int(block.organs[i])
            if (organ, block.year - 1) not in where:
                continue
            earlier, j = where[(organ, block.year - 1)]
            found = carryover_findings(
                row_values(block, int(i)),
                row_values(earlier, j),
                earlier_year=block.year - 1,
                earlier_id=report_sha(seed, organs[organ], block.year - 1)[:16],
            )
            block.findings.setdefault(int(i), []).extend(found)


def _refuse_real(db: Path) -> None:
    """Refuse to replace a database that holds reports not made by synth."""
    if not db.exists():
        return
    con = schema.open_read_only(db)
    try:
        real = one(con, "SELECT count(*) FROM reports WHERE source_format <> ?", [SOURCE_FORMAT])[0]
    finally:
        con.close()
    if real:
        raise ValueError(
            f"{db} holds {real} reports that are not synthetic; synth writes only to its "
            "own database (pass another --db)"
        )


def _temp_path(db: Path) -> Path:
    tmp = db.with_name(f".{db.stem}.synth-{os.getpid()}{db.suffix}")
    tmp.unlink(missing_ok=True)
    Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return tmp


def synthesize(n_reports: int, db: Path, seed: int = 2024) -> str:
    """Write ``n_reports`` simulated reports into ``db``; returns a one-line summary."""
    if n_reports < 1:
        raise ValueError("--reports must be at least 1")
    started = time.perf_counter()
    db = Path(db)
    rng = np.random.default_rng(seed)
    n_organs = math.ceil(n_reports / (len(YEARS) * PUBLISH_RATE) * 1.02) + 1
    organs = sample_organs(n_organs, rng)
    _refuse_real(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(db)
    con = schema.connect(str(tmp))
    con.execute("SET enable_progress_bar = false")
    # A bulk load needs no more: DuckDB spills beyond it, and insertion order is the
    # arrays' order anyway, which lets it write row groups in parallel with less memory.
    con.execute(f"SET memory_limit = '{SYNTH_MEMORY}'")
    con.execute("SET preserve_insertion_order = false")
    totals = np.zeros(3, dtype=int)
    made = 0
    generate = waited = 0.0
    # DuckDB releases the GIL while it inserts: chunk c is written while c + 1 is made.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="synth-writer")
    pending: Future | None = None
    try:
        for c, start in enumerate(range(0, len(organs), CHUNK_ORGANS)):
            if made >= n_reports:
                break
            t0 = time.perf_counter()
            chunk = organs[start : start + CHUNK_ORGANS]
            blocks = _truncate(
                simulate_chunk(chunk, np.random.default_rng([seed, c])), n_reports - made
            )
            _carry_findings(blocks, chunk, seed)
            made += sum(len(b.organs) for b in blocks)
            tables = chunk_tables(blocks, chunk, seed)
            t1 = time.perf_counter()
            if pending is not None:
                totals += pending.result()
            pending = writer.submit(write_chunk, con, tables)
            generate += t1 - t0
            waited += time.perf_counter() - t1
        if pending is not None:
            t1 = time.perf_counter()
            totals += pending.result()
            waited += time.perf_counter() - t1
        refresh_agencies(con)
        rollup.build(con)
        store_tables.build(con)
        con.execute("CHECKPOINT")
    except BaseException:
        writer.shutdown(wait=True, cancel_futures=True)
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    writer.shutdown()
    con.close()
    Path(str(db) + ".wal").unlink(missing_ok=True)
    tmp.replace(db)
    return (
        f"synth seed {seed}: {totals[0]} reports, {totals[1]} values, {totals[2]} findings "
        f"into {db}; generate {generate:.1f}s, waiting for the writer {waited:.1f}s, "
        f"total {time.perf_counter() - started:.1f}s"
    )
