"""Parser speed per format, and its ratio to the reading library's own text extraction.

Renders a few consistent reports per format with the project's renderers, then
times ``etl.pipeline.parse_file`` (read + match + validate) against the library
alone extracting the same file's text: lxml for HTML, python-docx for DOCX,
pdfplumber for PDF. Targets (issue 3): ≥100 text/HTML, ≥30 DOCX, ≥10 PDF
reports/s per core, and parse time ≤ 2× the library's extraction.

Run: ``python benchmarks/bench_parse.py`` (``make bench`` runs it).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.parse import parse_file
from etl.synthetic.random_report import random_report
from tests.fixtures.corpus import Case

TARGETS = {"text": 100, "html": 100, "docx": 30, "pdf": 10}


def _library_text(path: Path) -> None:
    suffix = path.suffix
    if suffix == ".html":
        import lxml.html

        lxml.html.fromstring(path.read_bytes()).text_content()
    elif suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        _ = [p.text for p in d.paragraphs]
        _ = [c.text for t in d.tables for row in t.rows for c in row.cells]
    elif suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
    else:
        path.read_bytes().decode("utf-8")


def _time(fn, paths: list[Path], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for p in paths:
            fn(p)
        best = min(best, time.process_time() - t0)
    return best / len(paths)


def accuracy(folder: Path) -> None:
    """Share of expected values parsed exactly: generated fixtures, then real reports alone."""
    from benchmarks.real_accuracy import REAL_FOLDERS, score
    from tests.fixtures.corpus import cases

    right = total = wrong = 0
    for case in cases(range(3)):
        got = parse_file(case.render(folder)).read_values()
        expected = case.expected()
        total += len(expected)
        right += sum(1 for k, v in expected.items() if got.get(k) == v)
        wrong += sum(1 for k, v in got.items() if k in expected and expected[k] != v)
    print(
        f"fixture accuracy: {right}/{total} expected values exact ({right / total:.2%}); "
        f"{wrong} wrong"
    )
    print("(values not read are absent with a finding; PDF-text renderings of blank cells are")
    print(" ambiguous by construction and counted here as not read)")
    print(score(REAL_FOLDERS).line("real-report accuracy"))


def main(n: int = 12) -> None:
    folder = Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    rng = random.Random(7)
    groups: dict[str, list[Path]] = {"text": [], "html": [], "docx": [], "pdf": []}
    for i in range(n):
        template = "2021" if i % 2 else "2019"
        spec = random_report(rng, template, "large", "default")
        for fmt, group in (("tab", "text"), ("html", "html"), ("docx", "docx"), ("pdf", "pdf")):
            groups[group].append(Case(f"b{i}-{fmt}", spec, fmt, "default").render(folder))
    print(
        f"{'format':<6} {'parse ms':>9} {'reports/s':>10} {'target':>7} {'library ms':>11} {'ratio':>6}"
    )
    for group, paths in groups.items():
        parse_s = _time(parse_file, paths)
        lib_s = _time(_library_text, paths)
        rate = 1 / parse_s
        ok = "ok" if rate >= TARGETS[group] else "MISS"
        ratio = parse_s / lib_s if lib_s else float("inf")
        note = " (plain decode; no library)" if group == "text" else ""
        print(
            f"{group:<6} {parse_s * 1000:9.2f} {rate:10.1f} {TARGETS[group]:>5} {ok:<3}"
            f"{lib_s * 1000:9.2f} {ratio:6.2f}{note}"
        )
    print("CPU time per report, best of 3, one core.")
    accuracy(folder)


if __name__ == "__main__":
    main()
