"""催办 on a hazard's page and on the grid officer's home; the enterprise's phone for those who chase; the chase
seen by the enterprise on its home."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import Notification
from hazards.models import HazardEvent, HazardStatus
from hazards.services import hazard_chase
from tests.factories import make_hazard


@pytest.fixture
def overdue(world, staff):
    world.enterprise_x.safety_contact = "周晓东"
    world.enterprise_x.safety_phone = "0577 6512 3456"
    world.enterprise_x.save()
    today = timezone.localdate()
    return make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        location="成品仓库",
        status=HazardStatus.RECTIFYING,
        found_on=today - timedelta(days=30),
        rectification_deadline=today - timedelta(days=4),
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_chasing_on_the_page_redirects_back_and_says_so(client, overdue, grid_officer_a, enterprise_user_x):
    client.force_login(grid_officer_a)

    response = client.post(reverse("hazards:chase", args=[overdue.pk]), {"note": "请本周内完成"})

    assert response.status_code == 302 and response["Location"] == overdue.get_absolute_url()
    page = client.get(response["Location"])
    assert messages_of(page) == ["已催办，已通知企业X。"]
    html = page.content.decode()
    assert "今天已催办过" in html
    assert "请本周内完成" in html  # in the timeline, as 催办 by the officer
    assert [e.actor for e in page.context["events"] if e.action == "chase"] == [grid_officer_a]
    assert enterprise_user_x.notifications.get().url == overdue.get_absolute_url()


def test_a_second_press_the_same_day_creates_nothing_and_says_so(client, overdue, grid_officer_a, enterprise_user_x):
    client.force_login(grid_officer_a)
    client.post(reverse("hazards:chase", args=[overdue.pk]), follow=True)  # its message shown and gone

    response = client.post(reverse("hazards:chase", args=[overdue.pk]), follow=True)

    assert messages_of(response) == [f"该操作已完成：今天已催办过（grid_a {_now():%H:%M}），企业已收到通知。"]
    assert HazardEvent.objects.filter(action="chase").count() == 1
    assert Notification.objects.count() == 1


def _now():
    return timezone.localtime(HazardEvent.objects.get(action="chase").at)


def test_a_closed_hazard_is_not_chased(client, overdue, grid_officer_a):
    overdue.status = HazardStatus.CLOSED
    overdue.save()
    client.force_login(grid_officer_a)

    response = client.post(reverse("hazards:chase", args=[overdue.pk]), follow=True)

    assert messages_of(response) == ["催办未完成：隐患当前为“已销号”，只有已上报或整改中的隐患可以催办。"]
    assert not HazardEvent.objects.exists()
    assert "隐患已销号，无需催办" in response.content.decode()


def test_a_note_too_long_is_refused_in_chinese(client, overdue, grid_officer_a):
    client.force_login(grid_officer_a)

    response = client.post(reverse("hazards:chase", args=[overdue.pk]), {"note": "催" * 501}, follow=True)

    assert messages_of(response)[0].startswith("催办未完成：")
    assert not HazardEvent.objects.exists()


def test_who_is_refused(client, overdue, grid_officer_b, enterprise_user_x):
    url = reverse("hazards:chase", args=[overdue.pk])
    client.force_login(grid_officer_b)
    assert client.post(url).status_code == 404  # another cell's hazard: not theirs to see
    client.force_login(enterprise_user_x)
    assert client.post(url).status_code == 403
    assert not HazardEvent.objects.exists()


def test_officers_see_the_phone_to_chase_by_the_enterprise_does_not(client, overdue, grid_officer_a, enterprise_user_x):
    client.force_login(grid_officer_a)
    html = client.get(overdue.get_absolute_url()).content.decode()
    assert 'href="tel:057765123456"' in html
    assert "周晓东" in html
    assert reverse("hazards:chase", args=[overdue.pk]) in html

    client.force_login(enterprise_user_x)
    html = client.get(overdue.get_absolute_url()).content.decode()
    assert "tel:" not in html
    assert reverse("hazards:chase", args=[overdue.pk]) not in html


def test_a_rectified_hazard_shows_the_phone_but_no_button(client, overdue, inspector):
    overdue.status = HazardStatus.RECTIFIED
    overdue.save()
    client.force_login(inspector)

    html = client.get(overdue.get_absolute_url()).content.decode()

    assert 'href="tel:057765123456"' in html
    assert reverse("hazards:chase", args=[overdue.pk]) not in html
    assert "隐患已整改，无需催办" in html


def test_chasing_from_the_home_goes_back_home(client, overdue, grid_officer_a):
    client.force_login(grid_officer_a)
    chase_url = reverse("hazards:chase", args=[overdue.pk])
    assert chase_url in client.get(reverse("home")).content.decode()

    response = client.post(chase_url, {"from_home": "1"})

    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    html = home.content.decode()
    assert chase_url not in html  # chased today: no second button
    assert "今天已催办" in html
    assert messages_of(home) == ["已催办，已通知企业X。"]


def test_the_enterprise_sees_chased_hazards_first_and_marked(client, world, staff, overdue, enterprise_user_x):
    today = timezone.localdate()
    make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        location="配电房",
        status=HazardStatus.RECTIFYING,
        found_on=today - timedelta(days=40),
        rectification_deadline=today - timedelta(days=10),
    )
    hazard_chase(hazard=overdue, actor=staff)
    client.force_login(enterprise_user_x)

    response = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk]))

    todo = response.context["todos"][0]["context"]
    assert [h.location for h in todo["overdue"]] == ["成品仓库", "配电房"]  # chased first, then by deadline
    assert [bool(h.last_chased_at) for h in todo["overdue"]] == [True, False]
    assert response.content.decode().count(f"已催办 {today:%m-%d}") == 1


def test_the_home_offers_chase_on_open_rows_only(client, world, staff, overdue, grid_officer_a):
    today = timezone.localdate()
    due_soon = make_hazard(
        enterprise=world.enterprise_x, reported_by=staff, rectification_deadline=today + timedelta(days=2)
    )
    rectified = make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        status=HazardStatus.RECTIFIED,
        found_on=today - timedelta(days=30),
        rectification_deadline=today - timedelta(days=1),
    )
    client.force_login(grid_officer_a)

    html = client.get(reverse("home")).content.decode()

    assert reverse("hazards:chase", args=[overdue.pk]) in html
    assert reverse("hazards:chase", args=[due_soon.pk]) in html
    assert reverse("hazards:chase", args=[rectified.pk]) not in html  # waits for verification, not the enterprise
