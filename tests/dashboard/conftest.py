"""Dashboard fixtures: the factory database (built once), an empty one, a missing path."""

from __future__ import annotations

from pathlib import Path

import dash_factory as factory
import pytest

# the real-server and browser fixtures, for every browser test module of this folder
from test_browser import browser, page, server  # noqa: F401

from etl.store import schema


@pytest.fixture(scope="session")
def dash_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dash")
    sources = root / "sources"
    sources.mkdir()
    path = root / "dash.duckdb"
    factory.build_db(path, sources)
    return path


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    schema.connect(str(path)).close()
    return path


@pytest.fixture
def missing_db(tmp_path) -> Path:
    return tmp_path / "nowhere" / "missing.duckdb"


@pytest.fixture(scope="session")
def store(dash_db: Path):
    """The dashboard's in-memory store built from the factory database."""
    mem = factory.open_store(dash_db)
    yield mem
    mem.close()


@pytest.fixture
def cur(store):
    c = store.cursor()
    yield c
    c.close()
