"""Benchmark the run-together solver: share of run-together cells recovered, and wrong ones.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_runtogether.py

Two sets, each against hand-checked expected values:

- real archive text: tests/etl/matcher/data/pingtan-2024-runtogether.txt, a real
  report as a web archive stores it, every table cell run together (the digit runs
  exactly as archived; see its expected.json for how it was cut into lines);
- real reports with their separators removed: every golden real text and sample
  whose table rows are label + numbers, each row's numbers joined into one run
  (tests/fixtures/runtogether.collapse_rows), as separator-dropping crawlers do.

A cell counts as recovered when it comes out equal to the expected value; wrong
when it comes out different (must be 0). Absent cells carry a P3 finding.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.pipeline import parse_file  # noqa: E402
from tests.fixtures.runtogether import collapse_rows  # noqa: E402

ARCHIVE = ROOT / "tests" / "etl" / "matcher" / "data" / "pingtan-2024-runtogether.expected.json"
TABLES = ("active.", "apply.", "appeal.")


def _score(path: Path, expected: dict) -> tuple[int, int, list[str]]:
    got = parse_file(path).read_values()
    keys = [k for k in expected if k.startswith(TABLES)]
    ok = sum(1 for k in keys if k in got and float(got[k]) == float(expected[k]))
    wrong = [
        f"{path.name}: {k}={got[k]} (expected {expected[k]})"
        for k in keys
        if k in got and float(got[k]) != float(expected[k])
    ]
    return ok, len(keys), wrong


def main() -> int:
    data = json.loads(ARCHIVE.read_text(encoding="utf-8"))
    ok, _, wrong = _score(ARCHIVE.parent / data["file"], data["values"])
    total = data["run_together_cells"]
    print(
        f"real archive text ({data['file']}): {ok}/{total} run-together cells recovered "
        f"({ok / total:.1%}), {len(wrong)} wrong"
    )
    all_wrong = list(wrong)
    sources = sorted((ROOT / "tests" / "golden" / "real").glob("*.expected.json"))
    sources += [ROOT / "tests" / "golden" / "samples" / "baoding-xzspj-2024.expected.json"]
    ok_sum = total_sum = files = 0
    with tempfile.TemporaryDirectory() as tmp:
        for exp_path in sources:
            exp = json.loads(exp_path.read_text(encoding="utf-8"))
            src = exp_path.parent / exp["file"]
            if src.suffix not in (".txt", ".md"):
                continue
            text = src.read_text(encoding="utf-8")
            collapsed = collapse_rows(text)
            if collapsed == text.rstrip("\n") + "\n":
                continue
            path = Path(tmp) / src.name
            path.write_text(collapsed, encoding="utf-8")
            try:
                ok, total, wrong = _score(path, exp["values"])
            except Exception as exc:  # a file the collapsed form makes unreadable counts as lost
                print(f"  {src.name}: {type(exc).__name__}")
                total = sum(1 for k in exp["values"] if k.startswith(TABLES))
                ok, wrong = 0, []
            files += 1
            ok_sum += ok
            total_sum += total
            all_wrong += wrong
    print(
        f"real reports with separators removed ({files} files): {ok_sum}/{total_sum} table "
        f"cells recovered ({ok_sum / max(total_sum, 1):.1%}), "
        f"{len(all_wrong)} wrong in total"
    )
    for line in all_wrong:
        print("  wrong:", line)
    print("target: ≥80% of run-together cells recovered on real archive text, 0 wrong")
    return 1 if all_wrong else 0


if __name__ == "__main__":
    sys.exit(main())
