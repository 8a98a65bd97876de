"""Server-side SVG bar charts: no JavaScript, readable by screen readers, usable in PDFs.

`bar_chart()` returns inline SVG markup with <title> and <desc>; every bar carries its value as
text, so nothing is said by length or colour alone. A value of None is drawn as an empty bar
labelled with its display text (e.g. "." for a suppressed cell).

Labels are never cut: a label wider than its column is wrapped into lines (<tspan>) and its row
grows. Widths are estimated with the advance widths of DejaVu Sans, the first and widest font
of the chart's font-family (the browser's or the PDF's font is at most as wide).
"""

import itertools
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_ids = itertools.count(1)

ROW_HEIGHT = 22
LINE_HEIGHT = 14
FONT_SIZE = 12
LABEL_WIDTH = 230
BAR_WIDTH = 330
VALUE_WIDTH = 60

# Advance widths of DejaVu Sans in thousandths of an em, rounded up; other characters count
# as a full em.
_GROUPS = {
    275: "'",
    278: "ijlíìîï",
    295: "IJ",
    318: " ,.‘’·",
    337: "/:;\\|",
    353: "f",
    361: "-",
    391: "()[]",
    393: "t",
    401: "!",
    412: "r",
    460: '"',
    500: "*_`–§°",
    519: "„“”",
    521: "s",
    525: "z",
    531: "?",
    550: "cç",
    558: "L",
    576: "F",
    580: "k",
    592: "vxy",
    604: "P",
    611: "TY",
    612: "oöóòô",
    613: "aäàáâ",
    616: "eéèêë",
    630: "ß",
    632: "EÉÈ",
    634: "hnuüñúù",
    635: "Sbdgpq",
    637: "$0123456789{}€",
    656: "K",
    685: "AVÄ",
    686: "XZ",
    687: "B",
    695: "R",
    699: "C",
    732: "UÜ",
    749: "N",
    752: "H",
    771: "D",
    775: "G",
    780: "&",
    788: "OQÖ",
    818: "w",
    838: "#+<=>^~",
    863: "M",
    951: "%",
    975: "m",
    989: "W",
}
_EM_WIDTHS = {char: width / 1000 for width, chars in _GROUPS.items() for char in chars}


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """The width of the text in px at the font size (an upper bound for the chart's fonts)."""
    return font_size * sum(_EM_WIDTHS.get(char, 1.0) for char in text)


def wrap(text: str, width: float = LABEL_WIDTH) -> list[str]:
    """The text in lines no wider than `width`; a word wider than a line is split."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and text_width(line + char) > width:
                lines.append(line)
                line = ""
            line += char
    if line or not lines:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | None
    display: str


SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="kmut-chart" role="img" width="100%" '
    'viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc" '
    'font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="12">\n'
    '  <title id="{}-title">{}</title>\n'
    '  <desc id="{}-desc">{}</desc>\n'
)
SVG_BAR = (
    "  <g>\n"
    '    <text x="{}" y="{}" text-anchor="end" fill="#212529">{}</text>\n'
    '    <rect x="{}" y="{}" width="{}" height="18" fill="#2b5c8a"></rect>\n'
    '    <text x="{}" dx="{}" y="{}" fill="#212529">{}</text>\n'
    "  </g>\n"
)
SVG_LINE = '<tspan x="{}" dy="{}">{}</tspan>'


def bar_chart(*, title: str, bars: list[Bar], description: str = "") -> SafeString:
    """A horizontal bar chart as inline SVG (built in Python: a statistics page draws a dozen
    charts with hundreds of bars, which a template loop made noticeably slow)."""
    largest = max((bar.value or 0 for bar in bars), default=0) or 1
    chart_id = f"chart-{next(_ids)}"
    description = description or "; ".join(f"{bar.label}: {bar.display}" for bar in bars)
    bar_x = LABEL_WIDTH + 6
    rows = []
    top = 0
    for bar in bars:
        lines = wrap(bar.label)
        label = format_html_join(
            "",
            SVG_LINE,
            (
                (LABEL_WIDTH, 0 if number == 0 else LINE_HEIGHT, line)
                for number, line in enumerate(lines)
            ),
        )
        width = str(round(BAR_WIDTH * (bar.value or 0) / largest, 1))
        rows.append(
            (
                LABEL_WIDTH,
                top + 19,
                label,
                bar_x,
                top + 4,
                width,
                bar_x + 6,
                width,
                top + 19,
                bar.display,
            )
        )
        top += ROW_HEIGHT + (len(lines) - 1) * LINE_HEIGHT
    drawn = format_html_join("", SVG_BAR, rows)
    values = max((text_width(bar.display) for bar in bars), default=0)
    width = bar_x + BAR_WIDTH + 6 + max(VALUE_WIDTH - 12, round(values) + 4)
    height = max(top, ROW_HEIGHT) + 8
    opening = format_html(
        SVG_OPEN, width, height, chart_id, chart_id, chart_id, title, chart_id, description
    )
    return opening + drawn + mark_safe("</svg>")
