"""``xxgk brief`` and ``xxgk notice``: documents written from the dashboard's store of
the database (``dashboard.brief.make.open_store``), the same content as the dashboard's
downloads. Kept apart from ``etl.cli`` (the parser and ``main``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_brief(args: argparse.Namespace) -> int:
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


def cmd_notice(args: argparse.Namespace) -> int:
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
