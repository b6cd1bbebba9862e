"""One writer, many readers, and SIGKILL at random moments: the database stays whole."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.store.publish import work_path
from etl.store.schema import DatabaseBusy, open_read_only
from tests.etl.store.wide_check import assert_wide_is_pivot
from tests.hostile.make_hostile import report_text

DIGITS = "零一二三四五六七八九"
N_VALUES = 208  # values of one generated report (201 read + 7 derived)


def agency(i: int) -> str:
    return "测试市" + "".join(DIGITS[int(d)] for d in str(i)) + "号局"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(60):
        (folder / f"r{i:03}.txt").write_text(report_text(agency(i), 2024), encoding="utf-8")
    return folder


def start_ingest(folder: Path, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "etl.cli",
            "ingest",
            str(folder),
            "--db",
            str(db),
            "--quiet",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def has_tables(db: Path) -> bool:
    """False for a file killed between its creation and its schema's one transaction (an
    empty database: nothing half-written, the next ingest creates the schema in it)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0] > 0
    finally:
        con.close()


def assert_whole(db: Path, *, read_only: bool = True, published: bool = True) -> int:
    """Every report in ``db`` is complete, and so is ``report_wide`` in a published file
    (a working file may lack the rows of reports loaded since its last publication);
    returns how many reports there are."""
    con = duckdb.connect(str(db), read_only=read_only)
    try:
        assert_wide_is_pivot(con, complete=published)
        per_report = con.execute(
            """SELECT r.report_id, count(v.key),
                      (SELECT count(*) FROM report_sources s
                       WHERE s.report_id = r.report_id AND s.role = 'primary')
               FROM reports r LEFT JOIN report_values v USING (report_id)
               GROUP BY r.report_id"""
        ).fetchall()
        assert all(n == N_VALUES and src == 1 for _, n, src in per_report), per_report
        orphans = con.execute(
            "SELECT count(*) FROM report_values WHERE report_id NOT IN (SELECT report_id FROM reports)"
        ).fetchone()[0]
        assert orphans == 0
        return len(per_report)
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_only_whole_reports(corpus: Path, tmp_path: Path):
    db = tmp_path / "xxgk.duckdb"
    rng = random.Random(7)
    seen = []
    for delay in [0.05, *(rng.uniform(0.3, 3.0) for _ in range(6))]:
        proc = start_ingest(corpus, db, "--publish-every", "7")
        time.sleep(delay)
        kids = children_of(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        if db.exists():
            seen.append(assert_whole(db))  # what the dashboard would see
        if work_path(db).exists() and has_tables(work_path(db)):
            assert_whole(work_path(db), published=False)  # what the next ingest resumes from
        deadline = time.monotonic() + 30  # polls each 0.5 s; slow only on a loaded machine
        while any(Path(f"/proc/{k}").exists() for k in kids) and time.monotonic() < deadline:
            time.sleep(0.1)  # the reader worker notices its parent is gone and exits
        alive = [
            k
            for k in kids
            if Path(f"/proc/{k}").exists()
            and "Z" not in Path(f"/proc/{k}/stat").read_text().split()[2]
        ]
        assert not alive, f"worker processes outlived the killed ingest: {alive}"
    final = start_ingest(corpus, db)
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert "Traceback" not in err
    assert assert_whole(db) == 60
    assert not work_path(db).exists()
    assert seen == sorted(seen)  # the published snapshot never went backwards


@pytest.mark.slow
def test_readers_query_while_ingest_runs(corpus: Path, tmp_path: Path):
    db = tmp_path / "xxgk.duckdb"
    proc = start_ingest(corpus, db, "--publish-every", "5")
    counts: list[int] = []
    second = None
    while proc.poll() is None:
        if not db.exists():
            time.sleep(0.02)
            continue
        con = open_read_only(db)
        try:
            n = con.execute("SELECT count(*) FROM reports").fetchone()[0]
            partial = con.execute(
                """SELECT count(*) FROM (SELECT report_id, count(*) AS n FROM report_values
                   GROUP BY report_id) WHERE n <> ?""",
                [N_VALUES],
            ).fetchone()[0]
        finally:
            con.close()
        assert partial == 0
        counts.append(n)
        if second is None and n > 0:
            second = start_ingest(corpus, db)  # a second writer must be refused, not corrupt
            _, err2 = second.communicate(timeout=120)
            assert second.returncode == 2 and "another 'xxgk ingest'" in err2, err2
        time.sleep(0.01)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    con = open_read_only(db)
    counts.append(con.execute("SELECT count(*) FROM reports").fetchone()[0])
    con.close()
    assert counts == sorted(counts) and counts[-1] == 60
    assert len(set(counts)) >= 3, counts  # intermediate snapshots were published and read
    assert second is not None


def test_open_read_only_waits_for_a_foreign_writer(tmp_path: Path):
    db = tmp_path / "locked.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); "
            "time.sleep(1.5)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(DatabaseBusy, match="locked by another program"):
        open_read_only(db, attempts=2, delay=0.05)
    con = open_read_only(db, attempts=60, delay=0.1)  # succeeds once the writer is gone
    con.close()
    holder.wait(10)


def test_interrupted_work_is_resumed_not_lost(corpus: Path, tmp_path: Path):
    from etl.pipeline import IngestOptions, ingest, parse_file, sha256_of, to_record
    from etl.store.loader import load_report
    from etl.store.schema import connect

    db = tmp_path / "x.duckdb"
    files = sorted(corpus.iterdir())[:3]
    ingest(files[:2], db, options=IngestOptions(isolate=False))
    # A killed ingest: the third report was committed to the working file, never published.
    work = work_path(db)
    work.write_bytes(db.read_bytes())
    con = connect(str(work))
    load_report(con, to_record(parse_file(files[2]), files[2], sha256_of(files[2]), "text"))
    con.close()
    assert assert_whole(db) == 2
    summary = ingest(files, db, options=IngestOptions(isolate=False))
    assert summary.resumed and len(summary.unchanged) == 3 and not summary.loaded
    assert not work.exists()
    assert assert_whole(db) == 3


def test_the_writer_stores_on_one_thread_and_publishes_at_last_on_every_core(
    tmp_path: Path, monkeypatch
):
    """With local parse workers on every core, DuckDB writes batches on one thread; the
    final publication (the workers done) runs on DuckDB's default threads."""
    from etl.store import copyscreen
    from etl.store.publish import Writer

    default = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0]
    seen: list[int] = []
    refresh = copyscreen.refresh

    def spy(con, *args, **kwargs):
        seen.append(con.execute("SELECT current_setting('threads')").fetchone()[0])
        return refresh(con, *args, **kwargs)

    threads = "SELECT current_setting('threads')"
    with Writer(tmp_path / "t.duckdb", threads=1) as writer:
        assert writer.con.execute(threads).fetchone()[0] == 1
        writer.publish()  # a snapshot while workers parse: the new connection too
        assert writer.con.execute(threads).fetchone()[0] == 1
        monkeypatch.setattr(copyscreen, "refresh", spy)  # the real one, and what it ran on
        writer.publish(final=True)
    assert seen == [default]
    with Writer(tmp_path / "u.duckdb") as writer:  # no workers here: DuckDB's default
        assert writer.con.execute(threads).fetchone()[0] == default
