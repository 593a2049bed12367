from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import SignInEvent
from bureau.roles import Role
from enterprises.models import Enterprise, MajorHazardSource
from hazards.models import Hazard
from inspections.enforcement.models import Document
from inspections.inspection.models import Inspection
from tests.factories import make_enterprise, make_hazard, make_user

PASSWORD = "Test-pass-2026"


def trail_page(client, admin, **filters):
    client.force_login(admin)
    response = client.get(reverse("audit:list"), filters)
    assert response.status_code == 200
    return response


def entries_of(response, type_label=None):
    return [e for e in response.context["entries"] if type_label is None or e.type_label == type_label]


def test_a_grade_change_shows_who_made_it_and_the_old_and_new_grade(client, world, staff, bureau_admin):
    client.force_login(staff)
    client.post(
        reverse("enterprises:grade", args=[world.enterprise_x.pk]),
        {"grade": "red", "effective_date": "2026-02-01", "reason": "非法储存危化品"},
    )

    response = trail_page(client, bureau_admin, model="enterprises.enterprise", q="企业X")

    change = entries_of(response)[0]
    assert change.user == staff
    assert change.change_type == "修改"
    assert change.name == "企业X"
    assert change.url == reverse("enterprises:detail", args=[world.enterprise_x.pk])
    assert [(c.label, c.old, c.new) for c in change.changes] == [("四色等级", "（空）", "红（打击取缔对象）")]
    decision = entries_of(trail_page(client, bureau_admin, model="enterprises.gradechange"))[0]
    assert decision.change_type == "新增" and decision.user == staff
    assert ("调整理由", "（空）", "非法储存危化品") in [(c.label, c.old, c.new) for c in decision.changes]
    body = response.content.decode()
    assert "staff1" in body and "红（打击取缔对象）" in body


def test_a_hazard_transition_is_recorded_with_the_status_before_and_after(
    client, world, enterprise_user_x, bureau_admin
):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=enterprise_user_x)
    client.force_login(enterprise_user_x)
    client.post(reverse("hazards:transition", args=[hazard.pk, "start"]), {"version": hazard.version})
    assert Hazard.objects.get().status == "rectifying"

    change = entries_of(trail_page(client, bureau_admin, model="hazards.hazard"))[0]

    assert change.user == enterprise_user_x
    assert ("状态", "已上报", "整改中") in [(c.label, c.old, c.new) for c in change.changes]
    assert change.url == hazard.get_absolute_url()


def test_filters_by_user_object_and_date(client, world, staff, inspector, bureau_admin):
    for user, enterprise, grade in [(staff, world.enterprise_x, "blue"), (inspector, world.enterprise_y, "red")]:
        client.force_login(user)
        client.post(
            reverse("enterprises:grade", args=[enterprise.pk]),
            {"grade": grade, "effective_date": "2026-01-05", "reason": "年度评定"},
        )
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        older = make_enterprise(grid_cell=world.village_a, name="旧企业")
        client.force_login(staff)
        client.post(reverse("enterprises:contact", args=[older.pk]), {"safety_contact": "林海"})

    by_inspector = entries_of(trail_page(client, bureau_admin, user="inspector1"))
    assert by_inspector and {e.user for e in by_inspector} == {inspector}

    by_name = entries_of(trail_page(client, bureau_admin, q="企业Y"))
    assert by_name and {e.name for e in by_name if e.type_label == "生产经营单位"} == {"企业Y"}

    by_id = entries_of(trail_page(client, bureau_admin, model="enterprises.enterprise", q=str(world.enterprise_x.pk)))
    assert by_id and {e.object_id for e in by_id} == {world.enterprise_x.pk}

    today = timezone.localdate()
    old = entries_of(trail_page(client, bureau_admin, date_to=(today - timedelta(days=30)).isoformat()))
    assert [(e.name, e.change_type) for e in old] == [("旧企业", "修改"), ("旧企业", "新增")]
    assert [(c.label, c.old, c.new) for c in old[0].changes] == [("安全生产主要负责人", "（空）", "林海")]
    recent = entries_of(trail_page(client, bureau_admin, date_from=today.isoformat(), user="staff1"))
    assert recent and all(timezone.localdate(e.at) == today for e in recent)


