"""Two staff registering one credit code at the same moment: one enterprise, the other told why, never a 500."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from tests.factories import make_credit_code

CODE_TAKEN = "该统一社会信用代码已登记。"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent inserts need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_credit_code_at_once_one_wins_the_other_is_told(
    world, staff, bureau_admin, monkeypatch
):
    code = make_credit_code(7_000_001)
    # Both requests pass validation before either saves: the moment the database's unique index has to decide.
    validated = threading.Barrier(2, timeout=10)
    full_clean = Enterprise.full_clean

    def clean_then_wait(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        validated.wait()

    monkeypatch.setattr(Enterprise, "full_clean", clean_then_wait)
    outcomes = {}

    def register(name, actor):
        try:
            enterprise = Enterprise(name=f"{name}登记的公司", credit_code=code, grid_cell=world.village_a)
            enterprise_save(enterprise=enterprise, actor=actor)
            outcomes[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test is about
            outcomes[name] = getattr(exc, "message_dict", repr(exc))
        finally:
            connections.close_all()

    people = [("甲", staff), ("乙", bureau_admin)]
    threads = [threading.Thread(target=register, args=person) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values(), key=str) == ["ok", {"credit_code": [CODE_TAKEN]}], outcomes
    assert Enterprise.objects.filter(credit_code=code).count() == 1


def test_a_credit_code_registered_between_check_and_save_is_the_forms_error(world, staff, monkeypatch):
    # The other request commits after this one's form was checked: seen here by skipping the check.
    monkeypatch.setattr(Enterprise, "validate_unique", lambda self, exclude=None: None)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    before = Enterprise.objects.count()

    response = client.post(
        reverse("enterprises:create"),
        {
            "name": "重复登记有限公司",
            "credit_code": world.enterprise_x.credit_code,
            "industry": "machinery",
            "grid_cell": world.village_a.code,
            "employees": "12",
            "status": "operating",
            "service_mode": "none",
        },
    )

    assert response.status_code == 200
    assert CODE_TAKEN in response.content.decode()
    assert response.context["form"].errors["credit_code"] == [CODE_TAKEN]
    assert Enterprise.objects.count() == before
