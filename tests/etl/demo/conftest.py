"""Fixtures for the demo tests: the simulated region, drawn once per session."""

from __future__ import annotations

import pytest

from etl.demo.simulate import Corpus, simulate_region

SEED = 2024


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return simulate_region(SEED)
