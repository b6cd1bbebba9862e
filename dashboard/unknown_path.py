"""A Chinese answer to a URL path no page has (``/doesnotexist``, an old bookmark, a typo).

Streamlit answers such a path with an English "Page not found" dialog and runs the default
page. It has no public hook for this, so the frame asks, before it builds the navigation,
which path the browser requested (the run's pages manager holds it) and, when no page owns
it, adds a hidden page under exactly that path: the navigation then finds a page, sends no
dialog, and the user reads 页面不存在 with a link back to 总览. If a later Streamlit moves
that attribute, :func:`requested_unknown` returns None and Streamlit's own dialog comes back
(nothing breaks).
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

TITLE = "页面不存在"


def requested_unknown(known: Iterable[str]) -> str | None:
    """The path the browser asked for when none of the ``known`` url paths is it, else None."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        manager = get_script_run_ctx().pages_manager  # type: ignore[union-attr]
        if manager.intended_page_script_hash:  # a click in the menu names a page by its hash
            return None
        name = (manager.intended_page_name or "").strip().strip("/")
    except (AttributeError, ImportError):
        return None
    if not name or "/" in name or name in set(known):
        return None  # a nested path cannot be a page's path; Streamlit shows the default page
    return name


def page(path: str, home: st.Page) -> st.Page:
    """A hidden page served at ``path`` that says it does not exist and links to ``home``."""

    def not_found() -> None:
        st.warning(
            f"没有名为「/{path}」的页面。请从左侧菜单选择页面，或回到总览。",
            icon=":material/error:",
        )
        st.page_link(home, label="回到总览", icon=":material/dashboard:")

    return st.Page(not_found, title=TITLE, url_path=path, visibility="hidden")
