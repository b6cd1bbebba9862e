"""The text reader: separators, encodings, truncation."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from etl.readers.base import CorruptFile
from etl.readers.text import read_text, split_line


def _cells(doc):
    return [[c.text for c in row] for row in doc.blocks[0].rows]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("\t\t自然人\t法人或其他组织", ["", "", "自然人", "法人或其他组织"]),
        ("规章 | 0 | 0 | 0 |", ["规章", "0", "0", "0"]),
        ("| 规章 |  | 0 |", ["规章", "", "0"]),
        ("0 0 0 0 0", ["0", "0", "0", "0", "0"]),
        ("行政许可 9487", ["行政许可", "9487"]),
        ("规章000", ["规章000"]),
        # units in the cells of a space-separated row (pingtan-czj-2020: '2笔 984361元')
        ("政府集中采购 2笔 984361元", ["政府集中采购", "2笔", "984361元"]),
        ("政府集中采购 3 12.5万元", ["政府集中采购", "3", "12.5万元"]),
        (
            "2024 年，全区政府信息公开工作虽取得一定成绩",
            ["2024 年，全区政府信息公开工作虽取得一定成绩"],
        ),
        ("", []),
    ],
)
def test_split_line(line, cells):
    assert split_line(line) == cells


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings(tmp_path: Path, encoding: str):
    text = "规章\t0\t1\t２\n行政许可\t5\n"
    p = tmp_path / "r.txt"
    p.write_bytes(text.encode(encoding))
    assert _cells(read_text(p))[:2] == [["规章", "0", "1", "２"], ["行政许可", "5"]]


def test_bom_is_not_in_first_cell(tmp_path: Path):
    p = tmp_path / "r.txt"
    p.write_bytes(codecs.BOM_UTF8 + "规章\t0".encode())
    assert _cells(read_text(p))[0][0] == "规章"


def test_cut_file_marks_last_cell(tmp_path: Path):
    p = tmp_path / "r.txt"
    p.write_text("予以公开 |\n1 | 0 | 0", encoding="utf-8")
    doc = read_text(p)
    last = doc.blocks[0].rows[-1][-1]
    assert last.text == "0" and last.is_cut and doc.is_truncated
    p.write_text("予以公开 |\n1 | 0 | 0 |\n", encoding="utf-8")
    assert not any(c.is_cut for row in read_text(p).blocks[0].rows for c in row)


def test_empty_and_binary_rejected(tmp_path: Path):
    p = tmp_path / "e.txt"
    p.write_bytes(b"  \n")
    with pytest.raises(CorruptFile, match="empty"):
        read_text(p)
    p.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(CorruptFile, match="binary"):
        read_text(p)


def test_locators_carry_lines(seed_path: Path):
    doc = read_text(seed_path)
    cell = next(c for row in doc.blocks[0].rows for c in row if c.text == "30661")
    assert (
        cell.locator.line
        == seed_path.read_text(encoding="utf-8").splitlines().index("行政许可\t30661\t\t") + 1
    )
