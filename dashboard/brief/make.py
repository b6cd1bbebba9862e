"""Making a brief file from a database path (the CLI) or from the dashboard's store:
find the subject by name, build the content, render PDF or DOCX."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard import bulk, office_queries, queries, snapshot
from dashboard.brief.content import Brief, BriefError, Subject, build_brief
from dashboard.filters import Filters

FORMATS = (".pdf", ".docx")


def open_store(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The dashboard's in-memory store over the database file (read-only), its per-agency
    totals left as views (``snapshot.build``'s ``lazy``): a command asks a few questions."""
    from etl.store import schema

    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, path, snapshot.SRC)
    snapshot.build(mem, lazy=True)
    return mem


def region_filters(
    cur: duckdb.DuckDBPyConnection, region: str | None, level: str | None
) -> Filters:
    """A Filters for a place name (province, city or county as stored) and a level."""
    f = Filters(levels=(level,) if level else ())
    if not region:
        return f
    found = office_queries.find_place(cur, region)
    if found.empty:
        raise BriefError(f"库中没有地区“{region}”（请用年报中的省、市或县名称）。")
    row = found.iloc[0]
    if row["depth"] == "county":
        return Filters(
            provinces=(row["province"],), cities=(row["city"],), counties=(region,), levels=f.levels
        )
    if row["depth"] == "city":
        return Filters(provinces=(row["province"],), cities=(region,), levels=f.levels)
    return Filters(provinces=(region,), levels=f.levels)


def resolve_subject(
    cur: duckdb.DuckDBPyConnection,
    year: int,
    agency: str | None,
    region: str | None,
    level: str | None,
) -> Subject:
    """The subject named on the command line: an agency (within the region), else the region."""
    where = region_filters(cur, region, level)
    if not agency:
        if not region and not level:
            raise BriefError("请指定机关（--agency）或地区（--region）/层级（--level）。")
        return Subject(year, region=where)
    found = office_queries.find_agencies(cur, agency, where)
    if found.empty:
        raise BriefError(f"库中没有名称含“{agency}”的机关。")
    exact = found[found["exact"]]
    if len(exact) == 1 or (len(found) == 1):
        return Subject(
            year, agency_key=str((exact if len(exact) == 1 else found)["agency_key"].iloc[0])
        )
    names = "、".join(found["agency"].head(5))
    raise BriefError(f"“{agency}”对应多个机关：{names}……请写全称或加 --region。")


def render(brief: Brief, suffix: str) -> bytes:
    """The brief as PDF or DOCX bytes."""
    if suffix == ".pdf":
        from dashboard.brief.pdf import brief_to_pdf

        return brief_to_pdf(brief)
    if suffix == ".docx":
        from dashboard.brief.word import brief_to_docx

        return brief_to_docx(brief)
    raise BriefError(f"不支持的输出格式 {suffix}：请用 .pdf 或 .docx。")


def write_brief(
    db: str | Path,
    out: str | Path,
    year: int,
    agency: str | None = None,
    region: str | None = None,
    level: str | None = None,
) -> Brief:
    """Build the brief from the database file and write it to ``out`` (.pdf or .docx)."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise BriefError(f"不支持的输出格式 {out.suffix or '（无扩展名）'}：请用 .pdf 或 .docx。")
    con = open_store(db)
    try:
        subject = resolve_subject(con, year, agency, region, level)
        line = bulk.snapshot_line(db, queries.report_count(con))
        brief = build_brief(con, subject, line)
    finally:
        con.close()
    data = render(brief, out.suffix.lower())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return brief
