"""Writes to the registry, each in one transaction, each checking who may make it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from bureau.accounts.services import user_create
from bureau.roles import Role, require
from bureau.unchanged import unchanged
from enterprises import permissions
from enterprises.models import Enterprise, EnterpriseMembership, EnterpriseStatus, GradeChange, InspectionInterval
from enterprises.registry_cache import registry_changed


@transaction.atomic
def enterprise_user_create(
    *, username, password, enterprise, name="", phone="", check_password=True, actor=None, must_change_password=False
):
    """Create an enterprise user with its profile and its membership; refuses a user without an enterprise.
    `actor` None is the system itself, as for accounts.services.user_create."""
    if enterprise is None:
        raise ValidationError({"enterprise": "企业用户必须指定所属企业。"})
    user = user_create(
        username=username,
        password=password,
        role=Role.ENTERPRISE,
        name=name,
        phone=phone,
        check_password=check_password,
        actor=actor,
        must_change_password=must_change_password,
    )
    membership = EnterpriseMembership(user=user, enterprise=enterprise)
    membership.full_clean()
    membership.save()
    return user


@transaction.atomic
def enterprise_save(*, enterprise, special_categories=None, actor):
    """Create or update an enterprise's registry data (staff and admins)."""
    require(permissions.can_register(actor), "登记或修改企业信息")
    enterprise.full_clean()
    categories = {} if special_categories is None else {"special_categories": special_categories}
    if unchanged(enterprise, **categories):
        return enterprise
    _save_unique_credit_code(enterprise)
    if special_categories is not None:
        enterprise.special_categories.set(special_categories)
    if enterprise.status == EnterpriseStatus.CLOSED:
        enterprise_accounts_deactivate([enterprise.pk])
    return enterprise


def enterprise_accounts_deactivate(enterprise_ids):
    """A closed enterprise (关闭取缔) signs in no more: its accounts are deactivated, in the caller's transaction
    (the status change's). Each saved, so the audit trail shows who closed them; returns how many."""
    users = get_user_model().objects.filter(enterprise_membership__enterprise_id__in=enterprise_ids, is_active=True)
    count = 0
    for user in users:
        user.is_active = False
        user.save(update_fields=["is_active"])
        count += 1
    return count


CREDIT_CODE_TAKEN = "该统一社会信用代码已登记。"


def _save_unique_credit_code(enterprise):
    """Save; when another request registered the same credit code between full_clean() and now (two clicks, two
    staff), the database refuses the second: that is the form's error, not a 500. The savepoint keeps the
    transaction usable after the refusal."""
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError:
        taken = Enterprise.objects.filter(credit_code=enterprise.credit_code).exclude(pk=enterprise.pk).exists()
        if not taken:
            raise
        raise ValidationError({"credit_code": CREDIT_CODE_TAKEN}) from None


@transaction.atomic
def enterprise_update_contact(*, enterprise, safety_contact, safety_phone, actor):
    """An enterprise user keeps its own contact details current; nothing else of the registry."""
    require(permissions.can_edit_contact(actor, enterprise), "修改联系方式")
    # Against the stored row: a bound ModelForm has already put the posted values on `enterprise`.
    stored = Enterprise.objects.filter(pk=enterprise.pk).values_list("safety_contact", "safety_phone").first()
    if stored == (safety_contact, safety_phone):
        return enterprise
    enterprise.safety_contact = safety_contact
    enterprise.safety_phone = safety_phone
    enterprise.full_clean()
    enterprise.save(update_fields=["safety_contact", "safety_phone", "updated_at"])
    return enterprise


@transaction.atomic
def enterprise_change_grade(*, enterprise, grade, effective_date, reason, actor):
    """Record a grade decision; the enterprise's current grade becomes the latest decision."""
    require(permissions.can_grade(actor), "调整企业等级")
    _check_effective_date(effective_date)
    # Lock the row: two graders deciding at once must not leave the current grade out of step.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    change = GradeChange(
        enterprise=enterprise, grade=grade, effective_date=effective_date, reason=reason.strip(), changed_by=actor
    )
    change.full_clean()
    change.save()
    latest = enterprise.grade_changes.order_by("-effective_date", "-id").first()
    if enterprise.grade != latest.grade:
        enterprise.grade = latest.grade
        enterprise.save(update_fields=["grade", "updated_at"])
    return change


@transaction.atomic
def enterprise_grades_record(*, grades, effective_date, reason, actor):
    """Record one grade decision for each of many enterprises ({enterprise id: grade}), as enterprise_change_grade
    does for one: a GradeChange each, with its audit history, and each enterprise's current grade its latest
    decision. For the import's initial grades: a statement per step, not per enterprise."""
    require(permissions.can_grade(actor), "调整企业等级")
    _check_effective_date(effective_date)
    changes = [
        GradeChange(
            enterprise_id=pk, grade=grade, effective_date=effective_date, reason=reason.strip(), changed_by=actor
        )
        for pk, grade in grades.items()
    ]
    for change in changes:
        # The enterprise and the actor are known rows; checking each foreign key would be a query per change.
        change.full_clean(exclude=["enterprise", "changed_by"])
    bulk_create_with_history(changes, GradeChange, default_user=actor)
    latest = GradeChange.objects.filter(enterprise=OuterRef("pk")).order_by("-effective_date", "-id").values("grade")
    stale = Enterprise.objects.filter(pk__in=list(grades)).exclude(grade=Subquery(latest[:1]))
    stale.update(grade=Subquery(latest[:1]), updated_at=timezone.now())
    registry_changed()  # .update() sends no signal
    return changes


def _check_effective_date(effective_date):
    if effective_date > timezone.localdate():
        raise ValidationError({"effective_date": "生效日期不能晚于今天。"})


@transaction.atomic
def inspection_intervals_set(*, days_by_grade, actor):
    """Set how many days may pass between inspections, per grade."""
    require(permissions.can_set_intervals(actor), "设置检查周期")
    current = InspectionInterval.days_by_grade()
    for grade, days in days_by_grade.items():
        if current.get(grade) == days:
            continue  # unchanged: no row, no history for a value nobody changed
        interval = InspectionInterval.objects.filter(grade=grade).first() or InspectionInterval(grade=grade)
        interval.days = days
        interval.full_clean()
        interval.save()


@transaction.atomic
def major_hazard_source_save(*, source, actor):
    require(permissions.can_register_sources(actor), "登记重大危险源")
    source.full_clean()
    if not unchanged(source):
        source.save()
    return source


def enterprises_follow_moved_cell(sender, cell, **kwargs):
    """Receiver of grids.signals.cells_moved: a moved cell takes its enterprises to its new town, and their stored
    town follows in one UPDATE (every enterprise under a cell below town level shares that cell's town)."""
    Enterprise.objects.in_grid(cell).update(town_id=Enterprise.town_for(cell))
    registry_changed()  # .update() sends no signal
