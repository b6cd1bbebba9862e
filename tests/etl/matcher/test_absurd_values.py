"""Case 2 of issue 12: a number beyond any plausible count is absent with an error finding."""

from __future__ import annotations

import json
import math

import pytest

from etl.pipeline import parse_file
from tests.hostile.make_hostile import report_text


@pytest.mark.parametrize("digits", [11, 400, 5000])
def test_absurd_cell_is_absent_with_an_error(tmp_path, digits):
    path = tmp_path / "absurd.txt"
    path.write_text(report_text("某市某局", 2022, licensing="9" * digits), encoding="utf-8")
    report = parse_file(path)
    key = "active.licensing.decisions"
    assert key not in report.values
    assert all(math.isfinite(v.value) for v in report.values.values())
    errors = [f for f in report.findings if f.rule == "P8"]
    assert errors and errors[0].severity == "error" and key in errors[0].keys
    json.dumps(report.to_json(), allow_nan=False)  # valid JSON: no Infinity anywhere


def test_plausible_large_count_is_kept(tmp_path):
    path = tmp_path / "large.txt"
    path.write_text(report_text("某市某局", 2022, licensing=12_345_678), encoding="utf-8")
    report = parse_file(path)
    assert report.values["active.licensing.decisions"].value == 12_345_678
    assert not [f for f in report.findings if f.rule == "P8"]


def test_absurd_number_in_prose_never_reaches_a_finding(tmp_path):
    text = report_text("某市某局", 2022).replace("申请25件", "申请" + "9" * 400 + "件")
    assert "9" * 400 in text
    path = tmp_path / "prose.txt"
    path.write_text(text, encoding="utf-8")
    payload = parse_file(path).to_json()
    json.dumps(payload, allow_nan=False)


def test_absurd_cell_never_reaches_the_store(tmp_path):
    import duckdb

    from etl.pipeline import IngestOptions, ingest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "absurd.txt").write_text(
        report_text("某市某局", 2022, licensing="9" * 400), encoding="utf-8"
    )
    db = tmp_path / "x.duckdb"
    summary = ingest([tmp_path / "in"], db, options=IngestOptions(isolate=False))
    assert len(summary.loaded) == 1
    con = duckdb.connect(str(db), read_only=True)
    bad = con.execute("SELECT count(*) FROM report_values WHERE NOT isfinite(value)").fetchone()
    rules = {r[0] for r in con.execute("SELECT rule FROM findings").fetchall()}
    con.close()
    assert bad == (0,) and "P8" in rules
