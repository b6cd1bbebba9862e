"""Read born-digital PDF reports into a Document of paragraphs and table grids.

Flow: file -> **reader** -> grid -> matcher. ``pdf_geometry`` supplies, per page, the
characters and ruling segments in an upright reading frame; ``page_layout`` decides
what they mean (the same step reads an OCR'd page, see ``etl.readers.image``). A page
without a text layer is rendered and read by OCR.
"""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from etl import budget
from etl.readers.base import Document, ScannedPdf
from etl.readers.page_layout import add_page
from etl.readers.pdf_geometry import open_pdf, page_geometry
from etl.settings import SETTINGS

if TYPE_CHECKING:
    import pypdfium2 as pdfium

_JUNK_TITLE = re.compile(r"(?i)(?:untitled|无标题|文档|document|title|microsoft word)\s*\d*")


def read_pdf(path: Path) -> Document:
    """Read a born-digital PDF; raise ScannedPdf, EncryptedPdf or CorruptFile when it can't."""
    path = Path(path)
    pdf = open_pdf(path)
    try:
        n_pages = len(pdf)
        doc = Document(source_path=path, source_format="pdf", title=_title(pdf))
        no_text: list[int] = []
        with closing(page_geometry(pdf, path)) as pages:
            for page_no, (chars, edges) in enumerate(pages, start=1):
                if all(c.is_space for c in chars):
                    no_text.append(page_no)
                    _ocr_page(doc, pdf, page_no)
                else:
                    add_page(doc, page_no, chars, edges)
    finally:
        pdf.close()
    if no_text:
        doc.notes.append(f"read by OCR: page(s) {', '.join(map(str, no_text))} have no text layer")
    if len(no_text) == n_pages and not doc.blocks:
        raise ScannedPdf("scanned, no text layer, and OCR found no text")
    return doc


def _ocr_page(doc: Document, pdf: pdfium.PdfDocument, page_no: int) -> None:
    """Render a page without a text layer and read it by OCR (see ``etl.readers.image``)."""
    import numpy as np

    budget.more_time(SETTINGS.ocr_page_s)  # before the OCR modules load and the page renders
    try:
        from etl.readers.image import ocr_page
        from etl.readers.raster import ocr_dpi
    except ImportError as exc:  # the OCR models are an optional part of an install
        raise ScannedPdf(f"scanned, no text layer; OCR is not installed ({exc.name})") from exc
    page = pdf[page_no - 1]
    try:
        dpi = ocr_dpi(*page.get_size())  # a huge media box is rendered at a lower dpi
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        gray = np.array(bitmap.to_numpy(), dtype=np.uint8)  # our copy; the bitmap goes now
        bitmap.close()
    finally:
        page.close()
    ocr_page(doc, page_no, gray.reshape(gray.shape[:2]), dpi)


def _title(pdf: pdfium.PdfDocument) -> str | None:
    title = (pdf.get_metadata_dict().get("Title") or "").strip()
    title = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", title)
    title = re.sub(r"(?i)\.(?:docx?|wps|pdf|rtf|txt)$", "", title).strip()
    if _JUNK_TITLE.fullmatch(title) or not re.search(r"[\u4e00-\u9fff]{2}|[A-Za-z]{4}", title):
        return None
    return title
