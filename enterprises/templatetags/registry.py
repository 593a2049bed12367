"""The enterprise list's rows, written in Python.

The registry shows 50 rows a page, each a dozen template nodes (a URL reversed, two choice labels looked up, a date
localized, a grade badge): rendered by the template engine they were the largest part of the list's server time
(docs/scaling.md, "The enterprise list computed afresh"). Here each row is one format string with the same markup; the
texts are escaped as the template would (`html.escape`, which Django's escape calls), without format_html's per
argument lazy-string checks, and the few distinct badges and dates of a page are built once.
"""

from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
# What a row shows, read as named tuples (values_list(named=True)): building 51 model instances and their towns was
# a tenth of the list computed afresh. "name" and "id" are also the list's order, which its cursors read.
ROW_FIELDS = (
    "id",
    "name",
    "credit_code",
    "town__name",
    "industry",
    "grade",
    "status",
    "key_supervision",
    "last_inspected_on",
)
# A pk no URL prefix contains: the detail URL is reversed once a page and the row's pk put in its place.
PK_MARK = "2147483647"


@register.simple_tag
def registry_rows(enterprises):
    """The <tr> of each enterprise (rows of ROW_FIELDS), or the one row saying none matched."""
    rows = list(enterprises)
    if not rows:
        return mark_safe(EMPTY)
    before, _, after = reverse("enterprises:detail", args=[int(PK_MARK)]).partition(PK_MARK)
    industries = _labels("industry")
    statuses = _labels("status")
    badges = {}
    language = get_language()  # once a page: each call reads a context-local (asgiref), 50 of them a tenth of the body
    html = []
    for e in rows:
        if e.grade not in badges:
            badges[e.grade] = grade_badge(e.grade)
        html.append(
            ROW.format(
                escape(f"{before}{e.id}{after}"),
                escape(e.name),
                KEY_SUPERVISION if e.key_supervision else "",
                escape(e.credit_code),
                escape(e.town__name) if e.town__name is not None else "",
                escape(industries.get(e.industry, e.industry)),
                badges[e.grade],
                escape(statuses.get(e.status, e.status)),
                _last_inspected_in(e.last_inspected_on, language),
            )
        )
    return mark_safe("".join(html))


@lru_cache(maxsize=4096)
def _last_inspected_in(day, language):
    """A page's days are mostly distinct, but the same few thousand recur from page to page and request to request."""
    return escape(localize(day)) if day is not None else "从未检查"


def _labels(field):
    """A choice field's labels by value, as get_FOO_display() gives them (it rebuilds this dict on each call)."""
    return {value: str(label) for value, label in Enterprise._meta.get_field(field).flatchoices}
