"""The one way a view hands out a file: a download, a file shown in the browser, a rendered PDF.

Every response is a FileResponse (Content-Type, Content-Length and a Content-Disposition with the
file name, RFC 6266 encoded when it is not ASCII); read its body with `getvalue()`.
"""

import io

from django.http import FileResponse

from kmut.pdf import render_pdf

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def file_response(
    content: bytes | str, filename: str, content_type: str, *, inline: bool = False
) -> FileResponse:
    """`content` as the file `filename`: a download, or shown in the browser when `inline`.

    Text is sent as UTF-8 (name the charset in `content_type`).
    """
    if isinstance(content, str):
        content = content.encode()
    return FileResponse(
        io.BytesIO(content), as_attachment=not inline, filename=filename, content_type=content_type
    )


def pdf_response(
    template_name: str,
    context: dict,
    filename: str,
    *,
    archival: bool = False,
    accessible: bool = False,
) -> FileResponse:
    """A PDF rendered from a template (kmut.pdf.render_pdf, which adds the district's name) as a
    download."""
    pdf = render_pdf(template_name, context, archival=archival, accessible=accessible)
    return file_response(pdf, filename, PDF)
