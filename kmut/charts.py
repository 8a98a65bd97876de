"""Server-side SVG bar charts: no JavaScript, readable by screen readers, usable in PDFs.

`bar_chart()` returns inline SVG markup with <title> and <desc>; every bar carries its value as
text, so nothing is said by length or colour alone. A value of None is drawn as an empty bar
labelled with its display text (e.g. "< 3" for a suppressed cell).
"""

import itertools
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

_ids = itertools.count(1)

ROW_HEIGHT = 22
LABEL_WIDTH = 230
BAR_WIDTH = 330
VALUE_WIDTH = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | None
    display: str


@dataclass(frozen=True)
class _DrawnBar:
    label: str
    display: str
    y: int
    width: float
    text_y: int


def bar_chart(*, title: str, bars: list[Bar], description: str = "") -> SafeString:
    """A horizontal bar chart as inline SVG."""
    largest = max((bar.value or 0 for bar in bars), default=0) or 1
    drawn = [
        _DrawnBar(
            label=bar.label,
            display=bar.display,
            y=index * ROW_HEIGHT + 4,
            width=round(BAR_WIDTH * (bar.value or 0) / largest, 1),
            text_y=index * ROW_HEIGHT + 19,
        )
        for index, bar in enumerate(bars)
    ]
    chart_id = f"chart-{next(_ids)}"
    return render_to_string(
        "kmut/charts/bar_chart.svg",
        {
            "chart_id": chart_id,
            "title": title,
            "description": description or "; ".join(f"{bar.label}: {bar.display}" for bar in bars),
            "bars": drawn,
            "width": LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
            "height": max(len(bars), 1) * ROW_HEIGHT + 8,
            "label_width": LABEL_WIDTH,
            "bar_x": LABEL_WIDTH + 6,
        },
    )
