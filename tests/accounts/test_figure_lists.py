"""The audit pages and the notification list carry their totals (issue #15)."""

from django.urls import reverse

from bureau.accounts.models import Notification, SignInEvent
from bureau.accounts.services import notify
from tests.totals import data_total


def test_the_notification_list_counts_only_mine(client, enterprise_user_x, enterprise_user_y):
    client.force_login(enterprise_user_x)
    assert data_total(client.get(reverse("notifications:list"))) == 0

    for n in range(23):
        notify(user=enterprise_user_x, key=f"test:{n}", message=f"通知{n}")
    notify(user=enterprise_user_y, key="test:y", message="别人的通知")

    response = client.get(reverse("notifications:list"))
    assert data_total(response) == 23 == Notification.objects.filter(user=enterprise_user_x).count()
    assert len(response.context["page_obj"]) == 20


def test_the_audit_pages_carry_their_totals(client, world, bureau_admin):
    for kind in ("failure", "failure", "lockout"):
        SignInEvent.objects.create(username="intruder", kind=kind)
    client.force_login(bureau_admin)

    trail = client.get(reverse("audit:list"))
    assert data_total(trail) == trail.context["page_obj"].paginator.count > 0

    sign_ins = client.get(reverse("audit:sign_ins"))
    assert data_total(sign_ins) == SignInEvent.objects.count() >= 3
    assert data_total(client.get(reverse("audit:sign_ins"), {"kind": "lockout"})) == 1
    assert data_total(client.get(reverse("audit:sign_ins"), {"kind": "failure", "user": "intruder"})) == 2
