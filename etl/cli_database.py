"""``xxgk`` commands that read the published database (``check``, ``explain``,
``export``, ``agencies``) or add to it (``roster``): each opens the file, prints, closes.
Kept apart from ``etl.cli`` (the parser and ``main``) so each module stays short."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def existing_db(db: str) -> Path:
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


def cmd_check(args: argparse.Namespace) -> int:
    from etl.store.fetch import one
    from etl.store.schema import open_read_only

    con = open_read_only(existing_db(args.db))
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


def cmd_explain(args: argparse.Namespace) -> int:
    from etl.explain import explain
    from etl.store.schema import open_read_only

    con = open_read_only(existing_db(args.db))
    try:
        print(explain(con, args.report_id, args.key))
    finally:
        con.close()
    return 0


def _say_exporting(table: str, rows: int) -> None:
    """One line on stderr per table: a large database takes minutes, this says why."""
    print(f"xxgk: writing {table}: {rows:,} rows…", file=sys.stderr, flush=True)


def cmd_export(args: argparse.Namespace) -> int:
    from etl.export import export_parquet
    from etl.store.schema import open_read_only

    con = open_read_only(existing_db(args.db))
    try:
        counts = export_parquet(con, Path(args.parquet), _say_exporting)
    finally:
        con.close()
    print(", ".join(f"{table} {n}" for table, n in counts.items()) + f" rows → {args.parquet}")
    return 0


def cmd_agencies(args: argparse.Namespace) -> int:
    from etl.agencies.listing import render_agencies
    from etl.store.schema import connect

    con = connect(str(existing_db(args.db)), read_only=True)
    try:
        print(render_agencies(con))
    finally:
        con.close()
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
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
