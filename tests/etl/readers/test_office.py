"""LibreOffice-backed reader for .doc/.wps/.rtf: conversion, sniffing, errors.

Tests marked ``needs_soffice`` run the real LibreOffice and are skipped when it
is not installed (CI: apt-get install --no-install-recommends libreoffice-writer).
The others drive a stand-in ``soffice`` script, so the command line, the private
profile, timeouts and failures are tested everywhere.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest

from etl.readers.base import CorruptFile, MissingConverter, TableGrid, UnsupportedFormat
from etl.readers.office import find_soffice, read_office

SOFFICE = find_soffice()
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice ('soffice') is not installed; apt-get install libreoffice-writer",
)


def view(grid: TableGrid) -> list[list[str]]:
    """Rows as strings; a span copy is written ``=text``."""
    return [[("=" if c.is_span_copy else "") + c.text for c in row] for row in grid.rows]


def build_docx(path: Path) -> Path:
    """A short report: title, a merged part-3 style header, a narrative line."""
    document = docx.Document()
    document.add_paragraph("某县农业农村局2023年政府信息公开工作年度报告")
    t = document.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    cell = t.cell(0, 0).merge(t.cell(1, 1))  # 2 x 2 block: gridSpan + vMerge
    cell.text = "申请人情况"
    cell = t.cell(0, 2).merge(t.cell(0, 3))
    cell.text = "法人或其他组织"
    t.cell(1, 2).text = "商业企业"
    t.cell(1, 3).text = "其他"
    cell = t.cell(2, 0).merge(t.cell(3, 0))
    cell.text = "三、本年度办理结果"
    t.cell(2, 1).text = "（一）予以公开"
    t.cell(3, 1).text = "（二）部分公开"
    for r in (2, 3):
        for c in (2, 3):
            t.cell(r, c).text = f"{r}{c}"
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.save(path)
    return path


EXPECTED_GRID = [
    ["申请人情况", "=申请人情况", "法人或其他组织", "=法人或其他组织"],
    ["=申请人情况", "=申请人情况", "商业企业", "其他"],
    ["三、本年度办理结果", "（一）予以公开", "22", "23"],
    ["=三、本年度办理结果", "（二）部分公开", "32", "33"],
]


# --- a stand-in converter -----------------------------------------------------------------

FAKE = """#!/bin/sh
# records its arguments, then behaves as FAKE_MODE says
printf '%s\\n' "$@" >> "$FAKE_LOG"
echo "$$" > "$FAKE_LOG.pid"
out=""
prev=""
for a in "$@"; do
  if [ "$prev" = "--outdir" ]; then out="$a"; fi
  prev="$a"
done
case "$FAKE_MODE" in
  ok) mkdir -p "$out"; cp "$FAKE_DOCX" "$out/input.docx" ;;
  fail) echo "Error: source file could not be loaded" >&2 ;;
  hang) sleep 30 & echo "$!" > "$FAKE_LOG.child"; wait ;;
esac
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "soffice"
    script.write_text(FAKE)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", os.pathsep.join([str(bindir), "/usr/bin", "/bin"]))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "calls.log"))
    monkeypatch.setenv("FAKE_DOCX", str(build_docx(tmp_path / "converted.docx")))
    monkeypatch.setenv("FAKE_MODE", "ok")
    return tmp_path / "calls.log"


