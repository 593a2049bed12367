from django.urls import reverse

from enterprises.models import Enterprise, MajorHazardSource
from tests.factories import make_credit_code


def test_an_enterprise_user_sees_its_own_dossier_and_not_anothers(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    assert client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).status_code == 200
    assert client.get(reverse("enterprises:detail", args=[world.enterprise_y.pk])).status_code == 404
    assert client.get(reverse("enterprises:contact", args=[world.enterprise_y.pk])).status_code == 404


def test_grid_officer_out_of_scope_gets_404(client, world, grid_officer_b):
    client.force_login(grid_officer_b)

    assert client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).status_code == 404


def test_an_enterprise_user_updates_its_contact_details_only(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)
    url = reverse("enterprises:contact", args=[world.enterprise_x.pk])

    response = client.post(url, {"safety_contact": "周晓东", "safety_phone": "13800000000", "name": "改名企业"})

    assert response.status_code == 302
    world.enterprise_x.refresh_from_db()
    assert (world.enterprise_x.safety_contact, world.enterprise_x.safety_phone) == ("周晓东", "13800000000")
    assert world.enterprise_x.name == "企业X"
    assert client.get(reverse("enterprises:edit", args=[world.enterprise_x.pk])).status_code == 403


def test_staff_register_an_enterprise(client, world, staff):
    client.force_login(staff)
    code = make_credit_code()

    response = client.post(
        reverse("enterprises:create"),
        {
            "name": "瑞安市新登记有限公司",
            "credit_code": code.lower(),
            "industry": "machinery",
            "grid_cell": world.village_b.code,
            "employees": "12",
            "status": "operating",
            "service_mode": "agency",
            "service_provider": "温州安泰安全技术服务有限公司",
            "special_categories": ["1"],
        },
    )

    enterprise = Enterprise.objects.get(credit_code=code)
    assert response.status_code == 302 and response["Location"] == enterprise.get_absolute_url()
    assert enterprise.town == world.town2
    assert enterprise.special_categories.count() == 1


def test_bad_registry_input_is_refused_in_chinese_and_saves_nothing(client, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("enterprises:create"),
        {
            "name": "坏数据公司",
            "credit_code": "91110108551385082R",
            "industry": "machinery",
            "grid_cell": world.cell_a.code,  # a level-3 cell
            "employees": "-1",
            "status": "operating",
            "service_mode": "alliance",
        },
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "校验位不正确" in body
    assert "找不到该四级网格编码" in body
    assert not Enterprise.objects.filter(name="坏数据公司").exists()


def test_alliance_needs_its_name(client, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("enterprises:edit", args=[world.enterprise_x.pk]),
        {
            "name": "企业X",
            "credit_code": world.enterprise_x.credit_code,
            "industry": "shoes",
            "grid_cell": world.village_a.code,
            "employees": "10",
            "status": "operating",
            "service_mode": "alliance",
            "service_provider": "",
        },
    )

    assert "请填写互助联盟名称" in response.content.decode()


def test_inspectors_register_major_hazard_sources(client, world, inspector):
    client.force_login(inspector)

    client.post(
        reverse("enterprises:source_create", args=[world.enterprise_x.pk]),
        {"name": "液氨储罐", "level": "3", "control_system": "installing"},
    )

    source = MajorHazardSource.objects.get()
    assert (source.enterprise, source.get_control_system_display()) == (world.enterprise_x, "安装中")
    page = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()
    assert "液氨储罐" in page


def test_the_grid_cell_page_shows_enterprises_by_grade(client, world, staff):
    client.force_login(staff)

    response = client.get(reverse("grids:detail", args=[world.town1.code]))

    panel = response.context["panels"][0]["context"]
    assert panel["registered"].value == 1
    assert response.context["self_row"]["extra"] == [("企业数", 1)]
