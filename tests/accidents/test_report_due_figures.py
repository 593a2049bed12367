"""事故调查报告逾期 / 即将到期 on the dashboard: each opens the accident list filtered to what it counts."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from inspections.accidents.models import Investigation
from inspections.accidents.services import investigation_save
from tests.accidents.helpers import report


def _investigate(world, inspector, due_in_days, **fields):
    accident = report(world.enterprise_x, inspector, deaths=1)
    investigation = investigation_save(accident=accident, actor=inspector, leader="陈立", cause="未停机检修")
    due = timezone.localdate() + timedelta(days=due_in_days)
    Investigation.objects.filter(pk=investigation.pk).update(due_on=due, **fields)
    return accident


def test_the_figures_count_the_reports_past_and_near_their_deadline_and_open_their_lists(
    client, world, inspector, staff
):
    _investigate(world, inspector, -3)  # overdue
    _investigate(world, inspector, -10, extended_to=timezone.localdate() + timedelta(days=2))  # extended: due soon
    _investigate(world, inspector, 3)  # due soon
    _investigate(world, inspector, 30)  # not yet
    _investigate(world, inspector, -5, status=Investigation.Status.APPROVED)  # approved: neither
    report(world.enterprise_x, inspector)  # no investigation yet
    client.force_login(staff)
    home = client.get(reverse("home")).content.decode()

    for key, state, expected in (("accidents.report_overdue", "overdue", 1), ("accidents.report_soon", "soon", 2)):
        link = re.search(rf'<a[^>]*href="([^"]+)"[^>]*data-figure="{key}" data-value="(\d+)"', home)
        assert link, f"the dashboard shows no {key}"
        assert int(link.group(2)) == expected
        listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
        assert f'data-total="{expected}"' in listed
        assert f"report_due={state}" in link.group(1)


def test_a_value_the_filter_does_not_offer_is_refused(client, world, staff):
    client.force_login(staff)
    response = client.get(reverse("accidents:list"), {"report_due": "someday"})
    assert response.status_code == 200
    assert response.context["filter"].errors
