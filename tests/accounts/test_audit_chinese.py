"""The audit trail in Chinese (issue #15): every field has a Chinese name, every value reads as text, an ended
assignment says 任期结束, and a change is never shown as 无字段变化."""

import re
from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.accounts.audit_values import json_lines
from bureau.assessment.audit_labels import INDICATOR_INPUTS, RANKING_INPUTS, SNAPSHOT
from bureau.assessment.bulletins import bulletin_draft, ranking_snapshot
from bureau.assessment.registry import INDICATORS
from bureau.assessment.services import bulletin_publish, pre_deduction_create
from bureau.audit_labels import JsonLabels
from bureau.quarters import Quarter
from bureau.roles import Role
from enterprises.models import Enterprise
from enterprises.services import enterprise_change_grade, enterprise_save
from grids.models import GridAssignment
from grids.services import grid_assignment_end
from hazards.models import Hazard
from hazards.services import hazard_decide_extension, hazard_request_extension, hazard_transition
from inspections.campaigns.models import Campaign, CampaignTarget
from tests.assessment.builders import rank_two_quarters
from tests.factories import make_hazard, make_user

PROJECT_APPS = {"grids", "accounts", "enterprises", "hazards", "inspections", "assessment", "dashboard"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# What a Python repr of a dict, a list or a string leaves behind.
REPR = re.compile(r"[{}\[\]']")


def trail(client, admin, **filters):
    client.force_login(admin)
    response = client.get(reverse("audit:list"), filters)
    assert response.status_code == 200
    return response


def changes_of(response):
    return [(c.label, c.old, c.new) for e in response.context["entries"] for c in e.changes]


def history_m2m_models():
    """The tables simple-history keeps a many-to-many field's history in: copies of Django's own through tables."""
    return set(HistoricalRecords.m2m_models.values())


def portal_fields():
    """Every concrete field of the portal's models, but the automatic id. Of a history model, only the copies of the
    model's own fields: its history_* bookkeeping is simple-history's and never shown as a change."""
    m2m_histories = history_m2m_models()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model in m2m_histories:
            continue
        original = getattr(model, "instance_type", None)
        for f in model._meta.concrete_fields:
            if f.auto_created or (original is not None and f.name not in {t.name for t in model.tracked_fields}):
                continue
            yield model, f


def test_every_field_of_the_portals_models_has_a_chinese_name():
    fields = list(portal_fields())
    unnamed = [
        f"{model._meta.label}.{f.name}: {f.verbose_name}" for model, f in fields if not CJK.search(str(f.verbose_name))
    ]

    assert len(fields) > 300
    assert unnamed == []


def test_every_model_of_the_portal_has_a_chinese_name():
    m2m_histories = history_m2m_models()
    unnamed = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and model not in m2m_histories
        and not CJK.search(str(model._meta.verbose_name))
    ]

    assert unnamed == []


# Each kind of value ------------------------------------------------------------------------------------------------


def test_choices_related_objects_and_booleans_read_as_text(client, world, staff, bureau_admin):
    enterprise = world.enterprise_x
    enterprise.status = "suspended"
    enterprise.grid_cell = world.village_b
    enterprise.key_supervision = True
    enterprise_save(enterprise=enterprise, actor=staff)

    edit = trail(client, bureau_admin, model="enterprises.enterprise", q="企业X").context["entries"][0]

    # The town follows the cell: derived, so not repeated beside it.
    assert [(c.label, c.old, c.new) for c in edit.changes] == [
        ("所在网格", "仙降第一工作片第1网格", "飞云第一工作片第1网格"),
        ("经营状态", "在营", "停产整顿"),
        ("重点监管企业", "否", "是"),
    ]


def test_dates_choices_and_people_of_an_extension_read_as_text(client, world, enterprise_user_x, staff, bureau_admin):
    staff.first_name = "陈局"
    staff.save()
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=enterprise_user_x)
    old_deadline = hazard.rectification_deadline
    new_deadline = old_deadline + timedelta(days=20)
    extension = hazard_request_extension(
        hazard=hazard, actor=enterprise_user_x, requested_deadline=new_deadline, reason="设备到货延迟"
    )
    hazard_decide_extension(extension=extension, actor=staff, approve=True)

    decided = changes_of(trail(client, bureau_admin, model="hazards.deadlineextension"))
    assert ("审批结果", "待审批", "已批准") in decided
    assert ("审批人", "（空）", "陈局（staff1）") in decided
    assert ("申请人", "（空）", "ent_x") in decided
    moved = changes_of(trail(client, bureau_admin, model="hazards.hazard"))
    assert ("整改期限", f"{old_deadline:%Y-%m-%d}", f"{new_deadline:%Y-%m-%d}") in moved
    body = trail(client, bureau_admin).content.decode()
    assert "延期申请" in body and "deadline extension" not in body


