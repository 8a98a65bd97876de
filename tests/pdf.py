"""Reading the text of rendered PDFs in tests (whitespace folded, pages joined)."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def response_pdf_text(response) -> str:
    return pdf_text(b"".join(response.streaming_content))
