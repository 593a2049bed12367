import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.export import HEADERS
from enterprises.models import Enterprise, EnterpriseStatus, Industry, MajorHazardSource, RiskGrade, SpecialCategory
from tests.factories import make_cell, make_enterprise


@pytest.fixture
def registry(world):
    """X (shoes, yellow, key, dust) and Y (shipbuilding, blue) from the world, plus a red foundry in A's subtree."""
    Enterprise.objects.filter(pk=world.enterprise_x.pk).update(
        industry=Industry.SHOES, grade=RiskGrade.YELLOW, key_supervision=True
    )
    world.enterprise_x.special_categories.add(SpecialCategory.objects.get(code="dust"))
    Enterprise.objects.filter(pk=world.enterprise_y.pk).update(industry=Industry.SHIPBUILDING, grade=RiskGrade.BLUE)
    red = make_enterprise(
        grid_cell=make_cell(parent=world.cell_a), name="红色铸造厂", industry=Industry.FOUNDRY, grade=RiskGrade.RED
    )
    MajorHazardSource.objects.create(enterprise=red, name="熔炼炉", level=4)
    return world


def names(response):
    return sorted(e.name for e in response.context["page_obj"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["企业X", "企业Y", "红色铸造厂"]),
        ({"q": "企业"}, ["企业X", "企业Y"]),
        ({"industry": "foundry"}, ["红色铸造厂"]),
        ({"grade": "yellow"}, ["企业X"]),
        ({"category": "dust"}, ["企业X"]),
        ({"key_supervision": "1"}, ["企业X"]),
        ({"major_source": "1"}, ["红色铸造厂"]),
        ({"major_source": "0"}, ["企业X", "企业Y"]),
        ({"status": "operating"}, ["企业X", "企业Y", "红色铸造厂"]),
    ],
)
def test_filters(client, registry, staff, params, expected):
    client.force_login(staff)

    response = client.get(reverse("enterprises:list"), params)

    assert names(response) == expected


def test_filter_by_town_and_grid_cell(client, registry, staff):
    client.force_login(staff)

    assert names(client.get(reverse("enterprises:list"), {"town": registry.town2.code})) == ["企业Y"]
    assert names(client.get(reverse("enterprises:list"), {"grid": registry.cell_a.code})) == ["企业X", "红色铸造厂"]


def test_search_by_credit_code(client, registry, staff):
    client.force_login(staff)

    response = client.get(reverse("enterprises:list"), {"q": registry.enterprise_y.credit_code.lower()})

    assert names(response) == ["企业Y"]


def test_total_and_counts_by_grade_follow_the_filter(client, registry, staff):
    client.force_login(staff)

    response = client.get(reverse("enterprises:list"), {"town": registry.town1.code})

    assert response.context["total"] == 2
    counts = {grade: n for grade, _, n in response.context["grade_counts"]}
    assert counts == {"red": 1, "yellow": 1, "blue": 0, "green": 0, "none": 0}


def test_grid_officer_lists_only_their_subtree(client, registry, grid_officer_b):
    client.force_login(grid_officer_b)

    assert names(client.get(reverse("enterprises:list"))) == ["企业Y"]
    assert names(client.get(reverse("enterprises:list"), {"grid": registry.cell_a.code})) == []


def test_enterprise_users_have_no_registry(client, registry, enterprise_user_x):
    client.force_login(enterprise_user_x)

    assert client.get(reverse("enterprises:list")).status_code == 403
    assert client.get(reverse("enterprises:export_csv")).status_code == 403


def test_csv_export_has_chinese_headers_and_the_filtered_rows(client, registry, staff):
    client.force_login(staff)

    response = client.get(reverse("enterprises:export_csv"), {"town": registry.town1.code})

    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == HEADERS
    assert sorted(r[1] for r in rows[1:]) == ["企业X", "红色铸造厂"]
    x_row = next(r for r in rows if r[1] == "企业X")
    assert x_row[HEADERS.index("四色等级")] == "黄（重点对象）"
    assert x_row[HEADERS.index("特殊类别")] == "涉尘"


def test_xlsx_export_has_chinese_headers_and_the_filtered_rows(client, registry, grid_officer_a):
    client.force_login(grid_officer_a)

    response = client.get(reverse("enterprises:export_xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert sorted(r[1] for r in rows[1:]) == ["企业X", "红色铸造厂"]


def test_list_query_count_is_constant_in_the_number_of_enterprises(
    client, registry, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get(reverse("enterprises:list"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("enterprises:list"), {"status": EnterpriseStatus.OPERATING})

    for n in range(60):
        make_enterprise(grid_cell=registry.village_a, name=f"批量企业{n:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("enterprises:list"), {"status": EnterpriseStatus.OPERATING})
    assert len(response.context["page_obj"]) == 50
