"""Chinese labels for canonical keys and wide-view columns, read from etl.template."""

from __future__ import annotations

from functools import lru_cache

from etl.store.schema import wide_column
from etl.template import TEMPLATE_2021, key_labels


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """Canonical key → Chinese label."""
    return key_labels()


def row_label(table_key: str, row_key: str) -> str:
    """Chinese label of a template row (2021 wording first, then 2019)."""
    from etl.template import TEMPLATE_2019

    for template in (TEMPLATE_2021, TEMPLATE_2019):
        try:
            return template.table(table_key).row(row_key).label
        except KeyError:
            continue
    return row_key


def outcome_rows() -> list[tuple[str, str]]:
    """(wide column of the total column, label) for each part-3 outcome group."""
    apply = TEMPLATE_2021.table("apply")
    keys = ["granted", "partial", "other"]
    out = [(wide_column(apply.cell_key(k, "total")), row_label("apply", k)) for k in keys[:2]]
    for group in ("不予公开", "无法提供", "不予处理"):
        out.append((group, group))
    out.append((wide_column(apply.cell_key("other", "total")), row_label("apply", "other")))
    return out
