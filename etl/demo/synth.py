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

Everything is inserted in bulk through Arrow tables, one transaction per chunk of
organs, into the real schema (``etl.store.schema``) with ``is_simulated = TRUE`` and
``source_format = 'synth'``: ``reports`` (with ``organ_key`` and ``agency_id`` as the
store computes them), ``report_sources``, ``report_values`` (the derived 2021
``apply.other.*`` with ``derived = TRUE``), ``report_wide`` (the same values, one row
per report) and ``findings``, then the dashboard's rollup (``etl.store.rollup``). The
file is written beside ``db`` and moved over it at the end, so readers never see half
of it.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

from etl.agencies.identity import organ_key
from etl.agencies.keys import agency_id_for
from etl.agencies.places import PlaceResult
from etl.checks.crossyear import carryover_findings
from etl.checks.values import check_values
from etl.demo.faults import GRANTED
from etl.demo.organs import OrganRow, sample_organs
from etl.demo.profiles import PROFILES, organ_factor
from etl.demo.region import YEARS
from etl.demo.simulate import template_of
from etl.demo.values import CARRIED_IN, TOTAL, Population, apply_applicants, simulate_year
from etl.findings import Finding
from etl.store import rollup, schema, wide
from etl.store.fetch import one
from etl.template import PART_TITLES, derived_keys, get_template

SOURCE_FORMAT = "synth"
CHUNK_ORGANS = 20_000
PUBLISH_RATE = 0.95  # share of agency-years with a report
ROW_TOTAL_SHARE = 0.02
CARRY_SHARE = 0.01
MISSING_APPEAL_SHARE = 0.02
TEMPLATE_LAG_SHARE = 0.03  # organs that kept the 2019 tables for 2021 and 2022
LAG_YEARS = (2021, 2022)
SYNTH_MEMORY = "1GB"


@dataclass
class Block:
    """The reports of one year and template in one chunk: a (reports, keys) matrix."""

    year: int
    template: str
    organs: np.ndarray  # index into the chunk's organs, per report
    matrix: np.ndarray  # NaN = absent
    restated: np.ndarray  # bool per report: carry-in restated (rule 5 against last year)
    findings: dict[int, list[Finding]] = field(default_factory=dict)  # row → findings


def report_sha(seed: int, organ: OrganRow, year: int) -> str:
    """A stable content-like hash for a synthetic report (its id is the first 16 hex)."""
    return hashlib.sha256(f"synth:{seed}:{organ.name}:{year}".encode()).hexdigest()


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
            check_values(_row_values(block, int(i)), template)
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
                _row_values(block, int(i)),
                _row_values(earlier, j),
                earlier_year=block.year - 1,
                earlier_id=report_sha(seed, organs[organ], block.year - 1)[:16],
            )
            block.findings.setdefault(int(i), []).extend(found)


def _row_values(block: Block, i: int) -> dict[str, float]:
    keys = get_template(block.template).keys()
    return {k: float(v) for k, v in zip(keys, block.matrix[i], strict=True) if not math.isnan(v)}


def _sort_by_report_id(block: Block, seed: int, organs: list[OrganRow]) -> None:
    """Reorder a block's reports by id: the primary-key index takes sorted input faster."""
    ids = [report_sha(seed, organs[o], block.year) for o in block.organs]
    order = np.argsort(np.array(ids))
    remap = {int(old): new for new, old in enumerate(order)}
    block.organs, block.matrix = block.organs[order], block.matrix[order]
    block.restated = block.restated[order]
    block.findings = {remap[i]: f for i, f in block.findings.items()}


def _agency_ids(organs: list[OrganRow]) -> list[str]:
    """The project's agency key, from the organ's known place (no name resolution)."""
    return [
        agency_id_for(o.name, PlaceResult(o.province, o.city, o.county, o.adcode, o.level, o.kind))
        for o in organs
    ]


def _report_table(
    block: Block, organs: list[OrganRow], ids: list[str], seed: int, now: datetime
) -> tuple[pa.Table, list[str]]:
    template = get_template(block.template)
    derived = set(derived_keys(template))
    table_keys = [k for t in template.tables for _, _, k in t.cells() if k not in derived]
    cols = [template.keys().index(k) for k in table_keys]
    completeness = np.round((~np.isnan(block.matrix[:, cols])).sum(axis=1) / len(cols), 4)
    appeal_col = template.keys().index(next(k for _, _, k in template.table("appeal").cells()))
    has_appeal = ~np.isnan(block.matrix[:, appeal_col])
    rows = [organs[i] for i in block.organs]
    shas = [report_sha(seed, o, block.year) for o in rows]
    agency_ids = [ids[i] for i in block.organs]
    sev = [[f.severity for f in block.findings.get(i, ())] for i in range(len(rows))]
    table = pa.table(
        {
            "report_id": [s[:16] for s in shas],
            "agency": [o.name for o in rows],
            "year": pa.array([block.year] * len(rows), pa.int32()),
            "template": [block.template] * len(rows),
            "province": [o.province for o in rows],
            "city": [o.city for o in rows],
            "county": [o.county for o in rows],
            "level": [o.level for o in rows],
            "kind": [o.kind for o in rows],
            "source_path": [f"synth://{seed}/{s[:16]}" for s in shas],
            "source_sha256": shas,
            "source_format": [SOURCE_FORMAT] * len(rows),
            "ingested_at": pa.array([now] * len(rows), pa.timestamp("us")),
            "adcode": [o.adcode for o in rows],
            "agency_id": agency_ids,
            "is_simulated": [True] * len(rows),
            "n_errors": pa.array([s.count("error") for s in sev], pa.int32()),
            "n_warnings": pa.array([s.count("warning") for s in sev], pa.int32()),
            "completeness": completeness,
            "parts_found": np.where(has_appeal, "2,3,4", "2,3"),
            "organ_key": [organ_key(a, o.name) for a, o in zip(agency_ids, rows, strict=True)],
        }
    )
    return table, [s[:16] for s in shas]


