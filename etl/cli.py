"""The `xxgk` console command: argument parsing and printing only.

Every known failure is an :class:`etl.errors.XxgkError`; ``main`` alone turns it
into one clear sentence on stderr and its exit status. No traceback reaches the
user. Flag defaults come from :data:`etl.settings.SETTINGS`. The commands that read
the published database are in ``etl.cli_database``, brief and notice in
``etl.cli_documents``.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from etl import cli_database, cli_documents
from etl.errors import XxgkError
from etl.settings import SETTINGS, default_db

DEFAULT_DB = default_db()


def _cmd_parse(args: argparse.Namespace) -> int:
    from etl.errors import rejection_reason
    from etl.parse import ParseJob, parse_job

    if not Path(args.file).exists():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), args.file)
    outcome = parse_job(ParseJob(args.file, SETTINGS.max_bytes, SETTINGS.max_unzipped_bytes))
    if outcome.report is None:
        print(
            f"xxgk: {args.file}: {rejection_reason(outcome.kind, outcome.reason)}", file=sys.stderr
        )
        return 2
    payload = outcome.report.to_json()
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    meta = outcome.report.meta
    print(f"{meta.agency or '（未识别机关）'} · {meta.year or '?'} 年 · 模板 {meta.template}")
    print(f"{len(payload['values'])} values, {len(payload['findings'])} findings")
    for f in payload["findings"]:
        print(f"  [{f['severity']}] {f['rule']} {f['message']}")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from etl.pipeline import IngestOptions, ingest

    limits = replace(
        SETTINGS,
        max_mb=args.max_mb,
        max_unzipped_mb=args.max_unzipped_mb,
        timeout_s=args.timeout,
        publish_every=args.publish_every,
    )
    options = IngestOptions(
        max_bytes=limits.max_bytes,
        max_unzipped_bytes=limits.max_unzipped_bytes,
        timeout=limits.timeout_s,
        publish_every=limits.publish_every,
        retry=args.retry,
        jobs=args.jobs,
        scheduler=args.scheduler or None,
    )
    try:
        summary = ingest(
            [Path(p) for p in args.paths], Path(args.db), progress=not args.quiet, options=options
        )
    except KeyboardInterrupt:
        print(
            "xxgk: interrupted; the reports loaded so far are published (run again to finish)",
            file=sys.stderr,
        )
        return 130
    if summary.notice:
        print(f"xxgk: {summary.notice}", file=sys.stderr)
    if summary.resumed:
        print("resumed an interrupted ingest and published its reports", file=sys.stderr)
    for path, reason in summary.rejected:
        print(f"rejected {path}: {reason}", file=sys.stderr)
    for path, reason in summary.skipped:
        print(
            f"skipped {path}: {reason} (run without --no-retry to read it again)", file=sys.stderr
        )
    print(summary.line())
    return 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from etl.template.dictionary import render_dictionary

    print(render_dictionary())
    return 0


def _cmd_rules(args: argparse.Namespace) -> int:
    from etl.template.dictionary import render_rules

    print(render_rules())
    return 0


def _cmd_dashboard(args: argparse.Namespace) -> int:
    app = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
    env = dict(os.environ, XXGK_DB=str(Path(args.db).resolve()))
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port)]
    cmd += ["--browser.gatherUsageStats", "false"]  # offline: never send usage statistics
    if args.headless:
        cmd += ["--server.headless", "true"]
    return subprocess.call(cmd, env=env)


def _cmd_synth(args: argparse.Namespace) -> int:
    from etl.demo.synth import synthesize

    print(synthesize(args.reports, Path(args.db), seed=args.seed))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from etl.demo.corpus import build_demo

    print(build_demo(Path(args.out), Path(args.db), seed=args.seed))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `xxgk`."""
    parser = argparse.ArgumentParser(
        prog="xxgk", description="政府信息公开工作年度报告 → DuckDB → dashboard"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse one report file and print its values")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print meta, values and findings as JSON")
    p.set_defaults(func=_cmd_parse)
    p = sub.add_parser("ingest", help="load report files and folders into the database")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", default=str(DEFAULT_DB), help="the published database readers open")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--max-mb", type=float, default=SETTINGS.max_mb, help="skip files larger than this"
    )
    p.add_argument(
        "--max-unzipped-mb",
        type=float,
        default=SETTINGS.max_unzipped_mb,
        help="cap on a .docx's expanded size",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=SETTINGS.timeout_s,
        help=(
            "seconds allowed to read and parse one file; each page read by OCR adds "
            f"{SETTINGS.ocr_page_s:g} s, up to {SETTINGS.ocr_timeout_s:g} s a file"
        ),
    )
    p.add_argument(
        "--publish-every",
        type=int,
        default=SETTINGS.publish_every,
        help="publish a snapshot every N changes",
    )
    p.add_argument(
        "--retry",
        action="store_true",
        default=True,
        help="read again files that timed out or crashed before (the default)",
    )
    p.add_argument(
        "--no-retry",
        dest="retry",
        action="store_false",
        help="skip files that timed out or crashed the reader before",
    )
    p.add_argument(
        "--jobs", type=int, default=None, help="parse worker processes (default: one per core)"
    )
    p.add_argument(
        "--scheduler",
        default=os.environ.get("XXGK_SCHEDULER"),
        help="parse on the Dask cluster of this scheduler, e.g. tcp://host:8786 "
        "(default: $XXGK_SCHEDULER)",
    )
    p.set_defaults(func=_cmd_ingest)
    p = sub.add_parser("check", help="list findings; exit 1 if any error-level finding")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--all", action="store_true", help="include info-level findings")
    p.add_argument("--rule", help="only this rule id (e.g. R5)")
    p.add_argument("--report", help="only this report (id or its first characters)")
    p.add_argument("--locators", action="store_true", help="print where each cell was printed")
    p.set_defaults(func=cli_database.cmd_check)
    p = sub.add_parser("dictionary", help="print the data dictionary (Markdown)")
    p.set_defaults(func=_cmd_dictionary)
    p = sub.add_parser("rules", help="print the consistency rules and finding ids (Markdown)")
    p.set_defaults(func=_cmd_rules)
    p = sub.add_parser("explain", help="show where one value of one report came from")
    p.add_argument("report_id")
    p.add_argument("key")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=cli_database.cmd_explain)
    p = sub.add_parser("export", help="write the tables as Parquet, partitioned by year")
    p.add_argument("--parquet", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=cli_database.cmd_export)
    p = sub.add_parser("agencies", help="list agencies with their place, level and years")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=cli_database.cmd_agencies)
    p = sub.add_parser("synth", help="write N simulated reports' values into a database")
    p.add_argument("--reports", type=int, required=True)
    p.add_argument("--db", default="data/synth.duckdb")
    p.add_argument("--seed", type=int, default=2024)
    p.set_defaults(func=_cmd_synth)
    p = sub.add_parser(
        "demo", help="generate the simulated demo region and load it with the real samples"
    )
    p.add_argument("--out", default="data/demo")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--seed", type=int, default=2024)
    p.set_defaults(func=_cmd_demo)
    p = sub.add_parser("roster", help="load an organ list: who should publish a report")
    p.add_argument("file", help="CSV with an 'agency' column (and place, level, kind, from, to)")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--source", help="name of this list (a later list of that name replaces it)")
    p.set_defaults(func=cli_database.cmd_roster)
    p = sub.add_parser("brief", help="write a meeting brief (PDF or DOCX) for an agency or region")
    p.add_argument("--agency", help="agency name (or a unique part of it)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--region", help="province, city or county; without --agency: the region")
    p.add_argument("--level", help="only this level (with --region, or alone)")
    p.add_argument("--out", required=True, help="FILE.pdf or FILE.docx")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=cli_documents.cmd_brief)
    p = sub.add_parser("notice", help="write a 通报 (DOCX draft or XLSX lists) for a region")
    p.add_argument("--region", help="province, city or county (default: everything)")
    p.add_argument("--level", help="only this level")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True, help="FILE.docx or FILE.xlsx")
    p.add_argument(
        "--copies",
        nargs="+",
        choices=("tables", "previous_year", "same_year"),
        help="suspected copies to list: tables equal to last year's, prose copied from the "
        "previous year (C1) or from another organ's report of the year (C2); default: all",
    )
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=cli_documents.cmd_notice)
    p = sub.add_parser("dashboard", help="open the Streamlit dashboard")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--headless", action="store_true")
    p.set_defaults(func=_cmd_dashboard)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    from etl.readers.base import ReadError

    try:
        return int(args.func(args) or 0)
    except XxgkError as exc:
        where = f"{args.file}: " if isinstance(exc, ReadError) and hasattr(args, "file") else ""
        print(f"xxgk: {where}{exc}", file=sys.stderr)
        return exc.exit_status
    except FileNotFoundError as exc:
        print(
            f"xxgk: {f'{exc.strerror}: {exc.filename}' if exc.filename else exc}", file=sys.stderr
        )
    except PermissionError as exc:
        print(f"xxgk: permission denied: {exc.filename}", file=sys.stderr)
    except OSError as exc:
        print(f"xxgk: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
    except KeyboardInterrupt:
        print("xxgk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        print(f"xxgk: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
