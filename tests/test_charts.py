"""Server-rendered SVG charts: escaped labels, proportional bars, no script."""

import re
import xml.etree.ElementTree as ET

from newsroom.charts import bar_chart


def test_bars_are_proportional_and_the_svg_is_well_formed():
    svg = bar_chart(
        title="Notices per month", bars=[("2026-01", 2), ("2026-02", 4), ("2026-03", 0)]
    )
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("role") == "img"
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([0-9.]+)"', svg)]
    assert heights[1] == 2 * heights[0] and heights[2] == 0


def test_labels_are_escaped_and_nothing_runs():
    svg = bar_chart(title='<script>alert(1)</script>"', bars=[("<img onerror=x>", 1)])
    assert "<script" not in svg and "<img" not in svg
    ET.fromstring(svg)


def test_an_empty_chart_still_draws():
    ET.fromstring(bar_chart(title="Nothing", bars=[]))
