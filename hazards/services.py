"""Every write to a hazard: one function per step, each checking who may do it and from which state,
saving, and recording the event in the same transaction."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau.accounts.services import notify
from bureau.once import AlreadyDone
from hazards import listing, permissions
from hazards.chases import CHASEABLE_STATUSES, chase_message, todays_chase
from hazards.criteria import check_criterion
from hazards.models import (
    DeadlineExtension,
    Hazard,
    HazardAction,
    HazardEvent,
    HazardLevel,
    HazardPhoto,
    HazardStatus,
)
from hazards.photos import clean_photos


class StaleHazard(ValidationError):
    """The hazard changed since the form was shown: someone else acted first."""


@dataclass(frozen=True)
class Transition:
    label: str
    sources: tuple
    target: str
    allowed: Callable  # allowed(user, enterprise) -> bool
    note_required: str = ""  # the message when a note is required and missing


TRANSITIONS = {
    "start": Transition(
        HazardAction.START.label,
        (HazardStatus.REPORTED,),
        HazardStatus.RECTIFYING,
        lambda user, enterprise: permissions.can_report_for(user, enterprise),
    ),
    "rectify": Transition(
        HazardAction.RECTIFY.label,
        (HazardStatus.RECTIFYING,),
        HazardStatus.RECTIFIED,
        permissions.is_own_enterprise,
        note_required="请说明整改情况。",
    ),
    "close": Transition(
        HazardAction.CLOSE.label, (HazardStatus.RECTIFIED,), HazardStatus.CLOSED, permissions.can_verify
    ),
    "send_back": Transition(
        HazardAction.SEND_BACK.label,
        (HazardStatus.RECTIFIED,),
        HazardStatus.RECTIFYING,
        permissions.can_verify,
        note_required="退回整改必须填写理由。",
    ),
}


def available_actions(hazard, user):
    """The transitions this user may make on this hazard now, for the buttons on its page."""
    actions = [
        (name, t.label)
        for name, t in TRANSITIONS.items()
        if hazard.status in t.sources and t.allowed(user, hazard.enterprise)
    ]
    # A listed hazard closes only by acceptance (hazards.listing): no 验收销号 button while it is listed.
    if any(name == "close" for name, _ in actions) and listing.is_listed(hazard):
        actions = [(name, label) for name, label in actions if name != "close"]
    return actions


def _record(hazard, action, actor, note="", from_status="", to_status=""):
    return HazardEvent.objects.create(
        hazard=hazard, action=action, actor=actor, note=note, from_status=from_status, to_status=to_status
    )


def _save_photos(hazard, cleaned, kind, actor):
    for clean in cleaned:
        photo = HazardPhoto(
            hazard=hazard, kind=kind, content_type=clean.content_type, size=clean.file.size, uploaded_by=actor
        )
        photo.image.save(clean.file.name, clean.file, save=False)
        photo.save()


def enterprise_users(enterprise):
    return get_user_model().objects.filter(enterprise_membership__enterprise=enterprise, is_active=True)


def _notify_enterprise(hazard, key, message):
    for user in enterprise_users(hazard.enterprise):
        notify(user=user, key=f"{key}:{hazard.pk}", message=message, url=hazard.get_absolute_url())


@transaction.atomic
def hazard_report(*, hazard, actor, photos=()):
    """Report a new hazard (已上报) with its photos. An item of the major-hazard criteria (判定依据) makes it major;
    an item that does not apply to the enterprise is refused."""
    if not permissions.can_report_for(actor, hazard.enterprise):
        raise PermissionDenied("只能上报本单位的隐患。")
    if hazard.criterion_id is not None:
        check_criterion(hazard.criterion, hazard.enterprise)
        hazard.level = HazardLevel.MAJOR
    checked = clean_photos(list(photos))
    hazard.reported_by = actor
    hazard.status = HazardStatus.REPORTED
    hazard.full_clean()
    hazard.save()
    _save_photos(hazard, checked, HazardPhoto.Kind.FINDING, actor)
    _record(hazard, HazardAction.REPORT, actor, to_status=HazardStatus.REPORTED)
    return hazard


@transaction.atomic
def hazard_transition(*, hazard, action, actor, version, note="", photos=()):
    """Move a hazard along its life (see TRANSITIONS); refuses a stale version, a wrong state or a wrong role."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError("未知的操作。")
    locked = Hazard.objects.select_for_update().select_related("enterprise__grid_cell").get(pk=hazard.pk)
    if locked.version != version:
        raise StaleHazard("该隐患已被他人更新，请刷新页面后查看最新状态再操作。")
    if not transition.allowed(actor, locked.enterprise):
        raise PermissionDenied(f"您无权对该隐患执行“{transition.label}”。")
    if locked.status not in transition.sources:
        raise ValidationError(f"隐患当前为“{locked.get_status_display()}”，不能“{transition.label}”。")
    if action == "close" and listing.is_listed(locked):
        raise ValidationError(listing.REFUSED_CLOSE)
    note = note.strip()
    if transition.note_required and not note:
        raise ValidationError(transition.note_required)
    checked = clean_photos(list(photos))
    if action == "rectify" and not checked:
        raise ValidationError("报告整改完成须上传至少一张整改后的照片。")

    from_status = locked.status
    locked.status = transition.target
    locked.version += 1
    if action == "rectify":
        locked.rectified_on = timezone.localdate()
    if action == "close":
        locked.closed_at = timezone.now()
    if action == "send_back":
        locked.rectified_on = None
    locked.save()
    _save_photos(locked, checked, HazardPhoto.Kind.EVIDENCE, actor)
    _record(locked, HazardAction(action), actor, note, from_status, locked.status)
    if action == "send_back":
        _notify_enterprise(locked, f"sent_back:{locked.version}", f"隐患“{locked.location}”被退回整改：{note}")
    return locked


