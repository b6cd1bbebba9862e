"""Benchmark the OCR reader on scans made from a real report: accuracy per dpi, speed, memory.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_ocr.py [--dpi 100 150 200] [--pages 1 2 3 4 5]

Every born-digital real report the repository holds with its expected values
(tests/golden/samples/hongze-2024.pdf and tests/golden/real/hongze-2023.pdf:
two years, two layouts of one organ's tables) is rasterised at each resolution,
every page spoilt a different way (clean greyscale, JPEG quality 50, +2° skew,
−2° skew with speckle noise, JPEG with speckle; the second report starts the
cycle one step later), written as an image-only PDF and parsed through the
normal pipeline. Expected values are the text layer's (its expected.json).
Printed per dpi: share of expected cells read exactly, the same share over the
cells whose printed sums hold (hongze-2023 prints part 四 totals of 0 beside
outcomes of 10 and 1: OCR cannot tell such a misprint from a misreading, so by
the trust rule those rows are absent with a finding), cells absent (each named
by a finding), wrong values, and wrong values **not** named by any finding (must
be 0); pages per CPU-second (the engine runs one thread, so this is pages/s per
core; the engine's load, once per process, is timed apart) and the process's
peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.pipeline import parse_file  # noqa: E402
from etl.readers.ocr import engine  # noqa: E402
from tests.fixtures.scans import Damage, degrade, rasterise, scanned_pdf  # noqa: E402

SAMPLES = (
    ROOT / "tests" / "golden" / "samples" / "hongze-2024.pdf",
    ROOT / "tests" / "golden" / "real" / "hongze-2023.pdf",
)
DAMAGE = (
    Damage(),
    Damage(jpeg=50, seed=1),
    Damage(skew=2.0, seed=2),
    Damage(skew=-2.0, speckle=0.002, seed=3),
    Damage(jpeg=60, speckle=0.002, seed=4),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[100, 150, 200])
    parser.add_argument("--pages", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    args = parser.parse_args()
    expected = {
        pdf: json.loads(pdf.with_suffix(".expected.json").read_text(encoding="utf-8"))["values"]
        for pdf in SAMPLES
    }
    misprinted = {pdf: _misprinted(pdf) for pdf in SAMPLES}
    counts = ", ".join(
        f"{pdf.name} ({len(v)} values, {len(misprinted[pdf])} in sums the report breaks)"
        for pdf, v in expected.items()
    )
    print(f"reports: {counts}; pages {args.pages} of each")
    print("damage per page: " + "; ".join(_name(d) for d in DAMAGE))
    start = time.process_time()
    engine()  # once per process (a worker reads many pages): timed apart from the pages
    print(f"OCR engine load: {time.process_time() - start:.2f} CPU s (once per process)")
    print(
        f"{'dpi':>4} {'exact':>8} {'sums-ok':>8} {'absent':>7} {'wrong':>6} {'silent':>7} "
        f"{'pages/s/core':>13}  exact per report"
    )
    failed = False
    total_pages = total_cpu = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in args.dpi:
            cells = exact = absent = cpu = ok_cells = ok_exact = 0.0
            wrong: list[str] = []
            silent: list[str] = []
            each: list[str] = []
            for n, pdf in enumerate(SAMPLES):
                images = rasterise(pdf, args.pages, dpi)
                damaged = [
                    degrade(im, DAMAGE[(i + n) % len(DAMAGE)]) for i, im in enumerate(images)
                ]
                path = scanned_pdf(damaged, Path(tmp) / f"scan-{n}-{dpi}.pdf", dpi)
                start = time.process_time()
                report = parse_file(path)
                cpu += time.process_time() - start
                want = expected[pdf]
                got = report.read_values()
                named = {k for f in report.findings for k in f.keys}
                hits = sum(k in got and float(got[k]) == float(v) for k, v in want.items())
                bad = [k for k in want if k in got and float(got[k]) != float(want[k])]
                cells += len(want)
                exact += hits
                sound = [k for k in want if k not in misprinted[pdf]]
                ok_cells += len(sound)
                ok_exact += sum(k in got and float(got[k]) == float(want[k]) for k in sound)
                absent += sum(k not in got for k in want)
                wrong += [f"{pdf.stem}: {k} = {got[k]} (expected {want[k]})" for k in bad]
                silent += [k for k in bad if k not in named]
                each.append(f"{hits / len(want):.1%}")
            pages = len(args.pages) * len(SAMPLES)
            total_pages += pages
            total_cpu += cpu
            print(
                f"{dpi:>4} {exact / cells:>8.1%} {ok_exact / ok_cells:>8.1%} {absent:>7.0f} {len(wrong):>6} "
                f"{len(silent):>7} {pages / cpu:>13.2f}  {' '.join(each)}"
            )
            for line in wrong:
                print(f"     wrong: {line}")
            failed |= bool(silent)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"overall: {total_pages / total_cpu:.2f} pages per CPU-second; peak RSS {rss:.0f} MB "
        f"(load average {load:.1f} on {os.cpu_count()} cores: CPU time inflates under load)"
    )
    print(
        "targets: ≥98% exact at 150 dpi, ≥95% at 100 dpi, 0 silent wrong, ≥1 page/s/core, <1.5 GB"
    )
    return 1 if failed else 0


def _misprinted(pdf: Path) -> set[str]:
    """Keys in the sums the report's own text layer breaks (its arithmetic errors)."""
    report = parse_file(pdf)
    return {
        k
        for f in report.findings
        if f.rule.startswith("R") and f.severity == "error"
        for k in f.keys
    }


def _name(d: Damage) -> str:
    parts = [f"JPEG q{d.jpeg}" if d.jpeg else "", f"skew {d.skew:+g}°" if d.skew else ""]
    parts.append(f"speckle {d.speckle:g}" if d.speckle else "")
    return ", ".join(p for p in parts if p) or "clean grey"


if __name__ == "__main__":
    sys.exit(main())
