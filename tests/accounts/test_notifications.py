import pytest
from django.urls import reverse

from bureau.accounts.models import Notification
from bureau.accounts.services import notify


def test_the_list_shows_only_my_own_notices_newest_first(client, enterprise_user_x, enterprise_user_y):
    notify(user=enterprise_user_x, key="a", message="第一条通知")
    notify(user=enterprise_user_x, key="b", message="第二条通知")
    notify(user=enterprise_user_y, key="a", message="别人的通知")
    client.force_login(enterprise_user_x)

    response = client.get(reverse("notifications:list"))

    assert response.status_code == 200
    assert [n.message for n in response.context["page_obj"]] == ["第二条通知", "第一条通知"]
    assert "别人的通知" not in response.content.decode()


def test_unread_notices_are_highlighted_and_read_ones_are_not(client, enterprise_user_x):
    notify(user=enterprise_user_x, key="a", message="已读的通知")
    notify(user=enterprise_user_x, key="b", message="未读的通知")
    Notification.objects.filter(key="a").update(read_at="2026-01-01T00:00:00+08:00")
    client.force_login(enterprise_user_x)

    content = client.get(reverse("notifications:list")).content.decode()

    assert content.count("notice-unread") == 1
    assert content.index("notice-unread") < content.index("未读的通知") < content.index("已读的通知")


def test_the_list_is_paginated(client, enterprise_user_x):
    for n in range(25):
        notify(user=enterprise_user_x, key=f"k{n}", message=f"通知{n}")
    client.force_login(enterprise_user_x)

    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"), {"page": 2})

    assert len(first.context["page_obj"]) == 20
    assert [n.message for n in second.context["page_obj"]] == [f"通知{n}" for n in range(4, -1, -1)]


def test_the_header_shows_the_unread_count(client, staff):
    notify(user=staff, key="a", message="一")
    notify(user=staff, key="b", message="二")
    notify(user=staff, key="c", message="三")
    Notification.objects.filter(key="c").update(read_at="2026-01-01T00:00:00+08:00")
    client.force_login(staff)

    response = client.get(reverse("home"))

    assert response.context["unread_notifications"] == 2
    content = response.content.decode()
    assert 'id="unread-count">2</span>' in content
    assert "bi-bell" in content
    assert reverse("notifications:list") in content


def test_the_header_shows_no_badge_without_unread_notices(client, staff):
    client.force_login(staff)

    response = client.get(reverse("home"))

    assert response.context["unread_notifications"] == 0
    assert "unread-count" not in response.content.decode()
    assert "bi-bell" in response.content.decode()


def test_the_unread_count_is_one_query(staff, django_assert_num_queries):
    from bureau.context_processors import _unread_count

    notify(user=staff, key="a", message="一")

    with django_assert_num_queries(1):
        assert _unread_count(staff) == 1


def test_anonymous_visitors_get_no_count_and_no_query(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from bureau.context_processors import _unread_count

    with django_assert_num_queries(0):
        assert _unread_count(AnonymousUser()) == 0


def test_mark_all_read_marks_only_mine(client, enterprise_user_x, enterprise_user_y):
    notify(user=enterprise_user_x, key="a", message="一")
    notify(user=enterprise_user_x, key="b", message="二")
    notify(user=enterprise_user_y, key="a", message="别人的")
    client.force_login(enterprise_user_x)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert response.redirect_chain == [(reverse("notifications:list"), 302)]
    assert "已将 2 条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(user=enterprise_user_x, read_at__isnull=True).exists()
    assert Notification.objects.get(user=enterprise_user_y).read_at is None
    assert response.context["unread_notifications"] == 0


def test_mark_all_read_needs_a_post(client, enterprise_user_x):
    notify(user=enterprise_user_x, key="a", message="一")
    client.force_login(enterprise_user_x)

    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    assert Notification.objects.get().read_at is None


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, enterprise_user_x):
    notify(user=enterprise_user_x, key="a", message="打开我", url="/hazards/1/")
    notify(user=enterprise_user_x, key="b", message="别动我")
    notice = Notification.objects.get(key="a")
    client.force_login(enterprise_user_x)

    response = client.post(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/hazards/1/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Notification.objects.get(key="b").read_at is None


def test_a_notice_without_a_link_opens_the_list(client, enterprise_user_x):
    notify(user=enterprise_user_x, key="a", message="无链接")
    client.force_login(enterprise_user_x)

    response = client.post(reverse("notifications:open", args=[Notification.objects.get().pk]))

    assert response["Location"] == reverse("notifications:list")
    assert Notification.objects.get().read_at is not None


@pytest.mark.parametrize("url", ["https://evil.example.com/", "//evil.example.com/x"])
def test_a_link_that_leaves_the_site_is_not_followed(client, enterprise_user_x, url):
    notify(user=enterprise_user_x, key="a", message="外链", url=url)
    client.force_login(enterprise_user_x)

    response = client.post(reverse("notifications:open", args=[Notification.objects.get().pk]))

    assert response["Location"] == reverse("notifications:list")


def test_another_users_notice_is_a_404(client, enterprise_user_x, enterprise_user_y):
    notify(user=enterprise_user_y, key="a", message="别人的", url="/hazards/1/")
    theirs = Notification.objects.get()
    client.force_login(enterprise_user_x)

    response = client.post(reverse("notifications:open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_needs_a_post(client, enterprise_user_x):
    notify(user=enterprise_user_x, key="a", message="一", url="/hazards/1/")
    client.force_login(enterprise_user_x)

    response = client.get(reverse("notifications:open", args=[Notification.objects.get().pk]))

    assert response.status_code == 405
    assert Notification.objects.get().read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("notifications:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
