"""``repeats.nonzero_sql`` (the flat count the pair search uses) counts what the spelled-out
sum of ``compare_sql`` counts: NULL and zero (also -0.0) not, any other number yes."""

from __future__ import annotations

import duckdb
import pytest

from etl.store import repeats
from etl.store import wide as wide_table


@pytest.mark.parametrize(
    "cells",
    [
        {},
        {0: 1.0},
        {0: 0.0, 1: -0.0, 2: None, 3: 2.5, 4: -3.0},
        {i: float(i % 3) for i in range(40)},
    ],
)
def test_nonzero_count_equals_the_spelled_out_sum(cells):
    keys = wide_table.columns()
    con = duckdb.connect()
    cols = ", ".join(f"{wide_table.quote(k)} DOUBLE" for k in keys)
    con.execute(f"CREATE TABLE w ({cols})")
    row = [cells.get(i) for i in range(len(keys))]
    con.execute(f"INSERT INTO w VALUES ({', '.join('?' * len(keys))})", row)
    _, spelled = repeats.compare_sql("a", "b")
    flat, full = con.execute(f"SELECT {repeats.nonzero_sql('a')}, {spelled} FROM w a").fetchone()
    assert flat == full == sum(1 for v in row if v)
