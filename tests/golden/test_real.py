"""Golden tests on real report texts kept in the repository (tests/golden/real).

Each ``*.expected.json`` was written by hand from its text: ``values`` holds every
cell the text shows with certainty, and nothing else. The rule is the samples'
rule: every expected value exact, no value for a key the text does not show, the
template right; agency and year never wrong, and right wherever the text prints
them in full (``truncated`` files may print the organ without its place).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.parse import parse_file
from tests.golden.test_samples import diff_values

REAL = Path(__file__).parent / "real"
CASES = sorted(REAL.glob("*.expected.json"))


def _load(expected_path: Path) -> tuple[dict, Path]:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    return expected, expected_path.parent / expected["file"]


def test_there_are_real_reports():
    assert len(CASES) >= 15


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: p.name.split(".")[0])
def test_real_values_exact(expected_path: Path):
    expected, source = _load(expected_path)
    report = parse_file(source)
    problems = diff_values(expected["values"], report.read_values())
    assert not problems, f"{source.name}:\n{problems}"
    assert report.meta.template == expected["template"]


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: p.name.split(".")[0])
def test_real_meta_never_wrong(expected_path: Path):
    expected, source = _load(expected_path)
    meta = parse_file(source).meta
    if meta.year is not None or expected["year"] is not None:
        assert meta.year == expected["year"]
    if meta.agency is not None and expected.get("agency"):
        assert meta.agency in expected["agency"]
    if not expected.get("truncated"):
        assert meta.agency == expected["agency"]
    if "published_on" in expected:  # the issue date, where the case was checked for it
        assert meta.to_json()["published_on"] == expected["published_on"]
