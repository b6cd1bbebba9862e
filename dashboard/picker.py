"""Search box + picker of one thing (a report, an agency) kept in the URL.

What the pages 单份年报 and 机关对比 share: a new search switches what is shown — one
match is shown at once, several are listed to choose from — and a link whose target
is not in the database says so instead of quietly opening something else.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import ui


def stale_notice(noun: str, target: str) -> None:
    """The link named something this database does not hold."""
    st.warning(
        f"链接中的{noun} {ui.literal(target)} 不在本数据库中（可能已被删除，或链接来自另一个数据库）。"
        f"请在下面查找并选择{noun}。",
        icon=":material/link_off:",
    )


def pick(
    *,
    label: str,
    key: str,
    param: str,
    search: str,
    choices: dict[str, str],
    wanted: str | None,
    stale: bool,
    noun: str,
) -> str | None:
    """The chosen id (None: nothing chosen yet), written to the URL's ``param``.

    ``choices`` maps ids to labels (the matches of ``search``, plus the URL's target
    ``wanted`` when it exists); ``stale`` says the URL named an id that does not.
    """
    last = f"{key}-searched"
    searched = search != st.session_state.get(last, "")
    st.session_state[last] = search
    keys = list(choices)
    if stale:
        stale_notice(noun, str(wanted))
    if searched and search:
        st.session_state[key] = keys[0] if len(keys) == 1 else None
    elif st.session_state.get(key) not in choices:
        first = wanted if wanted in choices else (None if stale or not keys else keys[0])
        st.session_state[key] = first
    chosen = st.selectbox(
        label, keys, format_func=choices.__getitem__, key=key, placeholder=f"请选择{noun}"
    )
    if chosen is None:
        if param in st.query_params:
            del st.query_params[param]
        if search and len(keys) > 1:
            st.info(f"找到 {len(keys):,} 个符合 {ui.literal(search)} 的{noun}，请在上面选择一个：")
            st.dataframe(
                pd.DataFrame({noun: list(choices.values())}), hide_index=True, key=f"{key}-list"
            )
        return None
    st.query_params[param] = chosen
    return chosen
