"""Run every benchmark script in turn (``make bench``) and print their figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ("parser speed per format", ["bench_parse.py"]),
    ("PDF reader: pages/s, ratio to pdfplumber, peak RSS on 50 pages", ["bench_pdf.py"]),
    ("OCR of scans: accuracy per dpi, pages/s per core, peak RSS", ["bench_ocr.py"]),
    ("run-together cells recovered by the table's arithmetic", ["bench_runtogether.py"]),
    ("ingest rate and worker overhead", ["bench_ingest.py"]),
    ("copy screening (C1/C2): prose storage, screen time, recall", ["bench_copies.py"]),
    ("scale generator (10^4 and 10^5 reports)", ["bench_synth.py", "--sizes", "10000", "100000"]),
    ("dashboard queries and browser time on 10^5 reports", ["bench_dashboard.py"]),
    ("dashboard pages' browser CPU (main thread, Chromium, server) on 10^5", ["profile_page.py"]),
    ("what each Plotly chart element costs the browser on a reload", ["chart_floor.py"]),
    (
        "national scale: synth, storage, dashboard at 10^4/10^5 (10^6: BENCH_NATIONAL=1), "
        "ingest --jobs 1 vs cores vs Dask",
        ["bench_scale.py"],
    ),
]


def main() -> int:
    failed = 0
    for title, (script, *args) in SCRIPTS:
        path = HERE / script
        if not path.exists():
            continue
        print(f"\n=== {title} ({script})", flush=True)
        rc = subprocess.call([sys.executable, str(path), *args], cwd=HERE.parent)
        failed += rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
