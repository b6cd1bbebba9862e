"""Meeting briefs made from the factory database and opened again: pdftotext finds the
agency, year and key numbers; every font is embedded and holds every character
printed (so no glyph renders as a box); pdftoppm renders each page; python-docx
reads the tables back; the CLI writes both and refuses unknown names in Chinese."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dash_factory as factory
import pytest
from docx import Document
from PIL import Image

from dashboard.brief import fonts
from dashboard.brief.content import BriefError, Subject, build_brief
from dashboard.brief.make import region_filters, render, resolve_subject
from dashboard.brief.sections import SIMULATED

ROOT = Path(__file__).resolve().parents[2]
AGENCY = "乙市行政审批局"
NEED = ("pdftotext", "pdffonts", "pdftoppm")
pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in NEED), reason="poppler-utils not installed"
)


def expected_new(**where) -> str:
    return f"{factory.total('apply.new.total', **where):,.0f}"


@pytest.fixture(scope="module")
def agency_brief(store):
    cur = store.cursor()
    subject = resolve_subject(cur, 2024, AGENCY, None, None)
    return build_brief(cur, subject, "数据快照：dash.duckdb（测试）")


@pytest.fixture(scope="module")
def agency_pdf(agency_brief, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brief") / "brief.pdf"
    path.write_bytes(render(agency_brief, ".pdf"))
    return path


def pdftext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_text_names_agency_year_and_numbers(agency_pdf):
    text = pdftext(agency_pdf)
    assert AGENCY in text and "2024" in text
    assert expected_new(agency=AGENCY, year=2024) in text
    assert expected_new(agency=AGENCY, year=2023) in text  # last year's column
    assert "数据快照" in text and SIMULATED not in text


def test_pdf_fonts_are_embedded_and_hold_every_character(agency_pdf):
    out = subprocess.run(["pdffonts", str(agency_pdf)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows, "no fonts"
    for row in rows:
        cols = row.split()
        assert cols[-5] == "yes", f"font not embedded: {row}"
    from reportlab.pdfbase.ttfonts import TTFont

    font = fonts.find_cjk_font()
    cmap = TTFont("check", str(font.path), subfontIndex=font.index).face.charToGlyph
    missing = {ch for ch in pdftext(agency_pdf) if not ch.isspace() and ord(ch) not in cmap}
    assert not missing, f"characters without a glyph (would print as boxes): {missing}"


def test_pdf_is_a4_and_renders(agency_pdf, tmp_path):
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(agency_pdf), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 2
    img = Image.open(pages[0]).convert("L")
    w, h = img.size
    assert abs(h / w - 297 / 210) < 0.01  # A4
    assert img.getextrema()[0] < 100  # something is drawn


def test_charts_are_print_resolution(agency_brief):
    from io import BytesIO

    from dashboard.brief.figures import DPI, SIZE, brief_charts

    charts = brief_charts(agency_brief)
    assert len(charts) == 4
    for _title, png in charts:
        w, _h = Image.open(BytesIO(png)).size
        assert w / SIZE[0] >= 150 and DPI >= 150


def test_docx_tables_read_back(agency_brief, tmp_path):
    path = tmp_path / "brief.docx"
    path.write_bytes(render(agency_brief, ".docx"))
    doc = Document(str(path))
    head = doc.tables[0]
    header = [c.text for c in head.rows[0].cells]
    assert header[:3] == ["指标", "本年", "上年"]
    first = [c.text for c in head.rows[1].cells]
    assert first[1] == expected_new(agency=AGENCY, year=2024)
    assert first[2] == expected_new(agency=AGENCY, year=2023)
    assert len(doc.inline_shapes) == 4
    assert any(AGENCY in p.text for p in doc.paragraphs)


def test_region_brief_sums_its_agencies(store):
    cur = store.cursor()
    subject = Subject(2024, region=region_filters(cur, "乙市", None))
    brief = build_brief(cur, subject, "快照")
    assert brief.numbers["new__total"] == factory.total("apply.new.total", city="乙市", year=2024)
    assert "乙市" in brief.title


def test_simulated_reports_are_marked(store):
    cur = store.cursor()
    case = next(c for c in factory.REPORTS if c.simulated)
    brief = build_brief(cur, resolve_subject(cur, case.year, case.agency, None, None), "快照")
    assert brief.is_simulated
    assert SIMULATED in pdftext_of(render(brief, ".pdf"))


def pdftext_of(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode()


def test_unknown_names_and_years_are_sentences(store):
    cur = store.cursor()
    with pytest.raises(BriefError, match="没有名称含"):
        resolve_subject(cur, 2024, "不存在的局", None, None)
    with pytest.raises(BriefError, match="没有地区"):
        resolve_subject(cur, 2024, None, "火星市", None)
    with pytest.raises(BriefError, match="没有符合条件的年报"):
        build_brief(cur, resolve_subject(cur, 2019, AGENCY, None, None), "快照")


def test_a_missing_font_is_a_chinese_sentence(monkeypatch):
    monkeypatch.setattr(fonts, "FONT_DIRS", ())
    monkeypatch.delenv("XXGK_CJK_FONT", raising=False)
    fonts.find_cjk_font.cache_clear()
    try:
        with pytest.raises(fonts.CjkFontMissing, match="fonts-wqy-microhei"):
            fonts.find_cjk_font()
    finally:
        fonts.find_cjk_font.cache_clear()


def cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_cli_writes_a_brief_and_refuses_unknown_names(dash_db, tmp_path):
    out = tmp_path / "b.pdf"
    res = cli(
        "brief", "--db", str(dash_db), "--agency", AGENCY, "--year", "2024", "--out", str(out)
    )
    assert res.returncode == 0, res.stderr
    assert expected_new(agency=AGENCY, year=2024) in pdftext(out)
    res = cli(
        "brief",
        "--db",
        str(dash_db),
        "--agency",
        "不存在的局",
        "--year",
        "2024",
        "--out",
        str(tmp_path / "x.docx"),
    )
    assert res.returncode == 2 and "没有名称含" in res.stderr and "Traceback" not in res.stderr
