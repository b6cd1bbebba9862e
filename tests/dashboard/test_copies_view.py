"""The 雷同 view and the 通报's suspected copies on a real ingest of a corpus with copied
prose (tests/fixtures/copies.py): the pair, the similarity, the shared passages marked,
the filter by kind and the column in the DOCX / XLSX."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest
from docx import Document

from dashboard import copies, notice, office_queries, snapshot
from dashboard.filters import Filters
from etl.pipeline import IngestOptions, ingest
from etl.store import schema
from tests.fixtures.copies import COPIER, COPY_LAST_YEAR, ORGANS, SOURCE, write_corpus


@pytest.fixture(scope="module")
def cur(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    write_corpus(folder)
    db = folder / "x.duckdb"
    ingest([folder], db, options=IngestOptions(isolate=False))
    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, db, snapshot.SRC)
    snapshot.build(mem)
    yield mem.cursor()
    mem.close()


def _ids(cur) -> dict[tuple[str, int], str]:
    rows = cur.execute("SELECT agency, year, report_id FROM meta").fetchall()
    return {(a, y): rid for a, y, rid in rows}


def test_copied_prose_lists_each_pair_with_its_similarity(cur):
    got = office_queries.copied_prose(cur, Filters())
    rows = {(r.agency, r.relation, r.other_agency, r.other_year) for r in got.itertuples()}
    assert rows == {
        (COPY_LAST_YEAR, "previous_year", COPY_LAST_YEAR, 2023),
        (COPIER, "same_year", SOURCE, 2024),
        (SOURCE, "same_year", COPIER, 2024),
    }
    assert (got["similarity"] > 0.95).all() and (got["n_shared"] >= 4).all()
    assert office_queries.copied_prose(cur, Filters(year_from=2023, year_to=2023)).empty


def test_pair_view_marks_the_shared_own_sentences(cur):
    ids = _ids(cur)
    view = copies.pair_view(cur, ids[(COPIER, 2024)], ids[(SOURCE, 2024)])
    assert view is not None and view.relation == "same_year" and view.similarity > 0.95
    assert (view.left.agency, view.right.agency) == (COPIER, SOURCE)
    shared = [p.text for p in view.left.passages if p.shared and not p.boilerplate]
    assert len(shared) == view.left.n_shared >= 4
    assert all(
        any(s == q.text.replace(SOURCE, COPIER) for q in view.right.passages) for s in shared
    )
    # the template's part titles and common phrases are marked as boilerplate, not as copied
    assert any(p.boilerplate for p in view.left.passages)
    html = copies.passage_html(view.left.passages)
    assert html.count('data-kind="both"') == len(shared)
    # an original pair: nothing of their own is shared, no relation
    other = copies.pair_view(cur, ids[(ORGANS[5], 2024)], ids[(ORGANS[6], 2024)])
    assert other is not None and other.relation is None and other.left.n_shared == 0
    assert other.kind == "未判为雷同"


def test_notice_lists_prose_and_table_copies_and_filters_by_kind(cur):
    n = notice.build_notice(cur, Filters(), 2024, "快照")
    listed = n.lists["copies"]
    assert set(zip(listed["agency"], listed["copy_kind"], strict=True)) == {
        (COPY_LAST_YEAR, "previous_year"),
        (COPIER, "same_year"),
        (SOURCE, "same_year"),
    }
    assert n.count("copies") == 3
    only = notice.build_notice(cur, Filters(), 2024, "快照", ("previous_year",))
    assert list(only.lists["copies"]["agency"]) == [COPY_LAST_YEAR]
    none = notice.build_notice(cur, Filters(), 2024, "快照", ("tables",))
    assert none.lists["copies"].empty and none.count("copies") == 0
    table = notice.section_table(n, "copies")
    assert {"雷同类型", "雷同对象", "相似度"} <= set(table.columns)
    assert set(table["雷同类型"]) == {"文字与上一年雷同", "文字与同年其他机关雷同"}

    book = pd.read_excel(io.BytesIO(notice.to_xlsx(n)), sheet_name=None)
    sheet = book[notice.SECTIONS["copies"][:31]]
    assert set(sheet["雷同类型"]) == {"文字与上一年雷同", "文字与同年其他机关雷同"}
    assert f"{COPY_LAST_YEAR} 2023 年" in set(sheet["雷同对象"])
    doc = Document(io.BytesIO(notice.to_docx(n)))
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "文字与同年其他机关雷同" in text and SOURCE in text
    assert "疑似雷同 3 份" in "\n".join(p.text for p in doc.paragraphs)


def test_cli_notice_lists_the_kinds_asked_for(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    write_corpus(tmp_path)
    db = tmp_path / "x.duckdb"
    ingest([tmp_path], db, options=IngestOptions(isolate=False))
    root = Path(__file__).resolve().parents[2]
    for kinds, want in (([], {COPY_LAST_YEAR, COPIER, SOURCE}), (["same_year"], {COPIER, SOURCE})):
        out = tmp_path / f"n{len(kinds)}.xlsx"
        args = ["--copies", *kinds] if kinds else []
        res = subprocess.run(
            [sys.executable, "-m", "etl.cli", "notice", "--db", str(db), "--year", "2024",
             "--out", str(out), *args],
            capture_output=True, text=True, cwd=root, env=dict(os.environ, PYTHONPATH=str(root)),
        )  # fmt: skip
        assert res.returncode == 0, res.stderr
        sheet = pd.read_excel(out, sheet_name=notice.SECTIONS["copies"][:31])
        assert set(sheet[notice.COLUMNS["agency"]]) == want
