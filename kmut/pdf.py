"""render_pdf(): the only module that imports WeasyPrint.

Templates render in German; the URL fetcher serves our own static files and refuses everything
else, so user-entered HTML can never make the renderer reach the network or the file system.
"""

import logging
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
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


def _static_only_fetcher_class():
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


def render_pdf(template_name: str, context: dict, *, archival: bool = False) -> bytes:
    """Render a Django template to PDF bytes; `archival` writes PDF/A-3b."""
    from weasyprint import HTML

    with translation.override("de"):
        html = render_to_string(template_name, context)
    document = HTML(string=html, base_url="file:///", url_fetcher=_static_only_fetcher_class()())
    options = {"pdf_variant": "pdf/a-3b"} if archival else {}
    return document.write_pdf(**options)
