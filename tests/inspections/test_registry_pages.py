"""The expert registry (专家库) and the talks with enterprise heads (谈心谈话)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.inspection.services import inspection_record
from inspections.registers.models import Expert, Talk

TODAY = timezone.localdate()


def make_talk(enterprise, staff, **fields):
    talk = Talk.objects.create(
        enterprise=enterprise,
        head_name=fields.pop("head_name", "张总"),
        date=fields.pop("date", date(2026, 6, 1)),
        topics=fields.pop("topics", "安全投入和隐患整改"),
        created_by=staff,
        **fields,
    )
    talk.interviewers.set([staff])
    return talk


def talk_data(world, interviewers, **overrides):
    data = {
        "enterprise": world.enterprise_x.credit_code,
        "head_name": "王矿长",
        "head_title": "主要负责人",
        "date": TODAY.isoformat(),
        "interviewers": [o.pk for o in interviewers],
        "topics": "落实安全生产主体责任",
        "follow_up": "一个月后回访",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("persona", "list_status", "manage_status"),
    [
        ("bureau_admin", 200, 200),
        ("staff", 200, 200),
        ("inspector", 200, 403),
        ("grid_officer_a", 403, 403),
        ("enterprise_user_x", 403, 403),
    ],
)
def test_each_role_opens_only_its_expert_pages(request, client, world, persona, list_status, manage_status):
    expert = Expert.objects.create(name="陈工", specialty="危险化学品")
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("inspections:experts")).status_code == list_status
    assert client.get(reverse("inspections:expert_create")).status_code == manage_status
    assert client.get(reverse("inspections:expert_edit", args=[expert.pk])).status_code == manage_status
    response = client.post(reverse("inspections:expert_edit", args=[expert.pk]), {"name": "改", "specialty": "改"})
    assert (Expert.objects.get(pk=expert.pk).name == "改") is (manage_status == 200)
    assert response.status_code == (302 if manage_status == 200 else 403)


def test_an_admin_adds_an_expert_and_staff_retire_one(client, world, bureau_admin, staff):
    client.force_login(bureau_admin)
    response = client.post(
        reverse("inspections:expert_create"),
        {
            "name": "林高工",
            "specialty": "粉尘防爆",
            "organization": "温州市安全生产协会",
            "phone": "0577-1234567",
            "active": "on",
        },
    )
    assert response["Location"] == reverse("inspections:experts")
    expert = Expert.objects.get()
    assert (expert.name, expert.specialty, expert.organization, expert.active) == (
        "林高工",
        "粉尘防爆",
        "温州市安全生产协会",
        True,
    )

    client.force_login(staff)
    client.post(reverse("inspections:expert_edit", args=[expert.pk]), {"name": "林高工", "specialty": "粉尘防爆"})
    expert.refresh_from_db()
    assert expert.active is False  # the box left unticked: out of the registry
    assert expert.organization == ""


def test_an_expert_needs_a_specialty(client, world, staff):
    client.force_login(staff)

    response = client.post(reverse("inspections:expert_create"), {"name": "林高工", "specialty": ""})

    assert "请填写专业领域。" in response.content.decode()
    assert not Expert.objects.exists()


def test_a_missing_expert_is_a_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("inspections:expert_edit", args=[999999])).status_code == 404


def test_the_list_counts_each_experts_inspections(client, world, staff, inspector, inspector2):
    often, once, never = (Expert.objects.create(name=n, specialty="危化品") for n in ("甲专家", "乙专家", "丙专家"))
    for experts in ([often, once], [often]):
        inspection_record(
            enterprise=world.enterprise_x,
            date=TODAY,
            inspectors=[inspector, inspector2],
            actor=inspector,
            experts=experts,
        )
    client.force_login(inspector)

    response = client.get(reverse("inspections:experts"))

    assert [(e.name, e.visits) for e in response.context["page_obj"]] == [("甲专家", 2), ("乙专家", 1), ("丙专家", 0)]
    assert "新增专家" not in response.content.decode()  # inspectors only read the registry
    assert [e.name for e in client.get(reverse("inspections:experts"), {"q": "乙"}).context["page_obj"]] == ["乙专家"]


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("staff", {"企业X", "企业Y"}),
        ("inspector", {"企业X", "企业Y"}),
        ("grid_officer_a", {"企业X"}),
        ("enterprise_user_x", {"企业X"}),
        ("enterprise_user_y", {"企业Y"}),
    ],
)
def test_talks_are_listed_within_the_users_scope(request, client, world, staff, persona, sees):
    make_talk(world.enterprise_x, staff)
    make_talk(world.enterprise_y, staff)
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("inspections:talks"))

    assert response.status_code == 200
    assert {t.enterprise.name for t in response.context["page_obj"]} == sees


def test_enterprise_y_cannot_see_xs_talk(client, world, staff, enterprise_user_y):
    make_talk(world.enterprise_x, staff, topics="X的罐区整改")
    client.force_login(enterprise_user_y)

    response = client.get(reverse("inspections:talks"), {"enterprise": "企业X"})

    assert list(response.context["page_obj"]) == []
    assert "X的罐区整改" not in response.content.decode()


def test_talks_filter_by_enterprise_and_date(client, world, staff):
    make_talk(world.enterprise_x, staff, date=date(2026, 3, 10))
    make_talk(world.enterprise_x, staff, date=date(2026, 9, 10))
    make_talk(world.enterprise_y, staff, date=date(2026, 9, 12))
    client.force_login(staff)

    def listed(**params):
        return [
            (t.enterprise.name, t.date) for t in client.get(reverse("inspections:talks"), params).context["page_obj"]
        ]

    assert listed(enterprise="企业X") == [("企业X", date(2026, 9, 10)), ("企业X", date(2026, 3, 10))]
    assert listed(enterprise=world.enterprise_y.credit_code) == [("企业Y", date(2026, 9, 12))]
    assert listed(date_after="2026-09-01", date_before="2026-09-11") == [("企业X", date(2026, 9, 10))]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bureau_admin", 403), ("staff", 200), ("inspector", 200), ("grid_officer_a", 403), ("enterprise_user_x", 403)],
)
def test_only_staff_and_inspectors_record_talks(request, client, world, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("inspections:talk_create")).status_code == status


def test_an_inspector_records_a_talk_by_credit_code(client, world, inspector, staff):
    client.force_login(inspector)

    response = client.post(
        reverse("inspections:talk_create"),
        talk_data(world, [inspector, staff], enterprise=world.enterprise_x.credit_code.lower()),
    )

    assert response["Location"] == reverse("inspections:talks")
    talk = Talk.objects.get()
    assert (talk.enterprise, talk.head_name, talk.created_by) == (world.enterprise_x, "王矿长", inspector)
    assert set(talk.interviewers.all()) == {inspector, staff}


def test_an_unknown_credit_code_is_refused_in_chinese(client, world, inspector):
    client.force_login(inspector)

    response = client.post(
        reverse("inspections:talk_create"), talk_data(world, [inspector], enterprise="91330381MA00000000")
    )

    assert "找不到与“91330381MA00000000”相符的企业" in response.content.decode()
    assert not Talk.objects.exists()


def test_a_grid_officer_cannot_be_a_talks_officer(client, world, inspector, grid_officer_a):
    client.force_login(inspector)

    response = client.post(reverse("inspections:talk_create"), talk_data(world, [inspector, grid_officer_a]))

    assert response.status_code == 200
    assert "interviewers" in response.context["form"].errors
    assert not Talk.objects.exists()


def test_a_talk_in_the_future_is_refused(client, world, inspector):
    client.force_login(inspector)

    response = client.post(
        reverse("inspections:talk_create"),
        talk_data(world, [inspector], date=(TODAY + timedelta(days=1)).isoformat()),
    )

    assert "谈话日期不能晚于今天。" in response.content.decode()
    assert not Talk.objects.exists()