def test_json_values_read_as_key_value_lines_with_chinese_keys(client, world, staff, bureau_admin):
    ranking = rank_two_quarters(world, staff)
    bulletin = bulletin_publish(bulletin=bulletin_draft(ranking=ranking, actor=staff), actor=staff)

    ranked = changes_of(trail(client, bureau_admin, model="assessment.ranking"))
    inputs = next(new for label, _, new in ranked if label == "计算依据")
    lines = inputs.split("\n")
    quarter = ranking.quarter_obj
    assert "考核季度：" in lines and f"\u3000\u3000起始日期：{quarter.start:%Y-%m-%d}" in lines
    assert "\u3000\u3000红（打击取缔对象）：30" in lines
    assert f"考核方案编号：{ranking.scheme_id}" in lines

    published = trail(client, bureau_admin, model="assessment.bulletin")
    changes = changes_of(published)
    assert ("状态", "草稿", "已发布") in changes
    assert ("文号", "（空）", bulletin.number) in changes
    snapshot = next(new for label, _, new in changes if label == "排名快照")
    assert f"季度：{quarter.label}" in snapshot.split("\n")
    assert "计分规则：逾期未整改隐患（重大隐患加倍扣分）" in snapshot
    assert "镇街：仙降街道" in snapshot and "逾期重大隐患：" in snapshot
    assert not REPR.search(inputs) and not REPR.search(snapshot)
    body = published.content.decode()
    # Long structured values fold away.
    assert "<details" in body and "排名快照" in body
    assert "snapshot" not in body and "published by" not in body


def test_unknown_keys_are_shown_as_they_are_known_ones_first_and_nothing_reads_as_a_repr():
    labels = JsonLabels(keys={"due": "应检企业"}, values={"rule": {"accidents": "事故及死亡扣分"}})
    value = {
        "odd_key": None,
        "flag": True,
        "rule": ["accidents", "other"],
        "list": [1, "a"],
        "rows": [{"due": 1}, {}],
        "due": 3,
    }

    lines = json_lines(value, labels)

    assert lines == [
        "应检企业：3",
        "odd_key：（空）",
        "flag：是",
        "rule：事故及死亡扣分、other",
        "list：1、a",
        "rows：",
        "\u3000\u3000第1项：",
        "\u3000\u3000\u3000\u3000应检企业：1",
        "\u3000\u3000第2项：",
        "\u3000\u3000\u3000\u3000（空）",
    ]


def test_every_key_the_assessment_stores_has_a_chinese_name(world, staff):
    ranking = rank_two_quarters(world, staff)

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    assert set(keys(ranking_snapshot(ranking))) <= set(SNAPSHOT)
    assert set(keys(ranking.inputs)) <= set(RANKING_INPUTS)
    assert {key for spec in INDICATORS.values() for key in spec.empty_inputs} <= set(INDICATOR_INPUTS)


def test_a_deleted_related_object_is_named_from_its_history(client, world, staff, bureau_admin):
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="有限空间专项整治", start_date=today, end_date=today + timedelta(days=9), created_by=staff
    )
    CampaignTarget.objects.create(campaign=campaign, enterprise=world.enterprise_x)
    campaign.delete()

    changes = changes_of(trail(client, bureau_admin, model="inspections.campaigntarget"))

    assert ("所属专项整治", "（空）", "有限空间专项整治（已删除）") in changes


# Never "no change" when something changed ----------------------------------------------------------------------------


def test_an_ended_assignment_says_its_term_ended_on_that_day(client, world, grid_officer_b, bureau_admin):
    assignment = GridAssignment.objects.get(user=grid_officer_b)
    end = timezone.localdate() + timedelta(days=1)
    client.force_login(bureau_admin)
    client.post(reverse("grids:end_assignment", args=[world.cell_b.code, assignment.pk]), {"end_date": end})

    response = trail(client, bureau_admin, model="grids.gridassignment")

    ended = response.context["entries"][0]
    assert ended.events == [f"任期结束：{end:%Y-%m-%d}"]
    assert [(c.label, c.old, c.new) for c in ended.changes] == [("结束日期", "（空）", f"{end:%Y-%m-%d}")]
    body = response.content.decode()
    assert "任期结束" in body and "无字段变化" not in body


