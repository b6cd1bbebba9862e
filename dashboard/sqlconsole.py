"""The SQL page's engine: a user's statement on its own read-only connection to the
published snapshot, with a time limit and a row cap.

Safety comes from DuckDB, not from reading the statement: the file is opened with
``read_only=True`` (no statement can write it), external access is off (no COPY
TO, ATTACH, read_csv or extension install) and the configuration is locked so a
statement cannot turn either back on; memory and threads are capped. A timer
interrupts a statement that runs past the limit. Each run opens the file as it is
now and closes it afterwards.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

TIMEOUT_S = 10.0
MAX_ROWS = 10_000
MEMORY_LIMIT = "1GB"


class SqlError(RuntimeError):
    """The statement failed, was refused or ran out of time (a Chinese message)."""


@dataclass(frozen=True)
class SqlResult:
    """Rows of a statement (at most the cap), whether more existed, and the time taken."""

    df: pd.DataFrame
    truncated: bool
    seconds: float


def connect_read_only(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A locked-down read-only connection to the database file."""
    path = Path(path)
    if not path.is_file():
        raise SqlError(f"数据库文件不存在：{path}")
    try:
        con = duckdb.connect(
            str(path),
            read_only=True,
            config={"enable_external_access": False, "threads": 1, "memory_limit": MEMORY_LIMIT},
        )
    except duckdb.Error as exc:
        raise SqlError(f"无法以只读方式打开数据库：{str(exc).splitlines()[0]}") from exc
    con.execute("SET lock_configuration = true")
    return con


def _fetch(rel: duckdb.DuckDBPyRelation | None, max_rows: int) -> tuple[pd.DataFrame, bool]:
    """At most ``max_rows`` rows, streamed (a huge result is never materialised)."""
    if rel is None:  # a statement without a result (SET, PRAGMA …)
        return pd.DataFrame(), False
    reader = rel.to_arrow_reader(min(max_rows + 1, 8192))
    batches, n = [], 0
    for batch in reader:
        batches.append(batch)
        n += batch.num_rows
        if n > max_rows:
            break
    table = pa.Table.from_batches(batches, schema=reader.schema)
    return table.slice(0, max_rows).to_pandas(), n > max_rows


def run_query(
    path: str | Path, sql: str, *, timeout_s: float = TIMEOUT_S, max_rows: int = MAX_ROWS
) -> SqlResult:
    """Run one statement read-only; at most ``max_rows`` rows, interrupted after ``timeout_s``."""
    if not sql.strip():
        raise SqlError("请输入一条 SQL 语句。")
    con = connect_read_only(path)
    timer = threading.Timer(timeout_s, con.interrupt)
    start = time.perf_counter()
    timer.start()
    try:
        df, truncated = _fetch(con.sql(sql), max_rows)
    except duckdb.InterruptException as exc:
        raise SqlError(
            f"查询超过 {timeout_s:g} 秒的时间限制，已中止。请缩小范围或加 LIMIT。"
        ) from exc
    except duckdb.Error as exc:
        text = str(exc)
        if "read-only" in text or "read only" in text.lower():
            raise SqlError(f"只读：这里的查询不能修改数据库。（{text.splitlines()[0]}）") from exc
        if "Permission Error" in text or "external access" in text.lower():
            raise SqlError(f"不允许访问数据库以外的文件。（{text.splitlines()[0]}）") from exc
        raise SqlError(f"SQL 出错：{text}") from exc
    finally:
        timer.cancel()
        con.close()
    return SqlResult(df, truncated, time.perf_counter() - start)
