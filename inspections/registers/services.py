"""The expert registry and talks: each write in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from bureau.unchanged import unchanged
from inspections import permissions
from inspections.registers.models import Expert, Talk


@transaction.atomic
def talk_record(*, enterprise, head_name, date, interviewers, topics, actor, head_title="主要负责人", follow_up=""):
    if not permissions.can_record_talks(actor):
        raise PermissionDenied("只有局机关或执法人员可以记录谈心谈话。")
    if not interviewers:
        raise ValidationError({"interviewers": "请选择谈话人。"})
    if date > timezone.localdate():
        raise ValidationError({"date": "谈话日期不能晚于今天。"})
    talk = Talk(
        enterprise=enterprise,
        head_name=head_name,
        head_title=head_title,
        date=date,
        topics=topics,
        follow_up=follow_up,
        created_by=actor,
    )
    talk.full_clean()
    talk.save()
    talk.interviewers.set(interviewers)
    return talk


@transaction.atomic
def expert_save(*, expert, actor):
    """Add an expert to the registry (专家库) or update one."""
    if not permissions.can_manage_experts(actor):
        raise PermissionDenied("只有局机关或系统管理员可以管理专家库。")
    expert.full_clean()
    if not unchanged(expert):
        expert.save()
    return expert


def expert_participation():
    """Experts with how many inspections each took part in."""
    return Expert.objects.annotate(visits=Count("inspections", distinct=True)).order_by("-visits", "name")
