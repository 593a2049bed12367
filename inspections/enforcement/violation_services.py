"""Writes on the violation library (a revision is a new version) and on the violations found in a case (分别裁量、
合并处罚: each decided on its own, the case's fine is their sum)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from bureau.once import AlreadyDone
from inspections import permissions
from inspections.enforcement.models import Case
from inspections.enforcement.violation_models import CaseViolation, DiscretionLevel, Violation, ViolationVersion
from inspections.enforcement.violations import UNIT, NoFine, propose

# The fields of a version staff edit (the rest: number, author, time, are the service's).
VERSION_FIELDS = [
    "law",
    "article",
    "clause",
    "violated_text",
    "penalty_article",
    "penalty_text",
    "penalty_kinds",
    "unit_min",
    "unit_max",
    "person_label",
    "person_min",
    "person_max",
    "waiver_allowed",
    "source",
    "confirmed",
]
LEVEL_FIELDS = [
    "name",
    "conditions",
    "after_overdue",
    "unit_min",
    "unit_max",
    "person_min",
    "person_max",
    "other_penalties",
]
OPEN_STATUSES = (Case.Status.FILED, Case.Status.INVESTIGATED)


def _same(a, b):
    # Amounts compare as numbers (20000 == 20000.00); text and flags as they are.
    if isinstance(a, Decimal | int) and isinstance(b, Decimal | int) and not isinstance(a, bool):
        return Decimal(a) == Decimal(b)
    return a == b


def _unchanged(current, fields, levels):
    if any(not _same(getattr(current, name), fields[name]) for name in VERSION_FIELDS):
        return False
    old = list(current.levels.all())
    return len(old) == len(levels) and all(
        _same(getattr(level, name), new[name]) for level, new in zip(old, levels, strict=True) for name in LEVEL_FIELDS
    )


def _check_range(low, high, label, inside=None):
    if (low is None) != (high is None):
        raise ValidationError(f"{label}须同时填写下限和上限，或者都不填。")
    if low is None:
        return
    if low > high:
        raise ValidationError(f"{label}的下限不能高于上限。")
    if inside is not None and (inside[0] is None or low < inside[0] or high > inside[1]):
        raise ValidationError(f"{label}须在法定罚款幅度之内。")


def _check_terms(fields, levels):
    _check_range(fields["unit_min"], fields["unit_max"], "单位罚款幅度")
    _check_range(fields["person_min"], fields["person_max"], "个人罚款幅度")
    if not levels:
        raise ValidationError("至少须有一个裁量等级。")
    names = [level["name"] for level in levels]
    if len(set(names)) != len(names):
        raise ValidationError("裁量等级的名称不能重复。")
    for level in levels:
        unit_legal = (fields["unit_min"], fields["unit_max"])
        person_legal = (fields["person_min"], fields["person_max"])
        _check_range(level["unit_min"], level["unit_max"], f"“{level['name']}”的单位罚款", unit_legal)
        _check_range(level["person_min"], level["person_max"], f"“{level['name']}”的个人罚款", person_legal)


@transaction.atomic
def violation_revise(*, violation, fields, levels, actor, expected_number, note=""):
    """Save an entry's terms as its next version (old versions, and the cases decided on them, stay as they were).
    `levels`: dicts of LEVEL_FIELDS, lightest first. The same terms again write nothing; a page showing an older
    version than the current one is refused (someone revised it meanwhile)."""
    if not permissions.can_edit_violation_library(actor):
        raise PermissionDenied("只有局机关工作人员可以修订违法行为库。")
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    current = violation.current
    if current is not None and current.number != expected_number:
        raise ValidationError(f"该违法行为已被修订为第{current.number}版，请刷新页面后重新修改。")
    if current is not None and _unchanged(current, fields, levels):
        return current
    _check_terms(fields, levels)
    version = ViolationVersion(
        violation=violation,
        number=(current.number + 1) if current else 1,
        created_by=actor,
        note=note,
        **{name: fields[name] for name in VERSION_FIELDS},
    )
    version.full_clean()
    version.save()
    for order, level in enumerate(levels, start=1):
        row = DiscretionLevel(version=version, order=order, **{name: level[name] for name in LEVEL_FIELDS})
        row.full_clean()
        row.save()
    violation.current = version
    violation.save(update_fields=["current"])
    return version


def proposal_for(version, party_kind, circumstances):
    """The discretion rules' proposal for one violation, or a ValidationError naming why there is none."""
    try:
        return propose(version.terms(), party_kind, list(circumstances))
    except NoFine as refusal:
        raise ValidationError({"party_kind": str(refusal)}) from refusal
    except ValueError as refusal:
        raise ValidationError({"circumstances": str(refusal)}) from refusal


