"""Text rendering of `xxgk agencies`: each agency, its place and its coverage."""

from __future__ import annotations

import duckdb

from etl.store.agencies import agencies_listing


def _years(years: list[int] | None) -> str:
    return ",".join(str(y) for y in years or []) or "—"


def render_agencies(con: duckdb.DuckDBPyConnection) -> str:
    """One line per agency: name, place, level, kind, years present and missing."""
    try:
        rows = agencies_listing(con)
    except duckdb.CatalogException:
        return "no agencies yet: run 'xxgk ingest PATH' first"
    lines = [f"{'机关':<28} {'所在地':<22} {'层级':<6} {'类型':<5} 已发布年度 / 未发布年度"]
    for agency, place, level, kind, present, missing, n_names in rows:
        names = f" （{n_names}种写法）" if n_names > 1 else ""
        lines.append(
            f"{agency + names:<28} {place or '—':<22} {level or '—':<6} {kind or '—':<5} "
            f"{_years(present)} / {_years(missing)}"
        )
    missing_total = sum(len(r[5] or []) for r in rows)
    lines.append(f"{len(rows)} agencies, {missing_total} expected reports missing")
    return "\n".join(lines)
