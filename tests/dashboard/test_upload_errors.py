"""Cases 5 and 10 of issue 12 on the upload page: errors stay inside it, rejects are removed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import pytest
from test_app import run_app

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "data" / "reports" / "baoding-xzspj-2024.txt").read_bytes()


def _upload(at, files):
    at.file_uploader[0].set_value(files).run()
    at.button(key="upload-go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _shown(at) -> str:
    parts = [e.value for e in at.error] + [e.value for e in at.warning]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


def test_a_300_character_name_is_loaded_without_a_traceback(tmp_path, monkeypatch):
    db = tmp_path / "new" / "up.duckdb"
    at = run_app(db, monkeypatch, "upload")
    name = "年" * 300 + ".txt"
    _upload(at, [(name, SEED, "text/plain")])
    result = at.dataframe[0].value
    assert list(result["状态"]) == ["已导入"], result


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_data_folder_is_one_chinese_message(tmp_path, monkeypatch):
    db = tmp_path / "ro" / "up.duckdb"
    db.parent.mkdir()
    at = run_app(db, monkeypatch, "upload")
    db.parent.chmod(0o555)
    try:
        _upload(at, [("baoding.txt", SEED, "text/plain")])
    finally:
        db.parent.chmod(0o755)
    text = _shown(at)
    assert "无法" in text and str(tmp_path) not in text and "Errno" not in text


def test_upload_folder_that_cannot_be_written_is_one_chinese_message(tmp_path, monkeypatch):
    db = tmp_path / "blocked" / "up.duckdb"
    db.parent.mkdir()
    (db.parent / "uploads").write_text("a file where the uploads folder should be")
    at = run_app(db, monkeypatch, "upload")
    _upload(at, [("baoding.txt", SEED, "text/plain")])
    text = _shown(at)
    assert "无法保存" in text and str(tmp_path) not in text and "Errno" not in text


def test_rejected_uploads_are_not_kept_on_disk(tmp_path, monkeypatch):
    db = tmp_path / "new" / "up.duckdb"
    at = run_app(db, monkeypatch, "upload")
    _upload(at, [("baoding.txt", SEED, "text/plain"), ("empty.txt", b"   \n", "text/plain")])
    kept = sorted(p.name for p in (db.parent / "uploads").rglob("*") if p.is_file())
    assert kept == ["baoding.txt"]
    assert "未能导入" in set(at.dataframe[0].value["状态"])


def test_a_rejection_reason_reads_in_chinese_only(tmp_path, monkeypatch):
    """Issue 15 bug 8: the reader's English detail ("the file is not a PDF: …") stays in the
    database for a bug report; the upload page shows the Chinese sentence alone."""
    db = tmp_path / "new" / "up.duckdb"
    at = run_app(db, monkeypatch, "upload")
    _upload(at, [("fake.pdf", "这不是PDF，只是文字。".encode() * 20, "application/pdf")])
    result = at.dataframe[0].value
    reasons = list(result.loc[result["状态"] == "未能导入", "原因说明"].astype(str))
    assert reasons and all("文件" in r for r in reasons), result
    assert not any(re.search(r"[A-Za-z]{3,}", r) for r in reasons), reasons
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute("SELECT reason FROM rejected_files").fetchall()
    finally:
        con.close()
    assert stored and re.search(r"[A-Za-z]{3,}", stored[0][0]), stored  # the detail is kept
