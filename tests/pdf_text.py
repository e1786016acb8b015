"""The text of a PDF, for tests that check what a person reads in it."""

from __future__ import annotations

import pypdfium2 as pdfium


def pdf_text(content: bytes) -> str:
    """All text of the PDF, whitespace collapsed (a table cell wraps where it wraps)."""
    document = pdfium.PdfDocument(content)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return " ".join(" ".join(pages).split())
    finally:
        document.close()
