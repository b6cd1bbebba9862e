"""Case 1 of issue 12: hostile runs of blanks and digits parse in near-linear time.

Each file is parsed in the real worker process with a timeout far above what a
linear reading needs (well under a second each here) and far below what the old
quadratic paths took (16 s to minutes), so a hang shows up as a timeout.
"""

from __future__ import annotations

import pytest

from etl.worker import ParseJob, ReaderProcess
from tests.hostile.make_hostile import report_text, text_to_html

PROSE = "公开内容还需进一步丰富。"
ROW = "规章\t0\t0\t0"


def _variants() -> dict[str, tuple[str, str]]:
    base = report_text("某市某局", 2022)
    return {
        "spaces": (base.replace(PROSE, " " * 40_000), ".txt"),
        "tabs": (base.replace(PROSE, "\t" * 1_000_000), ".txt"),
        "ideographic": (base.replace(PROSE, "\u3000" * 100_000), ".txt"),
        "digits": (base.replace(ROW, "规章" + "1" * 2_000), ".txt"),
        "digits_5000": (base.replace(ROW, "规章" + "1" * 5_000), ".txt"),
        "long_line": (base + "某" * 200_000, ".txt"),
        "blank_lines": ("\n" * 50_000 + "一、总体情况\n本局受理申请0件。\n", ".txt"),
        "title_years": ("2020年" * 100_000 + "\n" + base, ".txt"),
        "wrapped_prose": (base.replace(PROSE, ("某" * 20 + "\n") * 5_000), ".txt"),
        "html_digits": (text_to_html(base.replace(ROW, "规章" + "1" * 1_500), "x"), ".html"),
        # part 四's header with a long digit run that does not end the line: the trailing-run
        # search backtracked over every start (40 000 digits: minutes; found by fuzzing)
        "appeal_digits": (base.replace("行政复议\t", "行政复议" + "9" * 40_000 + "件\t"), ".txt"),
    }


@pytest.fixture(scope="module")
def reader():
    with ReaderProcess(timeout=12.0) as proc:
        yield proc


@pytest.mark.parametrize("name", list(_variants()))
def test_hostile_run_reads_without_hanging(tmp_path, reader, name):
    text, suffix = _variants()[name]
    path = tmp_path / f"{name}{suffix}"
    path.write_text(text, encoding="utf-8")
    outcome = reader.run(ParseJob(str(path), 50 << 20, 200 << 20))
    assert outcome.kind != "timeout", outcome.reason
    if name == "blank_lines":  # an excerpt without title or tables: its year is searched for
        return
    assert outcome.report is not None, outcome.reason
    values = outcome.report.values
    if name.startswith("digits") or name == "html_digits":
        assert "active.regulations.made" not in values  # the run of digits is no value
        assert any(f.rule in {"P3", "P8"} for f in outcome.report.findings)
    assert values["apply.new.total"].value == 25
