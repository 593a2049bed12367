"""Writes about accidents: the report (事故快报) and its changes (补报), the investigation and its report's
approval, and the follow-ups (后续处理). Each checks who may, cleans, and records the step in one transaction."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau import workdays
from bureau.once import AlreadyDone
from bureau.roles import require
from inspections.accidents import permissions
from inspections.accidents.grading import EXTENSION_MAX_DAYS, INVESTIGATION_DAYS
from inspections.accidents.models import Accident, AccidentAction, AccidentEvent, Accountability, Investigation

REPORT_FIELDS = ("enterprise", "occurred_at", "place", "kind", "summary", "reported_at", "reported_by")
CASUALTY_FIELDS = ("deaths", "serious_injuries", "injuries", "direct_loss")
FINDING_FIELDS = ("leader", "members", "cause", "responsibility", "proposed_handling")
# What a report must say before it is submitted (the labels of its form).
FINDING_LABELS = {"cause": "事故原因", "responsibility": "责任认定", "proposed_handling": "处理建议"}
FOLLOW_UP_FIELDS = ("accident", "date", "kind", "subject", "person_count", "case", "status", "started_on", "done_on")


def _event(accident, action, actor, note="", **values):
    AccidentEvent.objects.create(accident=accident, action=action, actor=actor, note=note, **values)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def accident_report(*, actor, deaths=0, serious_injuries=0, injuries=0, direct_loss=0, **fields):
    """Record an accident's report (事故快报); its grade follows from the casualties and the loss."""
    require(permissions.can_record_accidents(actor), "登记事故")
    accident = Accident(
        deaths=deaths,
        serious_injuries=serious_injuries,
        injuries=injuries,
        direct_loss=direct_loss,
        recorded_by=actor,
        **{name: _strip(fields[name]) for name in REPORT_FIELDS if name in fields},
    )
    accident.full_clean()
    accident.save()
    _event(accident, AccidentAction.REPORT, actor, grade_to=accident.grade)
    return accident


@transaction.atomic
def accident_edit(*, accident, actor, **fields):
    """Correct the report (time, place, type, summary, when and by whom it was reported). Casualties and loss change
    by accident_supplement, so that each change stays on the timeline."""
    require(permissions.can_record_accidents(actor), "修改事故快报")
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    before = [getattr(accident, name) for name in REPORT_FIELDS]
    for name in REPORT_FIELDS:
        if name in fields:
            setattr(accident, name, _strip(fields[name]))
    if [getattr(accident, name) for name in REPORT_FIELDS] == before:
        return accident
    if accident.reported_at is not None:
        accident.report_time_unknown = False
    accident.full_clean()
    accident.save()
    _event(accident, AccidentAction.EDIT, actor)
    return accident


@transaction.atomic
def accident_supplement(*, accident, actor, deaths, serious_injuries, injuries, direct_loss, note=""):
    """补报 (第十三条): casualties or the loss changed after the report; the grade is computed again."""
    require(permissions.can_record_accidents(actor), "补报事故")
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    new = {"deaths": deaths, "serious_injuries": serious_injuries, "injuries": injuries, "direct_loss": direct_loss}
    if all(getattr(accident, name) == value for name, value in new.items()):
        raise ValidationError("伤亡人数和直接经济损失与原报告相同，无需补报。")
    grade_from = accident.grade
    for name, value in new.items():
        setattr(accident, name, value)
    accident.full_clean()
    accident.save()
    _event(
        accident,
        AccidentAction.SUPPLEMENT,
        actor,
        note=_strip(note),
        grade_from=grade_from,
        grade_to=accident.grade,
        **new,
    )
    return accident


def _locked(investigation):
    return Investigation.objects.select_for_update().get(pk=investigation.pk)


@transaction.atomic
def investigation_save(*, accident, actor, **fields):
    """Form the investigation team (the report due 60 days after the accident) or edit its findings; only while
    the report is not submitted."""
    require(permissions.can_record_accidents(actor), "登记事故调查")
    investigation = Investigation.objects.select_for_update().filter(accident=accident).first()
    if investigation is None:
        investigation = Investigation(
            accident=accident,
            drafted_by=actor,
            due_on=workdays.add_days(accident.date, INVESTIGATION_DAYS),
        )
        created = True
    else:
        if not investigation.is_editable:
            raise AlreadyDone(f"调查报告现为“{investigation.get_status_display()}”，不能修改。")
        created = False
    before = [getattr(investigation, name) for name in FINDING_FIELDS]
    for name in FINDING_FIELDS:
        if name in fields:
            setattr(investigation, name, _strip(fields[name]) or "")
    if not created and before == [getattr(investigation, name) for name in FINDING_FIELDS]:
        return investigation
    investigation.full_clean()
    investigation.save()
    if created:
        _event(accident, AccidentAction.INVESTIGATION, actor, note=f"调查组组长：{investigation.leader}")
    return investigation


