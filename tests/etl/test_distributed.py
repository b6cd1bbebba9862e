"""Parsing on a Dask cluster: a local cluster of worker processes on loopback.

The files' bytes travel to the workers (the workers parse copies in their own
temporary folders, with the manifest and rename list shipped from here), results
stream back to the one writer, and the database equals a local ingest's.
"""

from __future__ import annotations

import sys
import types

import pytest

from etl.pipeline import IngestOptions, ingest
from tests.etl.db_contents import assert_same_contents
from tests.etl.test_pool import demo_files, one_worker  # noqa: F401 - shared fixtures

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    # Worker processes are spawned, and spawn re-runs the parent's ``__main__`` file. Streamlit's
    # AppTest (run earlier in the same pytest worker) leaves the dashboard script as ``__main__``,
    # so the workers would start the dashboard and die; give them a clean ``__main__``.
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        with (
            distributed.LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as c,
            distributed.Client(c),
        ):
            yield c
    finally:
        sys.modules["__main__"] = main


@pytest.mark.slow
def test_a_dask_cluster_stores_what_a_local_ingest_stores(
    demo_files,  # noqa: F811
    one_worker,  # noqa: F811
    cluster,
    tmp_path,
):
    db = tmp_path / "dask.duckdb"
    summary = ingest([demo_files], db, options=IngestOptions(scheduler=cluster.scheduler_address))
    assert summary.loaded and summary.rejected and summary.replaced
    assert_same_contents(one_worker, db)
    with distributed.Client(cluster.scheduler_address) as client:
        readers = client.run(_idle_readers)
    # each single-threaded worker started one reader process and reused it for every file
    assert sorted(readers.values()) == [1, 1], readers


def _idle_readers() -> int:
    from etl import distributed as remote

    return len(remote._idle)


def test_the_cli_takes_the_scheduler_from_the_environment(
    demo_files,  # noqa: F811
    cluster,
    tmp_path,
    monkeypatch,
    capsys,
):
    from etl.cli import main

    monkeypatch.setenv("XXGK_SCHEDULER", cluster.scheduler_address)
    db = tmp_path / "env.duckdb"
    assert main(["ingest", str(demo_files / "versions"), "--db", str(db), "--quiet"]) == 0
    assert "loaded 2 (1 replacing an older version)" in capsys.readouterr().out


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, capsys):
    from etl.cli import main

    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code = main(
        [
            "ingest",
            str(tmp_path),
            "--db",
            str(tmp_path / "x.duckdb"),
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--quiet",
        ]
    )
    assert code == 2
    assert "Dask scheduler" in capsys.readouterr().err


def test_files_travel_several_a_task_and_come_back_in_order(cluster, tmp_path):
    from etl.distributed import DaskReader
    from etl.worker import ParseJob
    from tests.hostile.make_hostile import report_text

    paths = []
    for i in range(7):
        p = tmp_path / f"r{i}.txt"
        p.write_text(report_text(f"测试市第{i}局", 2022), encoding="utf-8")
        paths.append(str(p))
    (tmp_path / "empty.txt").write_bytes(b"")
    paths.insert(2, str(tmp_path / "empty.txt"))  # rejected on the worker
    paths.insert(5, str(tmp_path / "gone.txt"))  # cannot be read here: rejected at once
    reader = DaskReader(cluster.scheduler_address, timeout=60, batch=3)
    try:
        assert reader.depth == 4 * 3  # two tasks of three files queued for each worker thread
        for p in paths:
            reader.submit(ParseJob(p, 1 << 24, 1 << 24))
        outcomes = [reader.collect() for _ in paths]
    finally:
        reader.close()
    assert [o.path for o in outcomes] == paths
    assert outcomes[2].kind == "empty" and outcomes[5].kind == "unreadable"
    assert all(o.report is not None for i, o in enumerate(outcomes) if i not in (2, 5))
