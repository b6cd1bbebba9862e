"""The `xxgk` console command: argument parsing and printing only.

Every known failure is an :class:`etl.errors.XxgkError`; ``main`` alone turns it
into one clear sentence on stderr and its exit status. No traceback reaches the
user. Flag defaults come from :data:`etl.settings.SETTINGS`.
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


def _cmd_check(args: argparse.Namespace) -> int:
    from etl.store.fetch import one
    from etl.store.schema import open_read_only

    con = open_read_only(_existing_db(args.db))
    try:
        rows = con.execute(
            """SELECT r.agency, r.year, f.severity, f.rule, f.message, r.report_id, f.locators
               FROM findings f JOIN reports r USING (report_id)
               WHERE f.severity IN (SELECT unnest(?::VARCHAR[]))
                 AND (? IS NULL OR f.rule = ?)
                 AND (? IS NULL OR starts_with(r.report_id, ?))
               ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                        r.agency, r.year, f.rule""",
            [
                ["error", "warning", "info"] if args.all else ["error", "warning"],
                args.rule,
                args.rule,
                args.report,
                args.report,
            ],
        ).fetchall()
        rejected = one(con, "SELECT count(*) FROM rejected_files")[0]
    finally:
        con.close()
    for agency, year, severity, rule, message, report_id, locators in rows:
        print(f"{severity:7} {rule:3} {agency or '?'} {year or '?'} [{report_id}] {message}")
        if args.locators:
            for line in locators or ():
                print(f"            {line}")
    errors = sum(1 for r in rows if r[2] == "error")
    print(f"{len(rows)} findings, {errors} errors; {rejected} files rejected")
    return 1 if errors else 0


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


def _cmd_explain(args: argparse.Namespace) -> int:
    from etl.explain import explain
    from etl.store.schema import open_read_only

    con = open_read_only(_existing_db(args.db))
    try:
        print(explain(con, args.report_id, args.key))
    finally:
        con.close()
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from etl.export import export_parquet
    from etl.store.schema import open_read_only

    con = open_read_only(_existing_db(args.db))
    try:
        counts = export_parquet(con, Path(args.parquet))
    finally:
        con.close()
    print(", ".join(f"{table} {n}" for table, n in counts.items()) + f" rows → {args.parquet}")
    return 0


def _cmd_agencies(args: argparse.Namespace) -> int:
    from etl.agencies.listing import render_agencies
    from etl.store.schema import connect

    con = connect(str(_existing_db(args.db)), read_only=True)
    try:
        print(render_agencies(con))
    finally:
        con.close()
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from etl.demo.synth import synthesize

    print(synthesize(args.reports, Path(args.db), seed=args.seed))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from etl.demo.corpus import build_demo

    print(build_demo(Path(args.out), Path(args.db), seed=args.seed))
    return 0


def _cmd_roster(args: argparse.Namespace) -> int:
    from etl.store.publish import IngestRunning
    from etl.store.roster import RosterError, load_roster_file

    path = Path(args.file)
    try:
        n = load_roster_file(Path(args.db), path.read_bytes(), args.source or path.name)
    except (RosterError, IngestRunning) as exc:
        print(f"xxgk: {path}: {exc}", file=sys.stderr)
        return 2
    print(f"{n} organs on the roster ({args.source or path.name})")
    return 0


def _existing_db(db: str) -> Path:
    from etl.store.publish import work_path
    from etl.store.schema import NoDatabase

    path = Path(db)
    if not path.exists():
        if work_path(path).exists():
            raise NoDatabase(
                f"no published database at {path} yet: an ingest is running or was interrupted "
                "(run 'xxgk ingest' again to finish it)"
            )
        raise NoDatabase(f"no database at {path}; run 'xxgk ingest PATH' first")
    return path


def _cmd_brief(args: argparse.Namespace) -> int:
    from dashboard.brief.content import BriefError
    from dashboard.brief.fonts import CjkFontMissing
    from dashboard.brief.make import write_brief

    try:
        brief = write_brief(args.db, args.out, args.year, args.agency, args.region, args.level)
    except (BriefError, CjkFontMissing) as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: {brief.title}")
    return 0


def _cmd_notice(args: argparse.Namespace) -> int:
    from dashboard import bulk, notice, queries
    from dashboard.brief.content import BriefError
    from dashboard.brief.make import open_store, region_filters

    out = Path(args.out)
    if out.suffix.lower() not in (".docx", ".xlsx"):
        print("xxgk: 通报请输出为 .docx（草稿）或 .xlsx（名单）。", file=sys.stderr)
        return 2
    con = open_store(args.db)
    try:
        where = region_filters(con, args.region, args.level)
        line = bulk.snapshot_line(args.db, queries.report_count(con))
        kinds = tuple(args.copies) if args.copies else None
        made = notice.build_notice(con, where, args.year, line, kinds)
    except BriefError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    out.write_bytes(notice.to_docx(made) if out.suffix.lower() == ".docx" else notice.to_xlsx(made))
    counts = ", ".join(f"{k} {made.count(k)}" for k in made.lists)
    print(f"{out}: {made.title} ({counts})")
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
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("dictionary", help="print the data dictionary (Markdown)")
    p.set_defaults(func=_cmd_dictionary)
    p = sub.add_parser("rules", help="print the consistency rules and finding ids (Markdown)")
    p.set_defaults(func=_cmd_rules)
    p = sub.add_parser("explain", help="show where one value of one report came from")
    p.add_argument("report_id")
    p.add_argument("key")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_explain)
    p = sub.add_parser("export", help="write the tables as Parquet, partitioned by year")
    p.add_argument("--parquet", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_export)
    p = sub.add_parser("agencies", help="list agencies with their place, level and years")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_agencies)
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
    p.set_defaults(func=_cmd_roster)
    p = sub.add_parser("brief", help="write a meeting brief (PDF or DOCX) for an agency or region")
    p.add_argument("--agency", help="agency name (or a unique part of it)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--region", help="province, city or county; without --agency: the region")
    p.add_argument("--level", help="only this level (with --region, or alone)")
    p.add_argument("--out", required=True, help="FILE.pdf or FILE.docx")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_brief)
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
    p.set_defaults(func=_cmd_notice)
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