def test_an_assignment_made_without_history_still_says_its_term_ended(client, world, bureau_admin):
    officer = make_user(Role.GRID_OFFICER, username="grid_c")
    # As a migration or a bulk load makes it: no history record before the end.
    (assignment,) = GridAssignment.objects.bulk_create(
        [GridAssignment(cell=world.cell_a, user=officer, start_date=timezone.localdate())]
    )
    end = timezone.localdate()
    grid_assignment_end(assignment=assignment, end_date=end, actor=bureau_admin)

    response = trail(client, bureau_admin, model="grids.gridassignment", q="仙降")

    ended = response.context["entries"][0]
    assert ended.events == [f"任期结束：{end:%Y-%m-%d}"]
    assert ("结束日期", None, f"{end:%Y-%m-%d}") in [(c.label, c.old, c.new) for c in ended.changes]
    assert "无字段变化" not in response.content.decode()


def test_a_change_of_a_bookkeeping_field_alone_is_still_shown(client, world, staff, bureau_admin):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    Hazard.objects.get(pk=hazard.pk).save()  # nothing changes at all
    hazard.version = 2
    hazard.save()

    entries = trail(client, bureau_admin, model="hazards.hazard").context["entries"]

    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [("版本号", "1", "2")]
    assert entries[1].change_type == "修改" and entries[1].changes == []


def test_a_town_a_form_sets_is_shown_unlike_an_enterprises_derived_town(client, world, staff, bureau_admin):
    pre_deduction_create(
        town=world.town1, quarter=Quarter(2026, 3), points=Decimal("2"), reason="未按时上报", actor=staff
    )

    created = changes_of(trail(client, bureau_admin, model="assessment.prededuction"))

    assert ("镇街", "（空）", "仙降街道") in created
    registered = changes_of(trail(client, bureau_admin, model="enterprises.enterprise", q="企业X"))
    assert ("所在网格", "（空）", "仙降第一工作片第1网格") in registered
    assert "所属镇街" not in {label for label, _, _ in registered}


def test_a_save_that_only_stamps_the_time_shows_the_time(client, world, bureau_admin):
    Enterprise.objects.get(pk=world.enterprise_x.pk).save()

    saved = trail(client, bureau_admin, model="enterprises.enterprise", q="企业X").context["entries"][0]

    assert [c.label for c in saved.changes] == ["更新时间"]


# The page as a whole -------------------------------------------------------------------------------------------------


def test_the_trail_of_everyday_work_has_no_english_field_name_and_no_repr(
    client, world, staff, enterprise_user_x, grid_officer_b, bureau_admin
):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=enterprise_user_x)
    hazard_transition(hazard=hazard, action="start", actor=enterprise_user_x, version=hazard.version)
    enterprise = world.enterprise_x
    enterprise.employees, enterprise.industry = 120, "shoes"
    enterprise_save(enterprise=enterprise, actor=staff)
    enterprise_change_grade(
        enterprise=enterprise, grade="yellow", effective_date=timezone.localdate(), reason="年度评定", actor=staff
    )
    grid_assignment_end(
        assignment=GridAssignment.objects.get(user=grid_officer_b), end_date=timezone.localdate(), actor=bureau_admin
    )
    bulletin_publish(bulletin=bulletin_draft(ranking=rank_two_quarters(world, staff), actor=staff), actor=staff)

    response = trail(client, bureau_admin)

    entries = response.context["entries"]
    shown = [c for e in entries for c in e.changes]
    assert {e.type_label for e in entries} >= {"事故隐患", "生产经营单位", "等级调整记录", "网格责任分工", "季度通报"}
    assert [c.label for c in shown if not CJK.search(c.label)] == []
    assert [c for c in shown if REPR.search(f"{c.old or ''}{c.new}")] == []
    body = response.content.decode()
    english = {
        str(f.name).replace("_", " ")
        for model, f in portal_fields()
        if "_" in f.name and not f.name.startswith("history")
    }
    assert [name for name in english if f"{name}：" in body or f">{name}<" in body] == []
    assert "无字段变化" not in body
