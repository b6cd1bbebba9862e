"""The 会议材料 download buttons the agency and report pages show (PDF and DOCX).

The file is made only when a button is clicked (lazy ``data``), from the store."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.brief.content import Subject


def brief_downloads(subject: Subject, name: str, key: str) -> None:
    """Two buttons: the brief for ``subject`` as PDF and as DOCX."""
    row = st.container(horizontal=True, gap="small")
    stem = f"xxgk-会议材料-{name}-{subject.year}"
    row.download_button(
        f"会议材料 PDF（{subject.year} 年）",
        data=lambda: data.brief_file(subject, ".pdf"),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key=f"brief-pdf-{key}",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
    row.download_button(
        f"会议材料 Word（{subject.year} 年）",
        data=lambda: data.brief_file(subject, ".docx"),
        file_name=f"{stem}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key=f"brief-docx-{key}",
        on_click="ignore",
        icon=":material/description:",
    )
