"""Shared fixtures: paths to the real samples (kept under tests/golden/samples)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Copies of the real samples (public documents) kept in the repository, so that a plain
# clone needs nothing beside it.
SAMPLES = ROOT / "tests" / "golden" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def seed_path(samples_dir: Path) -> Path:
    return samples_dir / "baoding-xzspj-2024.txt"


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"