def test_a_backwards_date_range_is_refused_in_chinese(client, world, bureau_admin):
    response = trail_page(client, bureau_admin, date_from="2026-03-01", date_to="2026-01-01")

    assert response.context["entries"] == []
    assert "起始日期不能晚于截止日期" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["staff", "inspector", "grid_officer_a", "grid_officer_b", "enterprise_user_x", "enterprise_user_y"]
)
def test_only_admins_see_the_audit_pages(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:sign_ins")).status_code == 403


def test_user_changes_are_recorded_but_never_the_password_hash(client, staff, bureau_admin):
    client.force_login(staff)
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Qiao-Liang#88", "new_password2": "Qiao-Liang#88"},
    )
    history = get_user_model().history

    assert "password" not in {f.name for f in history.model._meta.fields}
    assert history.filter(id=staff.pk).latest("history_date").password_changed is True
    response = trail_page(client, bureau_admin, model="auth.user", user="staff1")
    assert "密码已修改（不记录密码内容）" in response.content.decode()
    assert staff.password not in response.content.decode()


def test_role_changes_show_the_role_names(client, staff, bureau_admin):
    response = trail_page(client, bureau_admin, model="auth.user", q="staff1")

    changes = [(c.label, c.new) for e in entries_of(response) for c in e.changes]
    assert ("组", "局机关") in changes


def test_the_trail_spends_the_same_queries_on_a_page_whatever_the_history_holds(client, world, staff, bureau_admin):
    def queries():
        client.force_login(bureau_admin)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("audit:list"))
        return len(captured)

    for n in range(5):
        make_hazard(enterprise=world.enterprise_x, reported_by=staff, location=f"车间{n}")
    few = queries()
    for n in range(60):
        enterprise = make_enterprise(grid_cell=world.village_a)
        enterprise.name = f"改名企业{n}"
        enterprise.save()
        make_hazard(enterprise=enterprise, reported_by=staff)

    assert queries() <= few + 2
    assert Enterprise.history.count() > 50


def test_a_failed_sign_in_and_a_lockout_are_recorded(client, staff, bureau_admin):
    for _ in range(5):
        client.post(reverse("login"), {"username": "staff1", "password": "wrong-pass-1"}, REMOTE_ADDR="192.0.2.7")

    events = list(SignInEvent.objects.filter(username="staff1").order_by("at", "id"))
    assert [e.kind for e in events] == ["failure"] * 5 + ["lockout"]
    assert all(e.user == staff and e.ip == "192.0.2.7" for e in events)

    client.force_login(bureau_admin)
    body = client.get(reverse("audit:sign_ins"), {"user": "staff1", "kind": "lockout"}).content.decode()
    assert "锁定" in body and "192.0.2.7" in body


def test_sign_in_and_sign_out_are_recorded_and_filtered_by_date(client, staff, bureau_admin):
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        client.post(reverse("login"), {"username": "staff1", "password": PASSWORD}, HTTP_USER_AGENT="Firefox/140")
        client.post(reverse("logout"))

    assert [e.kind for e in SignInEvent.objects.filter(username="staff1").order_by("at", "id")] == [
        "success",
        "logout",
    ]
    client.force_login(bureau_admin)
    today = timezone.localdate()
    listed = client.get(reverse("audit:sign_ins"), {"user": "staff1"}).context["page_obj"].object_list
    assert [e.kind for e in listed] == ["logout", "success"] and listed[1].user_agent == "Firefox/140"
    assert (
        not client.get(reverse("audit:sign_ins"), {"user": "staff1", "date_from": today.isoformat()})
        .context["page_obj"]
        .object_list
    )


def test_a_grid_assignment_records_the_officer_and_is_the_scope_itself(client, world, grid_officer_b, bureau_admin):
    """The officer's scope is their assignments (grids.permissions.held_paths): no profile changes beside them."""
    client.force_login(bureau_admin)
    client.post(
        reverse("grids:assign", args=[world.cell_a.code]),
        {"user": grid_officer_b.pk, "capacity": "responsible", "start_date": timezone.localdate().isoformat()},
    )

    assignment = entries_of(trail_page(client, bureau_admin, model="grids.gridassignment"))[0]
    assert assignment.change_type == "新增" and assignment.user == bureau_admin
    assert ("人员", "（空）", "grid_b") in [(c.label, c.old, c.new) for c in assignment.changes]
    assert entries_of(trail_page(client, bureau_admin, model="accounts.profile", user="admin1")) == []


