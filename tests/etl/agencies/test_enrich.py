"""Agency metadata through the real pipeline: names, manifest, renames, coverage."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from etl.agencies.context import _manifest_in, _renames_in
from etl.pipeline import ingest, parse_file


def _seed_as(seed: Path, folder: Path, name: str, agency: str, year: int) -> Path:
    text = seed.read_text(encoding="utf-8").replace("保定市行政审批局", agency)
    text = text.replace("2024", str(year))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def setup_function():
    _manifest_in.cache_clear()
    _renames_in.cache_clear()


def test_seed_place_level_kind(seed_path: Path):
    meta = parse_file(seed_path).meta
    assert (meta.province, meta.city, meta.county) == ("河北省", "保定市", "")
    assert (meta.level, meta.kind) == ("市级", "部门")
    assert meta.agency_id.startswith("130600-")


def test_ambiguous_county_gets_finding(tmp_path: Path, seed_path: Path):
    path = _seed_as(seed_path, tmp_path, "r.txt", "鼓楼区教育局", 2024)
    report = parse_file(path)
    assert report.meta.county == "鼓楼区"
    assert any(f.rule == "A1" for f in report.findings)


def test_folder_hint_settles_ambiguity(tmp_path: Path, seed_path: Path):
    folder = tmp_path / "江苏省" / "南京市"
    folder.mkdir(parents=True)
    report = parse_file(_seed_as(seed_path, folder, "r.txt", "鼓楼区教育局", 2024))
    assert (report.meta.province, report.meta.city) == ("江苏省", "南京市")
    assert not any(f.rule == "A1" for f in report.findings)


def test_manifest_overrides_and_flags_conflict(tmp_path: Path, seed_path: Path):
    path = _seed_as(seed_path, tmp_path, "r.txt", "鼓楼区教育局", 2024)
    (tmp_path / "manifest.csv").write_text(
        "file,province,city,county,level\nr.txt,福建省,福州市,鼓楼区,县级\n", encoding="utf-8"
    )
    report = parse_file(path)
    assert (report.meta.province, report.meta.city) == ("福建省", "福州市")
    assert not any(f.rule == "A1" for f in report.findings)


def test_bad_manifest_rejects_with_reason(tmp_path: Path, seed_path: Path):
    shutil.copy(seed_path, tmp_path / "r.txt")
    (tmp_path / "manifest.csv").write_text("file,colour\nr.txt,red\n", encoding="utf-8")
    summary = ingest([tmp_path], tmp_path / "db.duckdb")
    assert len(summary.rejected) == 1 and "manifest" in summary.rejected[0][1]


def test_rename_and_coverage(tmp_path: Path, seed_path: Path):
    old, new = "保定市行政审批局", "保定市数据和政务服务局"
    for year in (2021, 2022):
        _seed_as(seed_path, tmp_path, f"{year}.txt", old, year)
    _seed_as(seed_path, tmp_path, "2024.txt", new, 2024)
    (tmp_path / "renames.csv").write_text(f"old,new\n{old},{new}\n", encoding="utf-8")
    db = tmp_path / "db.duckdb"
    summary = ingest([tmp_path], db)
    assert len(summary.loaded) == 3
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(DISTINCT agency_id) FROM reports").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM agency_aliases").fetchone()[0] == 2
    status = dict(con.execute("SELECT year, status FROM v_coverage ORDER BY year").fetchall())
    assert status == {2021: "已发布", 2022: "已发布", 2023: "未发布", 2024: "已发布"}
