"""`xxgk explain`: provenance lines for read, derived and absent values; one-sentence errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etl.explain import ExplainError, explain
from etl.pipeline import IngestOptions, ingest
from etl.store.schema import open_read_only
from tests.hostile.make_hostile import report_text, text_to_html


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("explain")
    text = report_text("保定市甲局", 2024)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.html").write_text(text_to_html(text, "保定市甲局"), encoding="utf-8")
    lines = [
        ln for ln in report_text("保定市乙局", 2024).splitlines() if not ln.startswith("重复申请")
    ]
    (folder / "c.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "x.duckdb"
    ingest([folder], path, options=IngestOptions(isolate=False))
    return path


def report_id(db: Path, agency: str) -> str:
    con = open_read_only(db)
    try:
        return con.execute("SELECT report_id FROM reports WHERE agency = ?", [agency]).fetchone()[0]
    finally:
        con.close()


def run_explain(db: Path, rid: str, key: str) -> str:
    con = open_read_only(db)
    try:
        return explain(con, rid, key)
    finally:
        con.close()


def test_read_value_has_file_labels_cell_and_position(db):
    rid = report_id(db, "保定市甲局")
    out = run_explain(db, rid, "apply.unable_not_held.natural")
    assert f"报告 report:   {rid}  保定市甲局 · 2024年 · 模板 2021" in out
    assert "a.txt (text" in out and "b.html (html, same values)" in out
    assert "本机关不掌握相关政府信息 · 自然人" in out
    assert "数值 value:    8" in out
    assert "行“本机关不掌握相关政府信息” · 列“自然人” · 原文“8” · 第" in out


def test_derived_value_lists_its_parts(db):
    out = run_explain(db, report_id(db, "保定市甲局"), "apply.other.total")
    assert "派生 derived = apply.other_no_correction.total (0) + " in out
    assert out.count("  apply.other_") == 3


def test_absent_value_says_so_and_why(db):
    out = run_explain(db, report_id(db, "保定市乙局"), "apply.rejected_repeat.natural")
    assert "缺失 absent" in out and "never 0" in out
    assert "T1" in out  # the finding naming the missing row


def test_prefix_and_unknown_ids_and_keys(db):
    rid = report_id(db, "保定市甲局")
    assert rid in run_explain(db, rid[:6], "apply.new.total")
    with pytest.raises(ExplainError, match="no report with id 'zzzz'"):
        run_explain(db, "zzzz", "apply.new.total")
    with pytest.raises(ExplainError, match=r"did you mean 'apply\.new\.total'"):
        run_explain(db, rid, "apply.new.totl")


def test_cli_explain_exit_codes(db):
    rid = report_id(db, "保定市甲局")

    def xxgk(*args):
        return subprocess.run(
            [sys.executable, "-m", "etl.cli", *args, "--db", str(db)],
            capture_output=True,
            text=True,
        )

    ok = xxgk("explain", rid, "appeal.review.total")
    assert ok.returncode == 0 and "数值 value:    2" in ok.stdout
    for args, needle in (
        (("explain", "nope", "apply.new.total"), "no report with id"),
        (("explain", rid, "bad.key"), "not a canonical key"),
    ):
        bad = xxgk(*args)
        assert bad.returncode == 2 and needle in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
