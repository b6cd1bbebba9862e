"""Benchmark the OCR reader on scans made from a real report: accuracy per dpi, speed, memory.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_ocr.py [--dpi 100 150 200] [--pages 1 2 3 4 5]

The real born-digital tests/golden/samples/hongze-2024.pdf is rasterised at each
resolution, every page spoilt a different way (clean greyscale, JPEG quality 50,
+2° skew, −2° skew with speckle noise, JPEG with speckle), written as an
image-only PDF and parsed through the normal pipeline. Expected values are the
text layer's (its expected.json). Printed per dpi: share of expected cells read
exactly, cells absent (each named by a finding), wrong values, and wrong values
**not** named by any finding (must be 0); pages per CPU-second (the engine runs
one thread, so this is pages/s per core; the engine's load, once per process, is
timed apart) and the process's peak RSS.
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

SAMPLE = ROOT / "tests" / "golden" / "samples" / "hongze-2024.pdf"
EXPECTED = ROOT / "tests" / "golden" / "samples" / "hongze-2024.expected.json"
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
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["values"]
    print(f"report: {SAMPLE.name}, pages {args.pages}, {len(expected)} expected values")
    print("damage per page: " + "; ".join(_name(d) for d in DAMAGE))
    start = time.process_time()
    engine()  # once per process (a worker reads many pages): timed apart from the pages
    print(f"OCR engine load: {time.process_time() - start:.2f} CPU s (once per process)")
    print(f"{'dpi':>4} {'exact':>8} {'absent':>7} {'wrong':>6} {'silent':>7} {'pages/s/core':>13}")
    failed = False
    total_pages = total_cpu = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in args.dpi:
            images = rasterise(SAMPLE, args.pages, dpi)
            damaged = [degrade(im, DAMAGE[i % len(DAMAGE)]) for i, im in enumerate(images)]
            path = scanned_pdf(damaged, Path(tmp) / f"scan-{dpi}.pdf", dpi)
            start = time.process_time()
            report = parse_file(path)
            cpu = time.process_time() - start
            got = report.read_values()
            named = {k for f in report.findings for k in f.keys}
            exact = [k for k, v in expected.items() if k in got and float(got[k]) == float(v)]
            absent = [k for k in expected if k not in got]
            wrong = [k for k in expected if k in got and float(got[k]) != float(expected[k])]
            silent = [k for k in wrong if k not in named]
            total_pages += len(args.pages)
            total_cpu += cpu
            print(
                f"{dpi:>4} {len(exact) / len(expected):>8.1%} {len(absent):>7} {len(wrong):>6} "
                f"{len(silent):>7} {len(args.pages) / cpu:>13.2f}"
            )
            for k in wrong:
                print(f"     wrong: {k} = {got[k]} (expected {expected[k]})")
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


def _name(d: Damage) -> str:
    parts = [f"JPEG q{d.jpeg}" if d.jpeg else "", f"skew {d.skew:+g}°" if d.skew else ""]
    parts.append(f"speckle {d.speckle:g}" if d.speckle else "")
    return ", ".join(p for p in parts if p) or "clean grey"


if __name__ == "__main__":
    sys.exit(main())
