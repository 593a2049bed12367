"""The page of a hazard its enterprise just self-reported offers that month's self-check with one button: the
enterprise's day (sign in → report with a photo → self-check) takes five pages, not six (tests/journeys)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from hazards.models import HazardOrigin, SelfCheck
from hazards.self_checks import self_check_offer
from tests.hazards.test_self_checks import NOW, hazard, messages_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _june_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_offer_is_the_hazards_month_with_every_hazard_it_would_gather(world, enterprise_user_x):
    hazard(world.enterprise_x, enterprise_user_x, date(2026, 6, 2), location="仓库")
    reported = hazard(world.enterprise_x, enterprise_user_x, date(2026, 6, 18))
    hazard(world.enterprise_x, enterprise_user_x, date(2026, 5, 30), location="五月的")  # another month

    assert self_check_offer(enterprise_user_x, reported) == {"year": 2026, "month": 6, "pending": 2}
    last_month = hazard(world.enterprise_x, enterprise_user_x, date(2026, 5, 3))
    assert self_check_offer(enterprise_user_x, last_month) == {"year": 2026, "month": 5, "pending": 2}


def test_no_offer_once_the_month_is_filed_or_the_hazard_gathered(world, enterprise_user_x):
    reported = hazard(world.enterprise_x, enterprise_user_x, date(2026, 6, 2))
    submit(enterprise_user_x, world.enterprise_x, month=6)
    reported.refresh_from_db()
    assert reported.self_check is not None
    assert self_check_offer(enterprise_user_x, reported) is None

    late = hazard(world.enterprise_x, enterprise_user_x, date(2026, 6, 19))  # after the month was filed
    assert self_check_offer(enterprise_user_x, late) is None


@pytest.mark.parametrize("persona", ["enterprise_user_y", "staff", "inspector", "grid_officer_a"])
def test_no_offer_to_anyone_but_the_enterprises_own_user(request, world, enterprise_user_x, persona):
    reported = hazard(world.enterprise_x, enterprise_user_x, date(2026, 6, 2))
    assert self_check_offer(request.getfixturevalue(persona), reported) is None


def test_no_offer_for_a_hazard_an_inspection_found(world, enterprise_user_x, inspector):
    found = hazard(world.enterprise_x, inspector, date(2026, 6, 2), source=HazardOrigin.INSPECTION)
    assert self_check_offer(enterprise_user_x, found) is None


def test_the_hazard_page_files_the_months_self_check_with_one_button(client, world, enterprise_user_x):
    reported = hazard(world.enterprise_x, enterprise_user_x, date(2026, 6, 2))
    client.force_login(enterprise_user_x)

    page = client.get(reported.get_absolute_url())
    assert page.context["self_check_offer"] == {"year": 2026, "month": 6, "pending": 1}
    assert "提交6月自查" in page.content.decode()

    response = client.post(reverse("self_checks:submit"), {"year": "2026", "month": "6"})

    assert response.status_code == 302 and response.url == reverse("self_checks:list")
    assert messages_of(response) == ["已提交2026年6月自查，纳入本期自查上报的隐患 1 项。"]
    assert SelfCheck.objects.get().hazards.get() == reported
    assert "提交6月自查" not in client.get(reported.get_absolute_url()).content.decode()
