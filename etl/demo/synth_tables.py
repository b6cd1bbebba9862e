"""``xxgk synth``'s rows: a chunk's simulated reports as Arrow tables, and their bulk insert.

A :class:`Block` holds the reports of one year and template of a chunk of organs as a
(reports × keys) matrix; :func:`chunk_tables` turns a chunk's blocks into one Arrow table
per target table (``reports``, ``report_sources``, ``report_values``, ``findings``,
``report_wide``) and :func:`write_chunk` inserts them in one transaction.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pyarrow as pa

from etl.agencies.identity import organ_key
from etl.agencies.keys import agency_id_for
from etl.agencies.places import PlaceResult
from etl.demo.organs import OrganRow
from etl.findings import Finding
from etl.store import wide
from etl.template import derived_keys, get_template

SOURCE_FORMAT = "synth"


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


def row_values(block: Block, i: int) -> dict[str, float]:
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


def chunk_tables(blocks: list[Block], organs: list[OrganRow], seed: int) -> dict[str, pa.Table]:
    """A chunk's rows as one Arrow table per target table (see ``_SQL``)."""
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
    return {name: pa.concat_tables(parts) for name, parts in tables.items() if parts}


def write_chunk(con, tables: dict[str, pa.Table]) -> tuple[int, int, int]:
    """Insert a chunk in one transaction, one statement per table: DuckDB writes a large
    append straight into the file as compressed row groups, while many small ones go
    through the write-ahead log first (~20% slower). Runs in the writer thread."""
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in tables.items():
            view = f"_synth_{name}"
            con.register(view, table)
            con.execute(_SQL[name].format(v=view))
            con.unregister(view)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if not tables:
        return 0, 0, 0
    return tables["reports"].num_rows, tables["values"].num_rows, tables["findings"].num_rows
