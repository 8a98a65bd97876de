"""The office's own report texts: a small Markdown subset rendered to safe HTML.

Paragraphs, bullet and numbered lists, *emphasis* and **strong** — nothing else. Raw HTML in
the text is shown as typed (markdown-it escapes it), and nh3 keeps only the tags below, so a
text renders the same on the page and in the PDF and can never inject markup.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "br"}
ALLOWED_ATTRIBUTES = {"ol": {"start"}}

_markdown = MarkdownIt("zero", {"breaks": True}).enable(["emphasis", "list", "newline"])


def render(text: str) -> SafeString:
    """`text` as HTML with only paragraphs, lists, emphasis and line breaks."""
    if not text or not text.strip():
        return mark_safe("")
    html = _markdown.render(text)
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES))
