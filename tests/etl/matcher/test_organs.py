"""Organ names: the forms reports use, completion with the city, and the A3 finding."""

from __future__ import annotations

import json
from pathlib import Path

from etl.parse import parse_file

REAL = Path(__file__).parents[2] / "golden" / "real"
CASE = "wendeng-xfj-2022"  # titled 威海市文登区信访局2022年政府信息公开工作年度报告


def _copy(tmp_path: Path, name: str, tail: str = "") -> Path:
    text = (REAL / f"{CASE}.txt").read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(text + tail, encoding="utf-8")
    return path


def _a3(path: Path) -> list[str]:
    return [f.message for f in parse_file(path).findings if f.rule == "A3"]


def test_same_organ_everywhere_raises_nothing(tmp_path: Path):
    signed = "\n\n威海市文登区信访局\n2023年1月20日\n"
    assert _a3(_copy(tmp_path, "文登区信访局2022年政府信息公开工作年度报告.txt", signed)) == []


def test_signature_of_another_organ_is_an_agency_finding(tmp_path: Path):
    report = parse_file(_copy(tmp_path, "report.txt", "\n\n威海市文登区民政局\n2023年1月20日\n"))
    expected = json.loads((REAL / f"{CASE}.expected.json").read_text(encoding="utf-8"))
    assert report.meta.agency == expected["agency"]  # the title's organ is kept
    (message,) = [f.message for f in report.findings if f.rule == "A3"]
    assert "落款" in message and "威海市文登区民政局" in message


def test_file_name_of_another_organ_is_an_agency_finding(tmp_path: Path):
    messages = _a3(_copy(tmp_path, "荣成市信访局2022年政府信息公开工作年度报告.txt"))
    assert len(messages) == 1 and "文件名" in messages[0]
