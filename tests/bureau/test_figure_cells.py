"""{% figure_cells %} writes the figure table cells the board's template wrote ({{ }} with autoescape), byte for byte,
whatever the figures' texts hold."""

import pytest
from django.template import Context, Template

from bureau.figures import REGISTRY, Shown

TEMPLATE = Template(
    '{% for cell in cells %}<td class="{{ cls }}"><a href="{{ cell.url }}" data-figure="{{ cell.key }}" '
    'data-value="{{ cell.text }}" title="{{ cell.basis }}">{{ cell.text }}</a></td>{% endfor %}'
)
TAG = Template("{% load portal %}{% figure_cells cells cls %}")


@pytest.mark.parametrize("cls", ["text-end", "text-end fw-bold"])
def test_the_tag_writes_what_the_template_wrote(cls):
    figures = list(REGISTRY.values())[:3]
    cells = [
        Shown(figures[0], 7, "7", '/hazards/?level=major&town=330381005&q=<"o\'k">'),
        Shown(figures[1], 0, "0", "/hazards/"),
        Shown(figures[2], 1234, "1,234 & <b>", "/x/?a=1&amp;b=2"),
    ]
    context = Context({"cells": cells, "cls": cls})
    assert TAG.render(context) == TEMPLATE.render(context)
    assert "&amp;town=" in TAG.render(context) and "&lt;b&gt;" in TAG.render(context)