@transaction.atomic
def investigation_extend(*, investigation, actor, days, reason):
    """第二十九条: the report period extended once, by at most 60 days, with the reason, by the person in charge."""
    require(permissions.can_approve_investigations(actor), "批准延长调查期限")
    investigation = _locked(investigation)
    if investigation.extended_to is not None:
        raise AlreadyDone("调查期限已延长过一次，不能再次延长。")
    if investigation.status == Investigation.Status.APPROVED:
        raise AlreadyDone("调查报告已批准。")
    if not 1 <= days <= EXTENSION_MAX_DAYS:
        raise ValidationError({"days": f"延长天数应为 1 至 {EXTENSION_MAX_DAYS} 天。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写延长理由。"})
    investigation.extended_to = investigation.due_on + timedelta(days=days)
    investigation.extension_reason = reason.strip()
    investigation.extension_approved_by = actor
    investigation.full_clean()
    investigation.save()
    _event(
        investigation.accident,
        AccidentAction.EXTEND,
        actor,
        note=f"延长至 {investigation.extended_to:%Y-%m-%d}：{reason.strip()}",
    )
    return investigation


@transaction.atomic
def investigation_submit(*, investigation, actor):
    """Send the investigation report to the person in charge."""
    require(permissions.can_record_accidents(actor), "提交调查报告")
    investigation = _locked(investigation)
    if not investigation.is_editable:
        raise AlreadyDone(f"调查报告现为“{investigation.get_status_display()}”。")
    missing = [label for name, label in FINDING_LABELS.items() if not getattr(investigation, name)]
    if missing:
        raise ValidationError(f"请先填写{'、'.join(missing)}。")
    investigation.status = Investigation.Status.SUBMITTED
    investigation.submitted_at = timezone.now()
    investigation.save(update_fields=["status", "submitted_at"])
    _event(investigation.accident, AccidentAction.SUBMIT, actor)
    return investigation


def _check_approver(investigation, actor):
    if not permissions.can_approve_investigations(actor):
        raise PermissionDenied("只有负责人可以审批调查报告。")
    if actor.pk == investigation.drafted_by_id:
        raise PermissionDenied("拟稿人不能审批自己拟写的调查报告。")
    if investigation.status != Investigation.Status.SUBMITTED:
        raise AlreadyDone(f"调查报告现为“{investigation.get_status_display()}”。")


@transaction.atomic
def investigation_approve(*, investigation, actor, note=""):
    investigation = _locked(investigation)
    _check_approver(investigation, actor)
    investigation.status = Investigation.Status.APPROVED
    investigation.approved_by = actor
    investigation.approved_at = timezone.now()
    investigation.note = (note or "").strip()
    investigation.save(update_fields=["status", "approved_by", "approved_at", "note"])
    _event(investigation.accident, AccidentAction.APPROVE, actor, note=investigation.note)
    return investigation


@transaction.atomic
def investigation_return(*, investigation, actor, note):
    investigation = _locked(investigation)
    _check_approver(investigation, actor)
    if not (note or "").strip():
        raise ValidationError({"note": "退回时请写明意见。"})
    investigation.status = Investigation.Status.RETURNED
    investigation.note = note.strip()
    investigation.save(update_fields=["status", "note"])
    _event(investigation.accident, AccidentAction.RETURN, actor, note=investigation.note)
    return investigation


@transaction.atomic
def accountability_record(*, actor, date, kind, person_count, summary, **fields):
    """Record a follow-up (后续处理): people referred or disciplined, an administrative penalty, or an
    accountability bulletin; tied to an accident or (a bulletin) to none."""
    require(permissions.can_record_follow_ups(actor), "登记后续处理")
    record = Accountability(
        date=date,
        kind=kind,
        person_count=person_count,
        summary=summary.strip(),
        recorded_by=actor,
        **{name: _strip(value) for name, value in fields.items() if name in FOLLOW_UP_FIELDS and value is not None},
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def accountability_edit(*, record, actor, **fields):
    """Change a follow-up: its status and dates as it is handled, or a correction."""
    require(permissions.can_record_follow_ups(actor), "修改后续处理")
    record = Accountability.objects.select_for_update().get(pk=record.pk)
    names = [name for name in (*FOLLOW_UP_FIELDS, "summary") if name in fields]
    before = [getattr(record, name) for name in names]
    for name in names:
        setattr(record, name, _strip(fields[name]))
    if [getattr(record, name) for name in names] == before:
        return record  # saved unchanged: nothing written, not even a history row
    record.full_clean()
    record.save()
    return record
