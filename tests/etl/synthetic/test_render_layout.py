from pathlib import Path

import pytest
from render_helpers import make_spec

from etl.synthetic.layout import format_number, report_blocks, shown_values, split_grid
from etl.synthetic.model import STYLE_FLAGS, Style, resolve_style, style_flags
from etl.template import TEMPLATES

RENDER_DIR = Path(__file__).resolve().parents[3] / "etl" / "render"


def test_resolve_style_combines_flags():
    style = resolve_style("gbk+blank_zeros+p_span")
    assert style == Style(blank_zeros=True, encoding="gbk", cell_wrap="p+span")
    assert resolve_style(None) == Style()
    assert resolve_style(style) is style
    assert resolve_style(style_flags(style)) == style
    with pytest.raises(ValueError, match="unknown style flag"):
        resolve_style("bold")


@pytest.mark.parametrize("flag", sorted(STYLE_FLAGS))
def test_every_style_flag_renders_every_format(flag, tmp_path):
    from etl.synthetic import render_docx, render_html, render_pdf, render_text

    spec = make_spec("2021", style=flag)
    for layout in ("tab", "pipe", "cell_per_line", "pdf_text"):
        assert render_text(spec, layout)
    assert render_html(spec).startswith(b"<!DOCTYPE html>")
    assert render_docx(spec, tmp_path / "r.docx").stat().st_size > 5000
    assert render_pdf(spec, tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_format_number():
    assert format_number(30661.0) == "30661"
    assert format_number(26.55, amount=True) == "26.55"
    assert format_number(7545.0, amount=True) == "7545"
    assert format_number(-3.0) == "-3"


def test_shown_values_reads_blank_as_zero_and_skips_absent_tables():
    spec = make_spec("2021", narrative={"fee_yuan": 0})
    del spec.values["apply.granted.natural"]
    spec.values = {k: v for k, v in spec.values.items() if not k.startswith("appeal.")}
    shown = shown_values(spec)
    assert shown["apply.granted.natural"] == 0
    assert not any(k.startswith("appeal.") for k in shown)
    assert "apply.other.total" not in shown  # derived, not printed
    assert shown["narrative.processing_fee_yuan"] == 0
    single = shown_values(spec, "single_other")
    assert single["apply.other.total"] == spec.values["apply.other.total"]
    assert "apply.other_misc.total" not in single


def test_single_other_sums_sub_rows_when_other_is_absent():
    spec = make_spec("2021")
    expected = sum(
        spec.values[f"apply.{r}.natural"]
        for r in ("other_no_correction", "other_unpaid_fee", "other_misc")
    )
    spec.values = {k: v for k, v in spec.values.items() if not k.startswith("apply.other.")}
    assert shown_values(spec, "single_other")["apply.other.natural"] == expected


def test_split_grid_keeps_every_cell_once():
    grid = next(
        b.grid for b in report_blocks(make_spec("2021")) if b.grid and b.grid.table_key == "apply"
    )
    top, bottom = split_grid(grid, 10)
    assert top.n_rows + bottom.n_rows == grid.n_rows
    keys = [c.key for g in (top, bottom) for c in g.cells if c.key]
    assert sorted(keys) == sorted(c.key for c in grid.cells if c.key)
    results = next(c for c in bottom.cells if c.col == 0 and c.row == 0)
    assert results.text == "" and results.rowspan > 1  # the cut label continues blank


def test_no_template_label_is_retyped_in_the_renderer():
    labels = set()
    for template in TEMPLATES.values():
        for table in template.tables:
            labels |= set(table.headers) | set(table.groups)
            for row in table.rows:
                labels |= {row.label, *row.aliases} | ({row.group} if row.group else set())
                for col in table.columns_of(row):
                    labels |= {col.label, *col.aliases} | ({col.group} if col.group else set())
    labels = {label for label in labels if len(label) >= 4}
    for path in RENDER_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        hits = sorted(label for label in labels if label in source)
        assert hits == [], f"{path.name} types template labels {hits}"
