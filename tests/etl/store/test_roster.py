"""`xxgk roster` and ingest's manifest: both fill the roster table of the database."""

from __future__ import annotations

import shutil
from pathlib import Path

from etl.cli import main
from etl.pipeline import ingest
from etl.store.schema import open_read_only

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "data" / "reports" / "baoding-xzspj-2024.txt"


def rows(db: Path) -> list[tuple]:
    con = open_read_only(str(db))
    try:
        return con.execute(
            "SELECT agency, county, from_year, source FROM roster ORDER BY agency"
        ).fetchall()
    finally:
        con.close()


def test_cli_loads_an_organ_list_and_replaces_it_by_name(tmp_path, capsys):
    db = tmp_path / "x.duckdb"
    names = tmp_path / "organs.txt"
    names.write_text("河北省保定市满城区教育局\n保定市行政审批局\n", encoding="utf-8")
    assert main(["roster", str(names), "--db", str(db)]) == 0
    assert "2 organs" in capsys.readouterr().out
    got = rows(db)
    assert [r[0] for r in got] == ["保定市行政审批局", "河北省保定市满城区教育局"]
    assert got[1][1] == "满城区"  # placed from the name like a report's organ
    names.write_text("保定市行政审批局\n", encoding="utf-8")
    assert main(["roster", str(names), "--db", str(db)]) == 0
    assert [r[0] for r in rows(db)] == ["保定市行政审批局"]
    names.write_text("agency,from\n甲局,明年\n", encoding="utf-8")
    assert main(["roster", str(names), "--db", str(db)]) == 2
    assert "不是整数" in capsys.readouterr().err


def test_ingest_reads_the_manifest_as_a_roster(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    (folder / "manifest.csv").write_text(
        "file,agency,year\na.txt,保定市行政审批局,2024\nmissing.txt,保定市公安局,2023\n",
        encoding="utf-8",
    )
    db = tmp_path / "x.duckdb"
    ingest([folder], db)
    got = rows(db)
    assert [(a, y) for a, _, y, _ in got] == [("保定市公安局", 2023), ("保定市行政审批局", 2024)]
    assert got[0][3].startswith("manifest:")