def _open_case(case, actor):
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以认定案件的违法行为。")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in OPEN_STATUSES:
        raise ValidationError("案件已作出处罚决定，违法行为及罚款不能再修改。")
    return case


def _decide(item, version, party_kind, party_name, circumstances, fine, reason):
    """Fill `item` with the decision and its proposal; refuses a fine outside the proposal without a reason."""
    if party_kind != UNIT and not party_name:
        raise ValidationError({"party_name": "处罚个人时须写明其姓名。"})
    proposal = proposal_for(version, party_kind, circumstances)
    if fine is None or fine < 0:
        raise ValidationError({"fine": "请填写决定的罚款金额（不予处罚填 0）。"})
    if not proposal.allows(fine) and not reason:
        raise ValidationError({"reason": f"罚款 {fine:,.0f} 元不在建议范围（{proposal}）内，须写明理由。"})
    item.version = version
    item.party_kind, item.party_name = party_kind, party_name if party_kind != UNIT else ""
    item.circumstances = list(circumstances)
    item.proposed_level, item.no_penalty, item.mitigated = proposal.level, proposal.no_penalty, proposal.mitigated
    item.proposed_min = proposal.range.low if proposal.range else None
    item.proposed_max = proposal.range.high if proposal.range else None
    item.fine = fine
    item.reason = "" if proposal.allows(fine) else reason
    return item


@transaction.atomic
def case_violation_add(*, case, version, party_kind, circumstances, fine, actor, party_name="", reason=""):
    """Record a violation found in a case, decided on `version` (the library's current one when picked)."""
    case = _open_case(case, actor)
    item = _decide(
        CaseViolation(case=case, created_by=actor), version, party_kind, party_name, circumstances, fine, reason
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def case_violation_change(*, item, party_kind, circumstances, fine, actor, version=None, party_name="", reason=""):
    """Decide a violation of a case again (its version kept unless another is given); the same decision again
    writes nothing."""
    _open_case(item.case, actor)
    item = CaseViolation.objects.select_for_update().get(pk=item.pk)
    before = {
        f: getattr(item, f) for f in ("version_id", "party_kind", "party_name", "circumstances", "fine", "reason")
    }
    _decide(item, version or item.version, party_kind, party_name, circumstances, fine, reason)
    after = {f: getattr(item, f) for f in before}
    if all(_same(before[f], after[f]) for f in before):
        return item
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def case_violation_remove(*, case, item_id, actor):
    """Take a violation off a case; a second click finds it gone and is told so."""
    case = _open_case(case, actor)
    removed, _ = CaseViolation.objects.filter(case=case, pk=item_id).delete()
    if not removed:
        raise AlreadyDone("该违法行为已删除。")
    return case


def case_fine_total(case):
    """合并处罚: the case's fine is the sum of the fines decided for its violations."""
    return case.violations.aggregate(total=Sum("fine"))["total"] or Decimal(0)


def check_penalty_fine(case, fine_amount):
    """A penalty decision names the violations found (at least one) and fines their sum (document_issue)."""
    if not case.violations.exists():
        raise ValidationError("请先在案件中认定违法行为并裁量罚款，再签发行政处罚决定书。")
    total = case_fine_total(case)
    if Decimal(fine_amount) != total:
        raise ValidationError({"fine_amount": f"罚款金额须等于各违法行为分别裁量的罚款之和（{total:,.2f} 元）。"})
