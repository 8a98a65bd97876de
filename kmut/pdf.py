"""render_pdf(): the only module that imports WeasyPrint.

Templates render in German; the URL fetcher serves our own static files and refuses everything
else, so user-entered HTML can never make the renderer reach the network or the file system.

Every PDF is tagged (a structure tree screen readers follow), carries the document language
"de" and the template's <title> as its title, shown by viewers instead of the file name.
A document can claim one conformance on top (WeasyPrint writes one variant per file, see
docs/decisions/0006-accessible-and-archival-pdfs.md): PDF/UA-1 for public documents
(`accessible`), PDF/A-3b for documents kept as records (`archival`, still tagged).
"""

import logging
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def _static_path(url: str) -> str | None:
    """The file behind a file:///static/... URL, if it is one of our static files.

    In production `{% static %}` names the collected, hashed copy (print.1a2b3c.css), which
    only exists under STATIC_ROOT; in development the finders locate the source file.
    """
    prefix = "file://" + settings.STATIC_URL
    if not url.startswith(prefix):
        return None
    name = url.removeprefix(prefix)
    try:
        collected = Path(staticfiles_storage.path(name))
        if collected.is_file():
            return str(collected)
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    try:
        return finders.find(name)
    except SuspiciousFileOperation:
        return None


def static_only_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if path := _static_path(url):
                content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url=url,
                    body=Path(path).read_bytes(),
                    headers={"Content-Type": content_type},
                )
            logger.error("PDF rendering refused to fetch %r", url)
            raise ValueError(f"PDF rendering may not fetch {url!r}")

    return StaticOnlyURLFetcher


LANGUAGE = "de"
PDF_UA = "pdf/ua-1"
PDF_A = "pdf/a-3b"


def render_pdf(
    template_name: str, context: dict, *, archival: bool = False, accessible: bool = False
) -> bytes:
    """Render a Django template to tagged PDF bytes, as PDF/A-3b (`archival`) or PDF/UA-1
    (`accessible`). The context always has `district_name` (every document's letterhead)."""
    from weasyprint import HTML

    if archival and accessible:
        raise ValueError("WeasyPrint writes one PDF variant: choose archival or accessible.")
    with translation.override(LANGUAGE):
        html = render_to_string(
            template_name, {"district_name": settings.KMUT_DISTRICT_NAME, **context}
        )
    options = {"pdf_tags": True}
    if archival:
        options["pdf_variant"] = PDF_A
    elif accessible:
        options["pdf_variant"] = PDF_UA
    document = HTML(
        string=html, base_url="file:///", url_fetcher=static_only_fetcher_class()()
    ).render(**options)
    if not (document.metadata.title or "").strip():
        raise ImproperlyConfigured(f"{template_name} has no <title>; every PDF needs one.")
    document.metadata.lang = LANGUAGE
    return document.write_pdf(**options)