def ole2_file(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    return path


def test_missing_converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH
    with pytest.raises(MissingConverter) as exc:
        read_office(ole2_file(tmp_path / "report.doc"))
    assert str(exc.value) == (
        "reading .doc files needs LibreOffice (the 'soffice' program); "
        "install it, e.g. apt-get install libreoffice-writer"
    )


def test_conversion_command_and_private_profiles(tmp_path: Path, fake_soffice: Path) -> None:
    source = ole2_file(tmp_path / "-某局 年报.doc")  # a name that would trip a command line
    doc = read_office(source)
    assert doc.source_format == "doc"
    assert doc.source_path == source
    assert view(doc.tables[0]) == EXPECTED_GRID
    assert doc.title == "某县农业农村局2023年政府信息公开工作年度报告"
    assert "converted to .docx with LibreOffice" in doc.notes
    read_office(ole2_file(tmp_path / "again.wps"))
    lines = fake_soffice.read_text().splitlines()
    profiles = [a for a in lines if a.startswith("-env:UserInstallation=file:///")]
    assert len(profiles) == 2 and profiles[0] != profiles[1]  # one private profile per run
    assert "--headless" in lines
    assert lines[lines.index("--convert-to") + 1].startswith("docx")
    inputs = [a for a in lines if a.endswith(("input.doc", "input.wps"))]
    assert len(inputs) == 2
    assert not Path(inputs[0]).parent.exists()  # the work directory is removed


@pytest.mark.parametrize(
    ("name", "content", "fmt", "handed"),
    [
        ("renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "doc", "input.doc"),
        ("no-extension", b"{\\rtf1\\ansi hello}", "rtf", "input.rtf"),
        ("rtf-named.doc", b"{\\rtf1\\ansi hello}", "doc", "input.rtf"),
    ],
)
def test_format_follows_content_when_the_name_misleads(
    tmp_path: Path, fake_soffice: Path, name: str, content: bytes, fmt: str, handed: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert read_office(path).source_format == fmt
    assert any(line.endswith(handed) for line in fake_soffice.read_text().splitlines())


def test_conversion_failure_is_a_corrupt_file(tmp_path: Path, fake_soffice: Path, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "fail")
    with pytest.raises(CorruptFile, match=r"LibreOffice could not convert the file to \.docx"):
        read_office(ole2_file(tmp_path / "bad.doc"))


def test_hanging_conversion_times_out_and_is_killed(
    tmp_path: Path, fake_soffice: Path, monkeypatch
):
    monkeypatch.setenv("FAKE_MODE", "hang")
    start = time.monotonic()
    with pytest.raises(CorruptFile, match=r"did not finish converting the file within 1 s"):
        read_office(ole2_file(tmp_path / "slow.doc"), timeout=1)
    assert time.monotonic() - start < 10
    # the whole process group is ended: the launcher and the child it started
    for suffix in (".pid", ".child"):
        pid = int(Path(f"{fake_soffice}{suffix}").read_text())
        assert not running(pid), suffix


def test_conversion_fits_in_the_files_time_left(tmp_path: Path, fake_soffice: Path, monkeypatch):
    # Fuzzing found RTF mutants that kept LibreOffice busy past the worker's timeout (the
    # conversion limit, 120 s, was longer than the file's 60 s): the worker was killed
    # instead of the reader saying why. The conversion now ends inside the file's time.
    from etl import budget

    monkeypatch.setenv("FAKE_MODE", "hang")
    budget.begin(8.0)
    try:
        start = time.monotonic()
        with pytest.raises(CorruptFile, match=r"did not finish converting the file within 3 s"):
            read_office(ole2_file(tmp_path / "slow.doc"))
        assert time.monotonic() - start < 7
    finally:
        budget.begin(None)


def running(pid: int, wait_s: float = 3.0) -> bool:
    """True while ``pid`` is a live (not zombie) process; gives the OS a moment to reap."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.doc", b"", "the file is empty"),
        ("junk.doc", b"just some text, not a document " * 20, r"not a valid \.doc file"),
        ("junk.rtf", b"\x01\x02binary", r"not a valid \.rtf file"),
    ],
)
def test_unreadable_content(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CorruptFile, match=message):
        read_office(path)


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat):
        read_office(ole2_file(tmp_path / "sheet.et"))


def test_doc_that_is_really_docx_or_html(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no converter needed for these
    disguised = tmp_path / "really-docx.doc"
    build_docx(disguised)
    doc = read_office(disguised)
    assert doc.source_format == "doc"
    assert view(doc.tables[0]) == EXPECTED_GRID
    assert any("really a docx" in note for note in doc.notes)
    page = tmp_path / "web.doc"
    page.write_bytes(
        "<html><head><meta charset=gbk></head><body><p>年报</p>"
        '<table><tr><td colspan="2">申请人情况</td></tr><tr><td>自然人</td><td>1</td></tr>'
        "</table></body></html>".encode("gbk")
    )
    doc = read_office(page)
    assert doc.source_format == "doc"
    assert view(doc.tables[0]) == [["申请人情况", "=申请人情况"], ["自然人", "1"]]


# --- real LibreOffice -----------------------------------------------------------------------


def soffice_convert(source: Path, fmt: str, outdir: Path) -> Path:
    """Make a .doc/.rtf the way a user's Word would, with the real LibreOffice."""
    profile = outdir / f"profile-{fmt}"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return outdir / f"{source.stem}.{fmt}"


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice ('soffice') is not installed")
    work = tmp_path_factory.mktemp("office")
    source = build_docx(work / "report.docx")
    doc = soffice_convert(source, "doc", work)
    wps = work / "report.wps"  # WPS Office writes Word-binary content under .wps
    shutil.copyfile(doc, wps)
    return {"doc": doc, "rtf": soffice_convert(source, "rtf", work), "wps": wps}


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "rtf", "wps"])
def test_real_conversion_keeps_merged_cells(legacy_files: dict[str, Path], fmt: str) -> None:
    path = legacy_files[fmt]
    if fmt == "doc":
        assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    doc = read_office(path)
    assert doc.source_format == fmt
    assert doc.source_path == path
    assert [b.text for b in doc.blocks if not isinstance(b, TableGrid)] == [
        "某县农业农村局2023年政府信息公开工作年度报告",
        "五、存在的主要问题及改进情况",
    ]
    (grid,) = doc.tables
    assert view(grid) == EXPECTED_GRID
    assert grid.rows[3][0].locator.row == 3 and grid.rows[3][0].locator.table == 1


@needs_soffice
def test_real_concurrent_conversions_do_not_collide(legacy_files: dict[str, Path]) -> None:
    paths = [legacy_files["doc"], legacy_files["rtf"], legacy_files["wps"]]
    with ThreadPoolExecutor(max_workers=3) as pool:
        docs = list(pool.map(read_office, paths))
    assert [view(d.tables[0]) for d in docs] == [EXPECTED_GRID] * 3


@needs_soffice
def test_real_damaged_doc_is_a_corrupt_file(legacy_files: dict[str, Path], tmp_path: Path):
    damaged = tmp_path / "damaged.doc"
    damaged.write_bytes(legacy_files["doc"].read_bytes()[:1500])
    with pytest.raises(CorruptFile, match="LibreOffice could not convert the file"):
        read_office(damaged)
