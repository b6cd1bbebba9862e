"""Golden tests: every real sample parses to exactly its expected values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.parse import parse_file
from tests.conftest import SAMPLES


def _cases() -> list[Path]:
    return sorted(SAMPLES.glob("*.expected.json")) + sorted(
        SAMPLES.glob("excerpts/*.expected.json")
    )


def _source(expected: Path) -> Path:
    data = json.loads(expected.read_text(encoding="utf-8"))
    return expected.parent / data["file"]


def diff_values(expected: dict, got: dict) -> str:
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    different = sorted(k for k in set(expected) & set(got) if float(expected[k]) != float(got[k]))
    lines = []
    if missing:
        lines.append(f"missing ({len(missing)}): {missing}")
    if extra:
        lines.append(f"extra ({len(extra)}): {extra}")
    if different:
        lines.append(
            "different: " + ", ".join(f"{k} expected {expected[k]} got {got[k]}" for k in different)
        )
    return "\n".join(lines)


@pytest.mark.parametrize("expected_path", _cases(), ids=lambda p: p.name.split(".")[0])
def test_sample_values_exact(expected_path: Path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    source = _source(expected_path)
    if source.suffix.lower() == ".pdf":
        pytest.importorskip("etl.readers.pdf")
    report = parse_file(source)
    problems = diff_values(expected["values"], report.read_values())
    assert not problems, f"{source.name}:\n{problems}"
    assert report.meta.template == expected["template"]


@pytest.mark.parametrize("expected_path", _cases(), ids=lambda p: p.name.split(".")[0])
def test_sample_meta_never_wrong(expected_path: Path):
    """Agency and year: right where the text prints them, never a wrong value."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    source = _source(expected_path)
    if source.suffix.lower() == ".pdf":
        pytest.importorskip("etl.readers.pdf")
    meta = parse_file(source).meta
    if meta.year is not None:
        assert meta.year == expected["year"]
    if "published_on" in expected:  # the issue date, where the case was checked for it
        assert meta.to_json()["published_on"] == expected["published_on"]
    if meta.agency is not None and expected.get("agency"):
        # Archive excerpts may print the organ without the place the page address gives.
        assert meta.agency in expected["agency"]
    if not expected.get("truncated"):
        assert meta.agency == expected["agency"]
        assert meta.year == expected["year"]
