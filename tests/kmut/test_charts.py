"""The SVG bar charts never cut a label: long labels wrap, each line fits its column.

Widths are checked against the real DejaVu Sans (Debian's fonts-dejavu-core, which the PDFs use
too), independently of the chart's own width table.
"""

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kmut.charts import LABEL_WIDTH, Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
MUNICIPALITY = "Samtgemeinde Elbtalaue (Dannenberg/Elbe, Hitzacker, Damnatz, Göhrde und Langendorf)"
LANGUAGE = "Kurdisch (Kurmancî) und Nordkurdisch – Dialekte aus Nordsyrien"
WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabteilungsleitung"


@pytest.fixture(scope="module")
def measure():
    if not DEJAVU.is_file():
        if os.environ.get("CI"):
            pytest.fail("CI=true but DejaVu Sans is missing: install fonts-dejavu-core")
        pytest.skip("DejaVu Sans is not installed")
    from fontTools.ttLib import TTFont

    font = TTFont(DEJAVU)
    cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm

    def width(text, size=12):
        return size * sum(metrics[cmap[ord(char)]][0] for char in text) / units

    return width


def _labels(svg):
    """Each bar's label as its list of (line, y), from the generated SVG."""
    root = ET.fromstring(str(svg))
    labels = []
    for group in root.iter(f"{SVG}g"):
        label = group.find(f"{SVG}text")
        y = float(label.get("y"))
        lines = []
        for tspan in label.findall(f"{SVG}tspan"):
            y += float(tspan.get("dy"))
            assert tspan.get("x") == str(LABEL_WIDTH)
            lines.append((tspan.text, y))
        labels.append(lines)
    return root, labels


def test_long_labels_wrap_within_their_column_and_keep_every_word(measure):
    names = [MUNICIPALITY, LANGUAGE, WORD, "Deutsch"]
    svg = bar_chart(title="Beratungen", bars=[Bar(name, 5, "5") for name in names])
    root, labels = _labels(svg)
    assert len(labels) == 4
    for name, lines in zip(names, labels, strict=True):
        for line, _y in lines:
            assert measure(line) <= LABEL_WIDTH, f"{line!r} is wider than the label column"
        assert "".join(line for line, _y in lines).replace(" ", "") == name.replace(" ", "")
    assert len(labels[0]) > 1
    assert len(labels[2]) > 1
    assert len(labels[3]) == 1
    # Rows do not overlap: each label starts below the last line of the one before.
    bottoms = [lines[-1][1] for lines in labels]
    tops = [lines[0][1] for lines in labels]
    assert all(top > bottom for top, bottom in zip(tops[1:], bottoms, strict=False))
    # The drawing is tall enough for the last line (plus its descenders).
    height = float(root.get("viewBox").split()[3])
    assert height >= bottoms[-1] + 4


def test_wide_values_get_room_right_of_the_bars(measure):
    svg = bar_chart(title="T", bars=[Bar("Januar", 100, "12.345 Beratungen"), Bar("Mai", 1, "1")])
    root = ET.fromstring(str(svg))
    width = float(root.get("viewBox").split()[2])
    value = root.findall(f"{SVG}g")[0].findall(f"{SVG}text")[1]
    end = float(value.get("x")) + float(value.get("dx")) + measure(value.text)
    assert end <= width
