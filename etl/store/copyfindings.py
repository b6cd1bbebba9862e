"""What a copy screen (:mod:`etl.store.copyscreen`) writes: a year's C1/C2/C3 findings,
its ``copy_pairs`` and ``copy_screens`` rows and its boilerplate keys, replacing the year's
earlier ones in the caller's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import numpy as np

from etl.findings import Finding
from etl.store.rows import findings_frame, insert_findings, refresh_counts

if TYPE_CHECKING:
    from etl.store.copyscreen import YearScreen


def _findings(con, screen: YearScreen) -> dict[str, list[Finding]]:
    """C1/C2 findings per report: one per relation, naming the closest report."""
    names = dict(
        con.execute(
            "SELECT report_id, coalesce(agency, '（未识别机关）') || ' ' || coalesce(year, 0) "
            "FROM reports WHERE report_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted({p[1] for p in screen.pairs})],
        ).fetchall()
    )
    best: dict[tuple[str, str], list[tuple]] = {}
    for pair in screen.pairs:
        best.setdefault((pair[0], pair[2]), []).append(pair)
    out: dict[str, list[Finding]] = {}
    for (rid, relation), pairs in best.items():
        rid, other, _, sim, shared, _n = max(pairs, key=lambda p: (p[3], p[1]))
        more = f"；另有 {len(pairs) - 1} 份同年年报与它雷同" if len(pairs) > 1 else ""
        whose = "本机关上一年度" if relation == "previous_year" else "另一机关同一年度"
        out.setdefault(rid, []).append(
            Finding(
                "C1" if relation == "previous_year" else "C2",
                f"第一、五、六部分的文字与{whose}的年报《{names.get(other, other)}》[{other}]"
                f"高度雷同：扣除各年报共有的套话后，相似度 {sim:.0%}，共同语句 {shared} 句{more}。",
                found=round(sim, 4),
            )
        )
    return out


def store_year(con: duckdb.DuckDBPyConnection, screen: YearScreen, fingerprint: str) -> None:
    """Replace the year's C1/C2 findings, pairs and boilerplate (caller holds the transaction)."""
    year = screen.year
    in_year = "SELECT report_id FROM reports WHERE year = ?"
    before = [
        r
        for (r,) in con.execute(
            f"SELECT DISTINCT report_id FROM findings WHERE rule IN ('C1', 'C2', 'C3') "
            f"AND report_id IN ({in_year})",
            [year],
        ).fetchall()
    ]
    con.execute(
        f"DELETE FROM findings WHERE rule IN ('C1', 'C2', 'C3') AND report_id IN ({in_year})",
        [year],
    )
    con.execute(f"DELETE FROM copy_pairs WHERE report_id IN ({in_year})", [year])
    if screen.pairs:
        con.executemany("INSERT INTO copy_pairs VALUES (?, ?, ?, ?, ?, ?)", screen.pairs)
    found = _findings(con, screen)
    for rid, previous, n in screen.tables:
        found.setdefault(rid, []).append(
            Finding(
                "C3",
                f"统计表与本机关上一年度年报[{previous}]逐格相同（{n} 个非零单元格，"
                "读到的每个数值都一样）。",
            )
        )
    for rid, items in found.items():
        insert_findings(con, findings_frame(rid, items))
    refresh_counts(con, set(before) | set(found))
    con.execute("DELETE FROM copy_screens WHERE year = ?", [year])
    con.execute(
        "INSERT INTO copy_screens VALUES (?, ?, ?, ?, ?, ?, now())",
        [year, fingerprint, screen.n_reports, len(screen.pairs), screen.skipped, screen.seconds],
    )


def store_boilerplate(con: duckdb.DuckDBPyConnection, year: int, keys: set[int]) -> None:
    """Keep the year's boilerplate keys, so the 雷同 view can grey them out."""
    con.execute("DELETE FROM copy_boilerplate WHERE year = ?", [year])
    if keys:
        con.execute(
            "INSERT INTO copy_boilerplate SELECT ?, unnest(?::UBIGINT[])",
            [year, np.fromiter(keys, dtype=np.uint64).tolist()],
        )
