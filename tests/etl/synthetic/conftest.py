"""Fixtures for the renderer tests; helpers live in ``render_helpers`` beside this file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Make render_helpers importable whatever pytest's import mode is.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(params=["2019", "2021"])
def template_id(request: pytest.FixtureRequest) -> str:
    return request.param
