"""Charts drawn on the server as plain SVG: no script, no inline style (the CSP forbids both), colours given as
presentation attributes so they survive printing and a copy of the page saved to disk."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

BAR_COLOUR = "#0b4f8a"
NEGATIVE_COLOUR = "#dc3545"
AXIS_COLOUR = "#6c757d"
TEXT_COLOUR = "#212529"
LINE_COLOUR = "#0b4f8a"


def _n(value):
    """A coordinate with at most one decimal, so the markup is stable and short."""
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def bar_chart(items, *, title="各镇街总分", scale_max=100):
    """A horizontal bar per (label, value), in the given order, on a scale from 0 (or the lowest negative value) to
    at least `scale_max`. Returns SVG markup safe to put in a page."""
    items = [(str(label), Decimal(str(value))) for label, value in items]
    if not items:
        return ""
    label_width, value_width, plot_width, row_height, top = 96, 56, 480, 24, 8
    high = max([Decimal(scale_max), *(v for _, v in items)])
    low = min([Decimal(0), *(v for _, v in items)])
    span = high - low or Decimal(1)

    def x(value):
        return label_width + plot_width * (value - low) / span

    zero = x(Decimal(0))
    height = top + row_height * len(items) + 8
    width = label_width + plot_width + value_width
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = top + row_height * index
        left, right = sorted([zero, x(value)])
        fill = NEGATIVE_COLOUR if value < 0 else BAR_COLOUR
        parts.append(
            f'<text class="chart-label" x="{label_width - 6}" y="{_n(y + 16)}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            f'<rect class="chart-bar" x="{_n(left)}" y="{_n(y + 4)}" width="{_n(right - left)}" height="16" '
            f'fill="{fill}"><title>{escape(label)}：{value} 分</title></rect>'
            f'<text class="chart-value" x="{_n(max(right, zero) + 4)}" y="{_n(y + 16)}" '
            f'fill="{TEXT_COLOUR}">{value}</text>'
        )
    parts.append(
        f'<line class="chart-axis" x1="{_n(zero)}" y1="{top}" x2="{_n(zero)}" y2="{height - 8}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def sparkline(values, *, low=0, high=100, label=""):
    """A small line of a town's totals over the quarters shown (None where the town was not ranked), with a dot
    on each point. Every town's line uses the same scale, so the lines compare."""
    width, height, pad = 120, 32, 4
    low, high = Decimal(str(low)), Decimal(str(high))
    span = high - low or Decimal(1)
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [
        None if value is None else (pad + step * i, pad + (height - 2 * pad) * float((high - value) / span))
        for i, value in enumerate(values)
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-sparkline" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    segment = []
    for point in [*points, None]:
        if point is None:
            if len(segment) > 1:
                coordinates = " ".join(f"{_n(px)},{_n(py)}" for px, py in segment)
                parts.append(
                    f'<polyline class="chart-line" points="{coordinates}" fill="none" '
                    f'stroke="{LINE_COLOUR}" stroke-width="2"/>'
                )
            segment = []
        else:
            segment.append(point)
    for point in points:
        if point is not None:
            cx, cy = _n(point[0]), _n(point[1])
            parts.append(f'<circle class="chart-dot" cx="{cx}" cy="{cy}" r="2.5" fill="{LINE_COLOUR}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
