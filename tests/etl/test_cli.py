"""The `xxgk` command in a real subprocess: outputs, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def xxgk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, cwd=cwd
    )


def test_parse_json_seed_exact(seed_path: Path):
    out = xxgk("parse", str(seed_path), "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    expected = json.loads(seed_path.with_suffix("").with_suffix(".expected.json").read_text())
    assert payload["values"] == expected["values"]
    for field in ("agency", "year", "template"):
        assert payload["meta"][field] == expected[field]
    assert payload["findings"] == []
    assert set(payload["derived"]) == {
        f"apply.other.{c}"
        for c in ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    }


def test_ingest_check_exit_codes(tmp_path: Path, seed_path: Path):
    db = tmp_path / "x.duckdb"
    out = xxgk("ingest", str(seed_path), "--db", str(db), "--quiet")
    assert out.returncode == 0 and "loaded 1" in out.stdout
    assert xxgk("check", "--db", str(db)).returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text(
        seed_path.read_text().replace("行政许可\t30661", "行政许可\t-5"), encoding="utf-8"
    )
    xxgk("ingest", str(bad), "--db", str(db), "--quiet")
    check = xxgk("check", "--db", str(db))
    assert check.returncode == 1
    assert "R6" in check.stdout and "行政许可" in check.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("parse", "/no/such/file.txt"), "No such file"),
        (("check", "--db", "/no/such.duckdb"), "no database"),
        (("ingest", "/no/such/dir"), "no such file or folder"),
    ],
)
def test_errors_are_one_sentence(args, needle):
    out = xxgk(*args)
    assert out.returncode == 2
    assert needle in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_parse_unreadable_file(tmp_path: Path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"")
    out = xxgk("parse", str(f))
    assert out.returncode == 2 and "empty" in out.stderr and "Traceback" not in out.stderr


def test_dictionary_and_rules():
    d = xxgk("dictionary")
    assert d.returncode == 0 and "`apply.unable_not_held.natural`" in d.stdout
    r = xxgk("rules")
    assert r.returncode == 0 and "| R3 |" in r.stdout
