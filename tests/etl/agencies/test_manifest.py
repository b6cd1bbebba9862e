"""read_manifest, its validation errors, and lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.agencies.manifest import (
    COLUMNS,
    ManifestEntry,
    ManifestError,
    lookup,
    manifest_index,
    read_manifest,
)
from etl.template import KINDS, LEVELS

HEADER = "file,agency,year,province,city,county,level,kind,parent"
ROWS = [
    "baoding/2024.txt,保定市行政审批局,2024,河北省,保定市,,市级,部门,保定市人民政府",
    "hongze-2024.pdf,淮安市洪泽区人民政府,2024,江苏省,淮安市,洪泽区,县级,人民政府,",
    "jiangsu/省政府办公厅.html,省政府办公厅,2023,江苏省,,,省级,人民政府,",
]


def write(tmp_path: Path, lines: list[str], encoding: str = "utf-8", name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_columns_are_the_documented_ones():
    assert tuple(HEADER.split(",")) == COLUMNS


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_read_in_every_encoding(tmp_path, encoding):
    entries = read_manifest(write(tmp_path, [HEADER, *ROWS], encoding))
    assert [e.agency for e in entries] == [
        "保定市行政审批局",
        "淮安市洪泽区人民政府",
        "省政府办公厅",
    ]
    first = entries[0]
    assert first == ManifestEntry(
        file="baoding/2024.txt",
        path=(tmp_path / "baoding" / "2024.txt").resolve(),
        row=2,
        agency="保定市行政审批局",
        year=2024,
        province="河北省",
        city="保定市",
        county="",
        level="市级",
        kind="部门",
        parent="保定市人民政府",
    )
    assert entries[1].county == "洪泽区"
    assert entries[1].parent == ""
    assert entries[2].row == 4


def test_entries_are_frozen(tmp_path):
    entry = read_manifest(write(tmp_path, [HEADER, *ROWS]))[0]
    with pytest.raises(AttributeError):
        entry.year = 2020  # type: ignore[misc]


def test_only_file_is_required_and_order_is_free(tmp_path):
    entries = read_manifest(write(tmp_path, ["year,file", "2022,a.pdf", ",b.pdf"]))
    assert [(e.file, e.year, e.agency, e.level) for e in entries] == [
        ("a.pdf", 2022, "", ""),
        ("b.pdf", None, "", ""),
    ]


def test_header_is_case_and_space_insensitive(tmp_path):
    entries = read_manifest(write(tmp_path, [" File , Agency ", "a.pdf,教育部"]))
    assert entries[0].agency == "教育部"


def test_blank_lines_and_short_rows(tmp_path):
    entries = read_manifest(write(tmp_path, [HEADER, "", "a.pdf,教育部", ",,,,"]))
    assert len(entries) == 1
    assert entries[0].kind == ""


@pytest.mark.parametrize(
    ("cell", "year"),
    [("2024", 2024), ("2024.0", 2024), ("２０２４", 2024), ("2024年", 2024), (" 2019 ", 2019)],
)
def test_year_forms(tmp_path, cell, year):
    entries = read_manifest(write(tmp_path, ["file,year", f"a.pdf,{cell}"]))
    assert entries[0].year == year


def test_every_level_and_kind_is_accepted(tmp_path):
    lines = ["file,level,kind"] + [
        f"{i}-{j}.pdf,{level},{kind}"
        for i, level in enumerate(LEVELS)
        for j, kind in enumerate(KINDS)
    ]
    entries = read_manifest(write(tmp_path, lines))
    assert {(e.level, e.kind) for e in entries} == {(lv, k) for lv in LEVELS for k in KINDS}


def test_backslash_paths_are_normalised(tmp_path):
    entries = read_manifest(write(tmp_path, ["file", r"sub\dir\a.pdf"]))
    assert entries[0].file == "sub/dir/a.pdf"
    assert entries[0].path == (tmp_path / "sub" / "dir" / "a.pdf").resolve()


# ---- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "row", "words"),
    [
        (["file,agency,region", "a.pdf,x,y"], 1, "unknown column 'region'"),
        (["agency,year", "x,2024"], 1, "needs a 'file' column"),
        (["file,file", "a.pdf,b.pdf"], 1, "appears twice"),
        (["file,year", "a.pdf,2024", "b.pdf,20244"], 3, "year '20244'"),
        (["file,year", "a.pdf,二〇二四"], 2, "is not a year"),
        (["file,year", "a.pdf,2007"], 2, "between 2008 and 2100"),
        (["file,year", "a.pdf,-2024"], 2, "is not a year"),
        (["file,level", "a.pdf,地市级"], 2, "level '地市级' is not one of"),
        (["file,kind", "a.pdf,人民政府", "b.pdf,机关"], 3, "kind '机关' is not one of"),
        (["file,agency", ",教育部"], 2, "file cell is empty"),
        (["file,agency", "a.pdf,x", "A.PDF,y"], 3, "already listed in row 2"),
        (["file,agency", "a.pdf,x,extra"], 2, "3 cells but only 2 columns"),
    ],
)
def test_errors_name_the_row(tmp_path, lines, row, words):
    path = write(tmp_path, lines)
    with pytest.raises(ManifestError) as err:
        read_manifest(path)
    message = str(err.value)
    assert f"row {row}:" in message
    assert words in message
    assert str(path.resolve()) in message
    assert "\n" not in message


def test_level_error_lists_the_allowed_values(tmp_path):
    with pytest.raises(ManifestError) as err:
        read_manifest(write(tmp_path, ["file,level", "a.pdf,省"]))
    assert all(level in str(err.value) for level in LEVELS)


def test_missing_manifest(tmp_path):
    with pytest.raises(ManifestError, match="cannot read"):
        read_manifest(tmp_path / "absent.csv")


def test_binary_garbage_is_rejected(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(b"file\n\xff\xfe\xfa\x80\x80\n")
    with pytest.raises(ManifestError, match="neither UTF-8 nor GBK"):
        read_manifest(path)


def test_manifest_error_is_a_value_error():
    assert issubclass(ManifestError, ValueError)


# ---- lookup ------------------------------------------------------------------------------


@pytest.fixture
def manifest(tmp_path) -> list[ManifestEntry]:
    folder = tmp_path / "reports"
    folder.mkdir()
    return read_manifest(write(folder, [HEADER, *ROWS]))


def test_lookup_by_absolute_path(tmp_path, manifest):
    entry = lookup(manifest, tmp_path / "reports" / "baoding" / "2024.txt")
    assert entry is not None
    assert entry.agency == "保定市行政审批局"


def test_lookup_by_relative_path(tmp_path, manifest, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entry = lookup(manifest, "reports/hongze-2024.pdf")
    assert entry is not None
    assert entry.county == "洪泽区"
    monkeypatch.chdir(tmp_path / "reports")
    assert lookup(manifest, "./baoding/../hongze-2024.pdf") is entry


def test_lookup_ignores_case_and_separator(tmp_path, manifest):
    assert lookup(manifest, str(tmp_path / "reports" / "HONGZE-2024.PDF")) is not None
    entry = lookup(manifest, tmp_path / "reports" / "jiangsu" / "省政府办公厅.html")
    assert entry is not None
    assert entry.level == "省级"


def test_lookup_misses(tmp_path, manifest):
    assert lookup(manifest, tmp_path / "reports" / "other.pdf") is None
    # same file name, other folder: names are relative to the manifest's folder
    assert lookup(manifest, tmp_path / "hongze-2024.pdf") is None
    assert lookup(manifest, tmp_path / "reports" / "2024.txt") is None
    assert lookup([], tmp_path / "reports" / "hongze-2024.pdf") is None


def test_lookup_with_an_index(tmp_path, manifest):
    index = manifest_index(manifest)
    assert len(index) == 3
    for entry in manifest:
        assert lookup(index, entry.path) is entry
    assert lookup(index, tmp_path / "reports" / "other.pdf") is None
