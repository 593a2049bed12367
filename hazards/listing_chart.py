"""The board's 12-month trend as plain SVG drawn on the server (as bureau.assessment.charts draws the ranking's): no
script, no inline style; colours as presentation attributes. The numbers themselves are in the table beside it,
each a link to its list."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

LINE_COLOUR = "#0b4f8a"
FOUND_COLOUR = "#dc3545"
CLOSED_COLOUR = "#198754"
AXIS_COLOUR = "#6c757d"
TEXT_COLOUR = "#212529"


def _n(value):
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def trend_chart(months, *, title="重大隐患月度趋势"):
    """A line of the open major hazards at each month end, and per month a pair of bars: found (red) and closed
    (green). `months` are hazards.listing_board.Month."""
    if not months:
        return ""
    width, height, left, right, top, bottom = 640, 220, 36, 12, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    high = max([1, *(max(m.open_at_end.value, m.found.value, m.closed.value) for m in months)])
    step = plot_w / len(months)

    def y(value):
        return top + plot_h * (1 - value / high)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-trend" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{_n(y(0))}" x2="{width - right}" y2="{_n(y(0))}" stroke="{AXIS_COLOUR}"/>',
        f'<text x="{left - 4}" y="{_n(y(high) + 4)}" text-anchor="end" fill="{TEXT_COLOUR}">{high}</text>',
        f'<text x="{left - 4}" y="{_n(y(0) + 4)}" text-anchor="end" fill="{TEXT_COLOUR}">0</text>',
    ]
    points = []
    for i, month in enumerate(months):
        x = left + step * i
        bar = step * 0.3
        label = f"{month.period.end:%Y-%m}"
        for offset, shown, colour, what in (
            (step * 0.2, month.found, FOUND_COLOUR, "新增"),
            (step * 0.5, month.closed, CLOSED_COLOUR, "销号"),
        ):
            top_y = y(shown.value)
            parts.append(
                f'<rect x="{_n(x + offset)}" y="{_n(top_y)}" width="{_n(bar)}" height="{_n(y(0) - top_y)}" '
                f'fill="{colour}"><title>{label} {what} {shown.value} 项</title></rect>'
            )
        parts.append(
            f'<text x="{_n(x + step / 2)}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{month.period.end.month}月</text>'
        )
        points.append((x + step / 2, y(month.open_at_end.value)))
    coordinates = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
    parts.append(f'<polyline points="{coordinates}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>')
    for (px, py), month in zip(points, months, strict=True):
        parts.append(
            f'<circle cx="{_n(px)}" cy="{_n(py)}" r="3" fill="{LINE_COLOUR}"><title>{month.period.end:%Y-%m-%d} '
            f"未销号 {month.open_at_end.value} 项</title></circle>"
        )
    legend_y = height - 8
    for x, colour, text in (
        (left, LINE_COLOUR, "月末未销号"),
        (left + 110, FOUND_COLOUR, "新增"),
        (left + 180, CLOSED_COLOUR, "销号"),
    ):
        parts.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{legend_y}" fill="{TEXT_COLOUR}">{text}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
