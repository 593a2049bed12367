"""The officer roster (执法人员名录) as staff keep it: certificate numbers, leave, declared conflicts (回避)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bureau.roles import Role, role_of
from bureau.unchanged import unchanged
from inspections import permissions
from inspections.planning.models import OfficerConflict, OfficerCredential


def _require_keeper(actor):
    if not permissions.can_manage_draws(actor):
        raise PermissionDenied("只有局机关可以维护执法人员名录。")


def _require_inspector(officer):
    if role_of(officer) != Role.INSPECTOR:
        raise ValidationError("只有执法人员可以列入执法人员名录。")


@transaction.atomic
def officer_credential_save(*, officer, certificate_number, on_leave, actor):
    """Record an inspector's enforcement certificate number and whether they are on leave."""
    _require_keeper(actor)
    _require_inspector(officer)
    credential = OfficerCredential.objects.filter(user=officer).first() or OfficerCredential(user=officer)
    credential.certificate_number = certificate_number.strip().upper()
    credential.on_leave = on_leave
    credential.full_clean()
    if not unchanged(credential):
        credential.save()
    return credential


@transaction.atomic
def officer_conflict_declare(*, officer, enterprise, reason, declared_on, actor):
    """Record that an inspector must not inspect an enterprise (回避), and why."""
    _require_keeper(actor)
    _require_inspector(officer)
    if OfficerConflict.objects.filter(officer=officer, enterprise=enterprise).exists():
        raise ValidationError({"enterprise": f"已登记该执法人员对{enterprise.name}的回避。"})
    conflict = OfficerConflict(officer=officer, enterprise=enterprise, reason=reason, declared_on=declared_on)
    conflict.full_clean()
    conflict.save()
    return conflict