def test_a_number_is_an_id_or_an_exact_code(client, world, bureau_admin):
    by_code = entries_of(trail_page(client, bureau_admin, q=world.cell_a.code))
    assert [(e.type_label, e.name) for e in by_code] == [("网格", "仙降第一工作片")]

    assert entries_of(trail_page(client, bureau_admin, q="9" * 30)) == []


@pytest.mark.parametrize("query", ["²", "¹³", "٣", "１２", "1\x00"])
def test_a_number_is_ascii_digits_other_digits_are_text(client, world, bureau_admin, query):
    # "²".isdigit() is True and int("²") fails: this was a 500. Such a query is searched for as a name.
    assert entries_of(trail_page(client, bureau_admin, q=query)) == []


def test_a_deletion_is_listed_without_a_link(client, world, bureau_admin):
    source = MajorHazardSource.objects.create(enterprise=world.enterprise_x, name="液氨储罐", level=2)
    source.delete()

    deleted = entries_of(trail_page(client, bureau_admin, model="enterprises.majorhazardsource"))[0]

    assert (deleted.change_type, deleted.name, deleted.url) == ("删除", "液氨储罐（二级）", "")


def test_an_inspection_and_the_document_issued_from_it_are_in_the_trail(
    client, world, inspector, inspector2, bureau_admin
):
    client.force_login(inspector)
    client.post(
        reverse("inspections:create"),
        {
            "enterprise": world.enterprise_x.credit_code,
            "date": timezone.localdate().isoformat(),
            "kind": "routine",
            "inspectors": [inspector.pk, inspector2.pk],
        },
    )
    inspection = Inspection.objects.get()
    client.post(
        reverse("documents:issue", args=[world.enterprise_x.pk, "record"]) + f"?inspection={inspection.pk}",
        {"co_signer": inspector2.pk, "facts": "现场检查情况良好"},
    )
    document = Document.objects.get()

    response = trail_page(client, bureau_admin)

    issued = entries_of(response, "执法文书")[0]
    assert (issued.change_type, issued.user, issued.name, issued.url) == (
        "新增",
        inspector,
        str(document),
        document.get_absolute_url(),
    )
    assert ("文号", "（空）", document.number) in [(c.label, c.old, c.new) for c in issued.changes]
    visit = entries_of(response, "监督检查")[0]
    assert (visit.change_type, visit.user, visit.url) == ("新增", inspector, inspection.get_absolute_url())
    assert ("被检查单位", "（空）", "企业X") in [(c.label, c.old, c.new) for c in visit.changes]
    body = response.content.decode()
    assert document.number in body and "现场检查情况良好" in body
    by_model = entries_of(trail_page(client, bureau_admin, model="inspections.document"))
    assert [e.object_id for e in by_model] == [document.pk]


def test_a_campaigns_industries_show_by_name(client, world, staff, bureau_admin):
    from enterprises.models import Industry
    from inspections.campaigns.models import Campaign
    from inspections.campaigns.services import campaign_save

    today = timezone.localdate()
    campaign = Campaign(name="危化与制鞋专项整治", start_date=today, end_date=today + timedelta(days=30))
    campaign_save(campaign=campaign, special_categories=[], industries=[Industry.CHEMICALS], towns=[], actor=staff)
    campaign_save(
        campaign=campaign,
        special_categories=[],
        industries=[Industry.CHEMICALS, Industry.SHOES],
        towns=[],
        actor=staff,
    )

    entries = entries_of(trail_page(client, bureau_admin, model="inspections.campaign"))
    changes = [(c.label, c.old, c.new) for e in entries for c in e.changes if c.label == "涉及行业"]
    assert changes == [("涉及行业", "危险化学品", "危险化学品、制鞋"), ("涉及行业", "（空）", "危险化学品")]


def test_an_enterprise_users_membership_shows_the_user_and_the_enterprise(client, world, bureau_admin):
    make_user(Role.ENTERPRISE, username="ent_audit", enterprise=world.enterprise_x)

    membership = entries_of(trail_page(client, bureau_admin, model="enterprises.enterprisemembership"))[0]
    assert (membership.type_label, membership.change_type) == ("企业用户", "新增")
    assert membership.name == "ent_audit（企业X）"
    assert ("所属企业", "（空）", "企业X") in [(c.label, c.old, c.new) for c in membership.changes]
