from datetime import date, timedelta

import pytest
import time_machine
from django.db.models import F
from django.urls import reverse

from enterprises.due import due_filter, with_next_due
from enterprises.models import Enterprise, EnterpriseStatus, InspectionInterval, RiskGrade
from enterprises.services import inspection_intervals_set
from tests.factories import make_enterprise

TODAY = date(2026, 11, 28)
DEFAULT = {"red": 30, "yellow": 90, "blue": 180, "green": 365}


def is_due(enterprise):
    return Enterprise.objects.filter(due_filter(TODAY), pk=enterprise.pk).exists()


@pytest.mark.parametrize("grade", list(RiskGrade))
def test_due_exactly_one_day_after_the_grades_interval(world, grade):
    x = world.enterprise_x
    days = DEFAULT[grade.value]
    Enterprise.objects.filter(pk=x.pk).update(grade=grade)

    Enterprise.objects.filter(pk=x.pk).update(last_inspected_on=TODAY - timedelta(days=days))
    assert not is_due(x), f"{grade} inspected {days} days ago is not yet due"

    Enterprise.objects.filter(pk=x.pk).update(last_inspected_on=TODAY - timedelta(days=days + 1))
    assert is_due(x), f"{grade} inspected {days + 1} days ago is due"


def test_never_inspected_is_due_and_closed_is_not(world):
    assert is_due(world.enterprise_x)
    Enterprise.objects.filter(pk=world.enterprise_x.pk).update(status=EnterpriseStatus.CLOSED)
    assert not is_due(world.enterprise_x)


def test_staff_set_the_intervals(world, staff):
    x = world.enterprise_x
    Enterprise.objects.filter(pk=x.pk).update(grade=RiskGrade.RED, last_inspected_on=TODAY - timedelta(days=20))
    assert not is_due(x)

    inspection_intervals_set(days_by_grade={"red": 14, "yellow": 60, "blue": 120, "green": 300}, actor=staff)

    assert InspectionInterval.days_by_grade()[RiskGrade.RED] == 14
    assert is_due(x)


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_due_page_shows_days_overdue_by_town(client, world, inspector):
    Enterprise.objects.filter(pk=world.enterprise_x.pk).update(
        grade=RiskGrade.RED, last_inspected_on=TODAY - timedelta(days=40)
    )
    Enterprise.objects.filter(pk=world.enterprise_y.pk).update(grade=RiskGrade.GREEN, last_inspected_on=TODAY)
    client.force_login(inspector)

    response = client.get(reverse("enterprises:due"))

    rows = list(response.context["page_obj"])
    assert [(e.name, e.days_overdue) for e in rows] == [("企业X", 10)]
    assert [(r["town__name"], r["n"]) for r in response.context["by_town"]] == [("仙降街道", 1)]


def test_the_intervals_page_refuses_bad_numbers_in_chinese(client, world, staff):
    client.force_login(staff)

    response = client.post(reverse("enterprises:intervals"), {"red": "0", "yellow": "90", "blue": "180", "green": "x"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "确保该值大于或等于1" in body and "输入整数" in body
    assert not InspectionInterval.objects.exists()


def test_only_staff_set_intervals(client, world, inspector):
    client.force_login(inspector)

    assert client.get(reverse("enterprises:intervals")).status_code == 403


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_due_pages_read_per_grade_keep_the_order_of_one_sort(client, world, staff):
    """The page reads each grade's due enterprises from an index and merges them (enterprises.due.DueRows): every
    page, across towns and grades, must be the slice one sort by town, due date and name would give."""
    grades = [*RiskGrade, ""]
    for i in range(120):
        days = None if i % 7 == 0 else 20 + (i * 37) % 400
        enterprise = make_enterprise(grid_cell=world.cell_a if i % 3 else world.cell_b, name=f"待检{i % 11:02d}")
        Enterprise.objects.filter(pk=enterprise.pk).update(
            grade=grades[i % len(grades)], last_inspected_on=days and TODAY - timedelta(days=days)
        )
    days_by_grade = InspectionInterval.days_by_grade()
    expected = list(
        with_next_due(Enterprise.objects.filter(due_filter(TODAY)), days_by_grade)
        .order_by("town__code", F("next_due").asc(nulls_first=True), "name", "pk")
        .values_list("town__code", "next_due", "name")
    )
    assert len(expected) > 50, "the list spans two pages"
    client.force_login(staff)

    shown = []
    for page in (1, 2):
        response = client.get(reverse("enterprises:due"), {"page": page})
        assert response.context["page_obj"].paginator.count == len(expected)
        shown += [(e.town.code, e.next_due, e.name) for e in response.context["page_obj"]]
    assert shown == expected
    by_town = [(r["town__code"], r["n"]) for r in response.context["by_town"]]
    assert by_town == [
        (code, sum(1 for c, _, _ in expected if c == code)) for code in sorted({c for c, _, _ in expected})
    ]
