"""Shared fixtures: paths to the real samples, a DuckDB built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = (ROOT.parent / "shared" / "samples").resolve()


def pytest_configure(config):
    config.addinivalue_line("markers", "samples: needs ../shared/samples beside the checkout")


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.exists():
        pytest.skip(f"real samples not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture(scope="session")
def seed_path(samples_dir: Path) -> Path:
    return samples_dir / "baoding-xzspj-2024.txt"


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"
