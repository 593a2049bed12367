"""The enterprise list's rows, written in Python.

The registry shows 50 rows a page, each a dozen template nodes (a URL reversed, two choice labels looked up, a date
localized, a grade badge): rendered by the template engine they were the largest part of the list's server time
(docs/scaling.md, "The enterprise list computed afresh"). Here each row is one format string with the same markup.
"""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from bureau.templatetags.portal import grade_badge
from enterprises.models import Enterprise

register = template.Library()

ROW = """
    <tr>
      <td class="cell-title"><a href="{}">{}</a>{}</td>
      <td class="d-none d-md-table-cell small font-monospace">{}</td>
      <td class="small" data-label="镇街">{}</td>
      <td class="d-none d-md-table-cell small">{}</td>
      <td class="cell-status" data-label="等级">{}</td>
      <td class="d-none d-lg-table-cell small">{}</td>
      <td class="d-none d-lg-table-cell small" data-label="最近检查">{}</td>
    </tr>
  """
EMPTY = '\n    <tr><td colspan="7" class="text-muted">没有符合条件的企业。</td></tr>\n  '
KEY_SUPERVISION = mark_safe(' <span class="badge text-bg-dark">重点</span>')
# A pk no URL prefix contains: the detail URL is reversed once a page and the row's pk put in its place.
PK_MARK = "2147483647"


@register.simple_tag
def registry_rows(enterprises):
    """The <tr> of each enterprise (town selected with it), or the one row saying none matched."""
    rows = list(enterprises)
    if not rows:
        return mark_safe(EMPTY)
    before, _, after = reverse("enterprises:detail", args=[int(PK_MARK)]).partition(PK_MARK)
    industries = _labels("industry")
    statuses = _labels("status")
    return format_html_join(
        "",
        ROW,
        (
            (
                f"{before}{e.pk}{after}",
                e.name,
                KEY_SUPERVISION if e.key_supervision else "",
                e.credit_code,
                e.town.name if e.town_id else "",
                industries.get(e.industry, e.industry),
                grade_badge(e.grade),
                statuses.get(e.status, e.status),
                localize(e.last_inspected_on) if e.last_inspected_on else "从未检查",
            )
            for e in rows
        ),
    )


def _labels(field):
    """A choice field's labels by value, as get_FOO_display() gives them (it rebuilds this dict on each call)."""
    return {value: str(label) for value, label in Enterprise._meta.get_field(field).flatchoices}