@transaction.atomic
def hazard_chase(*, hazard, actor, note=""):
    """Chase (催办) an open hazard: recorded in its timeline, each active user of its enterprise notified. Once a day
    per hazard, whoever chases: a second chase the same day changes nothing and says who chased first."""
    # The row lock makes two officers pressing at once take turns: the second finds the first's chase.
    locked = Hazard.objects.select_for_update().select_related("enterprise__grid_cell").get(pk=hazard.pk)
    if not permissions.can_chase(actor, locked.enterprise):
        raise PermissionDenied("只有本网格的网格员、执法人员和局机关可以催办隐患。")
    if locked.status not in CHASEABLE_STATUSES:
        raise ValidationError(f"隐患当前为“{locked.get_status_display()}”，只有已上报或整改中的隐患可以催办。")
    today = timezone.localdate()
    earlier = todays_chase(locked, today)
    if earlier is not None:
        who = earlier.actor.first_name or earlier.actor.username
        raise AlreadyDone(f"今天已催办过（{who} {timezone.localtime(earlier.at):%H:%M}），企业已收到通知。")
    note = note.strip()
    event = _record(locked, HazardAction.CHASE, actor, note)
    # Keyed by the day: the enterprise hears of each day's chase once, however many of its users there are.
    _notify_enterprise(locked, f"chase:{today.isoformat()}", chase_message(locked, actor, note, today))
    return event


@transaction.atomic
def hazard_request_extension(*, hazard, actor, requested_deadline, reason):
    """The enterprise asks for a later deadline; the bureau decides."""
    locked = Hazard.objects.select_for_update().select_related("enterprise").get(pk=hazard.pk)
    if not permissions.is_own_enterprise(actor, locked.enterprise):
        raise PermissionDenied("只有隐患所属企业可以申请延期。")
    if locked.status == HazardStatus.CLOSED:
        raise ValidationError("隐患已销号，无需延期。")
    if requested_deadline <= locked.rectification_deadline:
        raise ValidationError("申请的期限必须晚于当前整改期限。")
    if not reason.strip():
        raise ValidationError("请填写延期理由。")
    if locked.extensions.filter(decision=DeadlineExtension.Decision.PENDING).exists():
        raise ValidationError("已有一项延期申请待审批。")
    extension = DeadlineExtension(
        hazard=locked,
        requested_deadline=requested_deadline,
        previous_deadline=locked.rectification_deadline,
        reason=reason.strip(),
        requested_by=actor,
    )
    extension.full_clean()
    extension.save()
    _record(
        locked, HazardAction.REQUEST_EXTENSION, actor, f"申请延期至 {requested_deadline:%Y-%m-%d}：{extension.reason}"
    )
    return extension


@transaction.atomic
def hazard_decide_extension(*, extension, actor, approve, note=""):
    """Approve (the deadline moves) or refuse (with a reason) a pending extension request."""
    if not permissions.can_decide_extension(actor):
        raise PermissionDenied("只有局机关或执法人员可以审批延期。")
    extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    hazard = Hazard.objects.select_for_update().get(pk=extension.hazard_id)
    if extension.decision != DeadlineExtension.Decision.PENDING:
        raise AlreadyDone("该延期申请已审批。")
    if not approve and not note.strip():
        raise ValidationError("不批准延期必须填写理由。")
    extension.decision = DeadlineExtension.Decision.APPROVED if approve else DeadlineExtension.Decision.REFUSED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = note.strip()
    extension.save()
    if approve:
        hazard.rectification_deadline = extension.requested_deadline
        hazard.version += 1
        hazard.save(update_fields=["rectification_deadline", "version"])
    verdict = "批准" if approve else "不批准"
    decided = HazardAction.APPROVE_EXTENSION if approve else HazardAction.REFUSE_EXTENSION
    _record(hazard, decided, actor, note.strip() or f"整改期限改为 {extension.requested_deadline:%Y-%m-%d}")
    _notify_enterprise(
        hazard, f"extension:{extension.pk}", f"隐患“{hazard.location}”的延期申请{verdict}。{note.strip()}"
    )
    return extension
