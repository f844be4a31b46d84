"""Charts drawn on our server as inline SVG: no script, no third-party host (privacy, CSP).

`bar_chart` draws one bar per label (e.g. per month) with the value above it; every piece of
text is escaped, so labels may come from the database. The SVG has a <title> and an
aria-label, and the numbers are also in a table next to it for screen readers (the caller's
template shows them).
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def bar_chart(
    *,
    title: str,
    bars: list[tuple[str, int | float]],
    width: int = 640,
    height: int = 220,
    css_class: str = "chart",
) -> SafeString:
    """An inline <svg> bar chart of (label, value) pairs, values >= 0."""
    top, bottom, side = 24, 36, 8
    plot = height - top - bottom
    count = max(1, len(bars))
    slot = (width - 2 * side) / count
    peak = max((value for _label, value in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{side}" y1="{top + plot}" x2="{width - side}" y2="{top + plot}" '
        f'class="{escape(css_class)}__axis" stroke="currentColor" stroke-width="1"/>',
    ]
    for index, (label, value) in enumerate(bars):
        bar_height = round(plot * (value / peak), 1) if value > 0 else 0
        x = round(side + index * slot + slot * 0.15, 1)
        bar_width = round(slot * 0.7, 1)
        y = round(top + plot - bar_height, 1)
        middle = round(x + bar_width / 2, 1)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{bar_width}" height="{bar_height}" '
            f'class="{escape(css_class)}__bar" fill="currentColor"><title>{escape(label)}: '
            f"{escape(value)}</title></rect>"
        )
        parts.append(
            f'<text x="{middle}" y="{round(y - 4, 1)}" text-anchor="middle" font-size="11" '
            f'fill="currentColor">{escape(value)}</text>'
        )
        parts.append(
            f'<text x="{middle}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="currentColor">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped
