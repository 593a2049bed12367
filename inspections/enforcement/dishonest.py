"""Services of the serious-dishonesty list (严重失信主体名单): each one transaction, refusing in Chinese, and each
naming the status the page showed (`expected_status`): a listing no longer in it is left as it is (AlreadyDone)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau.once import AlreadyDone
from bureau.workdays import add_working_days
from inspections import permissions
from inspections.enforcement.dishonest_models import (
    ANSWER_WORKING_DAYS,
    TERM_YEARS,
    DishonestListing,
    years_later,
)
from inspections.enforcement.models import Case

DECIDED_CASE = (Case.Status.DECIDED, Case.Status.EXECUTED, Case.Status.CLOSED)
Status = DishonestListing.Status


def _handler(actor):
    if not permissions.can_handle_dishonesty(actor):
        raise PermissionDenied("只有执法人员或业务科室人员可以办理严重失信名单。")


def _decider(actor):
    if not permissions.can_decide_dishonesty(actor):
        raise PermissionDenied("只有业务科室负责人员或管理员可以作出严重失信名单决定。")


def _locked(listing, expected_status):
    """The listing locked for the change; AlreadyDone when it has moved on from the status the page showed."""
    listing = DishonestListing.objects.select_for_update().get(pk=listing.pk)
    if expected_status and listing.status != expected_status:
        raise AlreadyDone(f"该名单事项现为“{listing.get_status_display()}”。")
    return listing


@transaction.atomic
def dishonest_propose(*, case, condition, facts, actor):
    """Propose a decided case's party for the list (提议列入)."""
    _handler(actor)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in DECIDED_CASE:
        raise ValidationError("只有已作出处罚决定的案件才能提议列入严重失信主体名单。")
    if case.dishonest_listings.exclude(status__in=[Status.NOT_LISTED, Status.REMOVED]).exists():
        raise AlreadyDone("该案件已提议或已列入严重失信主体名单。")
    listing = DishonestListing(
        enterprise=case.enterprise, case=case, condition=condition, facts=facts, proposed_by=actor
    )
    listing.full_clean()
    listing.save()
    return listing


@transaction.atomic
def dishonest_notify(*, listing, served_on, actor, expected_status=Status.PROPOSED):
    """The notice of the proposed listing has been served (告知): the answer period runs from that day."""
    _handler(actor)
    listing = _locked(listing, expected_status)
    if listing.status != Status.PROPOSED:
        raise ValidationError("只有已提议的事项才能登记告知。")
    if served_on < listing.proposed_on:
        raise ValidationError({"served_on": "告知书送达日期不能早于提议日期。"})
    listing.notice_served_on = served_on
    listing.answer_due_on = add_working_days(served_on, ANSWER_WORKING_DAYS)
    listing.status = Status.NOTIFIED
    listing.full_clean()
    listing.save()
    return listing


@transaction.atomic
def dishonest_answer(*, listing, answer, answered_on, actor, expected_status=Status.NOTIFIED):
    """The party's statement and defence (陈述申辩), received within the answer period."""
    _handler(actor)
    listing = _locked(listing, expected_status)
    if listing.status != Status.NOTIFIED:
        raise ValidationError("只有已告知的事项才能登记陈述申辩。")
    if listing.answered_on is not None:
        raise AlreadyDone("陈述申辩意见已登记。")
    if not answer.strip():
        raise ValidationError({"answer": "请填写当事人的陈述申辩意见。"})
    if answered_on < listing.notice_served_on or answered_on > listing.answer_due_on:
        raise ValidationError({"answered_on": f"陈述申辩须在告知书送达后至 {listing.answer_due_on} 前提出。"})
    listing.answer, listing.answered_on = answer, answered_on
    listing.full_clean()
    listing.save()
    return listing


@transaction.atomic
def dishonest_decide(*, listing, listed, note, publish, actor, expected_status=Status.NOTIFIED):
    """The bureau's decision (列入 / 不列入), by someone other than the proposer, once the party has been heard or
    the answer period has passed. Listed: the term starts today and runs three years."""
    _decider(actor)
    listing = _locked(listing, expected_status)
    if listing.status != Status.NOTIFIED:
        raise ValidationError("须先告知当事人，才能作出决定。")
    if listing.proposed_by_id == actor.pk:
        raise ValidationError("提议人不能对本人提议的事项作出决定。")
    today = timezone.localdate()
    if listing.answered_on is None and not listing.answer_period_over(today):
        raise ValidationError(f"陈述申辩期限至 {listing.answer_due_on} 届满，当事人尚未陈述申辩，请期满后再决定。")
    listing.status = Status.LISTED if listed else Status.NOT_LISTED
    listing.decided_by, listing.decided_at, listing.decision_note = actor, timezone.now(), note
    if listed:
        # Three years counted from the listing day: its last day is the eve of the third anniversary.
        listing.starts_on, listing.ends_on = today, years_later(today, TERM_YEARS) - timedelta(days=1)
        listing.published = publish
    listing.full_clean()
    listing.save()
    return listing


@transaction.atomic
def dishonest_publish(*, listing, actor):
    """Publish a listed entry decided without publication."""
    _decider(actor)
    listing = _locked(listing, Status.LISTED)
    if listing.published:
        raise AlreadyDone("该名单已公示。")
    listing.published = True
    listing.save()
    return listing


@transaction.atomic
def dishonest_repair_apply(*, listing, application, applied_on, actor, expected_status=Status.LISTED):
    """The listed party's application for early removal after credit repair (信用修复申请)."""
    _handler(actor)
    listing = _locked(listing, expected_status)
    if listing.status != Status.LISTED:
        raise ValidationError("只有已列入的名单才能申请信用修复。")
    if listing.repair_applied_on is not None:
        raise AlreadyDone("信用修复申请已登记。")
    if not application.strip():
        raise ValidationError({"application": "请填写信用修复申请的内容（已纠正失信行为、消除不良影响的情况）。"})
    possible = listing.repair_possible_from()
    if applied_on < possible:
        raise ValidationError({"applied_on": f"列入满12个月（{possible} 起）方可申请提前移出。"})
    listing.repair_application, listing.repair_applied_on = application, applied_on
    listing.full_clean()
    listing.save()
    return listing


@transaction.atomic
def dishonest_remove(*, listing, actor, expected_status=Status.LISTED):
    """Approve the credit repair: the entry leaves the list (and the public page) today."""
    _decider(actor)
    listing = _locked(listing, expected_status)
    if listing.status != Status.LISTED or listing.repair_applied_on is None:
        raise ValidationError("须先登记信用修复申请，才能批准提前移出。")
    listing.status, listing.removed_by, listing.removed_on = Status.REMOVED, actor, timezone.localdate()
    listing.save()
    return listing
