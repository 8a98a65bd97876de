"""Reading the text of rendered PDFs in tests (whitespace folded, pages joined)."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def response_pdf_text(response) -> str:
    return pdf_text(b"".join(response.streaming_content))


def _times(m, n):
    """The product of two PDF matrices [a b c d e f]."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def text_outside_page(data: bytes, tolerance: float = 0.5) -> list[str]:
    """Every piece of text that starts or ends outside its page's box, as "page N: text".

    Positions come from pypdf's text visitor; a run's end is its start plus the glyph widths
    of its font (the font's ToUnicode map read backwards), so text running off the right edge
    is found, not only text that starts beyond it.
    """
    # pypdf's own font model (widths, ToUnicode map), as its layout-mode extraction uses it;
    # not a public name, so a pypdf upgrade that moves it fails here, loudly.
    from pypdf.generic._font import Font

    fonts = {}
    outside = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        box = page.mediabox
        limits = (
            float(box.left) - tolerance,
            float(box.right) + tolerance,
            float(box.bottom) - tolerance,
            float(box.top) + tolerance,
        )

        def visit(text, cm, tm, font_dict, font_size, number=number, limits=limits):
            left, right, bottom, top = limits
            if not text.strip() or font_dict is None:
                return
            key = id(font_dict)
            if key not in fonts:
                font = Font.from_font_resource(font_dict)
                fonts[key] = (font, {v: k for k, v in font.character_map.items()})
            font, glyphs = fonts[key]
            default = font.character_widths.get("default", 500)
            units = sum(font.character_widths.get(glyphs.get(c, c), default) for c in text)
            matrix = _times(tm, cm)
            start, y = matrix[4], matrix[5]
            end = start + font_size * units / 1000 * matrix[0]
            if min(start, end) < left or max(start, end) > right or not bottom <= y <= top:
                outside.append(f"page {number}: {text.strip()!r} at x {start:.0f}–{end:.0f}")

        page.extract_text(visitor_text=visit)
    return outside