def _values_table(block: Block, report_ids: list[str]) -> pa.Table:
    template = get_template(block.template)
    keys = template.keys()
    derived = set(derived_keys(template))
    mask = ~np.isnan(block.matrix)
    r_idx, k_idx = np.nonzero(mask)
    is_derived = np.array([k in derived for k in keys])
    return pa.table(
        {
            "report_id": pa.DictionaryArray.from_arrays(
                pa.array(r_idx.astype(np.int32)), pa.array(report_ids)
            ),
            "key": pa.DictionaryArray.from_arrays(pa.array(k_idx.astype(np.int32)), pa.array(keys)),
            "value": block.matrix[mask],
            "derived": is_derived[k_idx],
        }
    )


def _wide_table(block: Block, report_ids: list[str]) -> pa.Table:
    """The block's ``report_wide`` rows: its matrix, a NULL column for the other template's keys."""
    col = {k: i for i, k in enumerate(get_template(block.template).keys())}
    nulls = pa.nulls(len(report_ids), pa.float64())
    data = {"report_id": pa.array(report_ids, pa.string())}
    for key in wide.columns():
        data[key] = pa.array(block.matrix[:, col[key]], from_pandas=True) if key in col else nulls
    return pa.table(data)


def _findings_table(block: Block, report_ids: list[str]) -> pa.Table:
    items = [(report_ids[i], f) for i, fs in sorted(block.findings.items()) for f in fs]
    return pa.table(
        {
            "report_id": pa.array([r for r, _ in items], pa.string()),
            "rule": pa.array([f.rule for _, f in items], pa.string()),
            "severity": pa.array([f.severity for _, f in items], pa.string()),
            "message": pa.array([f.message for _, f in items], pa.string()),
            "keys": pa.array([list(f.keys) for _, f in items], pa.list_(pa.string())),
            "expected": pa.array([f.expected for _, f in items], pa.float64()),
            "found": pa.array([f.found for _, f in items], pa.float64()),
            "locators": pa.array([list(f.locators) for _, f in items], pa.list_(pa.string())),
        }
    )


_SQL = {
    "reports": "INSERT INTO reports BY NAME SELECT * FROM {v}",
    "sources": "INSERT INTO report_sources BY NAME SELECT * FROM {v}",
    "values": "INSERT INTO report_values SELECT report_id::VARCHAR, key::VARCHAR, value, "
    "derived, NULL FROM {v}",
    "findings": "INSERT INTO findings BY NAME SELECT * FROM {v}",
    "wide": f"INSERT INTO {wide.TABLE} BY NAME SELECT * FROM {{v}}",
}


def _insert(con, blocks: list[Block], organs: list[OrganRow], seed: int) -> tuple[int, int, int]:
    """Insert a chunk's reports, values and findings in one transaction, one statement
    per table: DuckDB writes a large append straight into the file as compressed row
    groups, while many small ones go through the write-ahead log first (~20% slower)."""
    now = datetime.now()
    ids = _agency_ids(organs)
    tables: dict[str, list[pa.Table]] = {name: [] for name in _SQL}
    for block in blocks:
        _sort_by_report_id(block, seed, organs)
        reports, report_ids = _report_table(block, organs, ids, seed, now)
        sources = reports.select(["report_id", "source_path", "source_sha256", "source_format"])
        sources = sources.append_column("role", pa.array(["primary"] * sources.num_rows))
        sources = sources.append_column("added_at", reports["ingested_at"])
        tables["reports"].append(reports)
        tables["sources"].append(sources)
        tables["values"].append(_values_table(block, report_ids))
        tables["findings"].append(_findings_table(block, report_ids))
        tables["wide"].append(_wide_table(block, report_ids))
    merged = {name: pa.concat_tables(parts) for name, parts in tables.items() if parts}
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in merged.items():
            view = f"_synth_{name}"
            con.register(view, table)
            con.execute(_SQL[name].format(v=view))
            con.unregister(view)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if not merged:
        return 0, 0, 0
    return merged["reports"].num_rows, merged["values"].num_rows, merged["findings"].num_rows


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
    generate = insert = 0.0
    try:
        for c, start in enumerate(range(0, len(organs), CHUNK_ORGANS)):
            remaining = n_reports - int(totals[0])
            if remaining <= 0:
                break
            t0 = time.perf_counter()
            chunk = organs[start : start + CHUNK_ORGANS]
            blocks = _truncate(simulate_chunk(chunk, np.random.default_rng([seed, c])), remaining)
            _carry_findings(blocks, chunk, seed)
            t1 = time.perf_counter()
            totals += _insert(con, blocks, chunk, seed)
            generate += t1 - t0
            insert += time.perf_counter() - t1
        rollup.build(con)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    Path(str(db) + ".wal").unlink(missing_ok=True)
    tmp.replace(db)
    return (
        f"synth seed {seed}: {totals[0]} reports, {totals[1]} values, {totals[2]} findings "
        f"into {db}; generate {generate:.1f}s, insert {insert:.1f}s, "
        f"total {time.perf_counter() - started:.1f}s"
    )
