"""Publishing a run draw (公示): from then on it, its result and the directories it was drawn from (its pool and
roster snapshots) are on /public/. Not automatic on running: a drawn enterprise must not learn it was drawn before
the visit (inspections.permissions.can_see_draws), so staff publish when the draw's inspections are under way or
done. A draw that has not run has nothing to show and cannot be published."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bureau.once import AlreadyDone
from inspections import permissions
from inspections.planning.models import Draw, DrawPublication, DrawRun


def published_draws():
    """Draws on /public/: published ones (which have all run), newest first."""
    return Draw.objects.filter(publication__isnull=False).order_by("-publication__published_at", "-pk")


@transaction.atomic
def draw_publish(*, draw, actor):
    """Publish a run draw on /public/. Once: a second press is told it was done."""
    if not permissions.can_manage_draws(actor):
        raise PermissionDenied("只有局机关可以公示双随机抽取。")
    draw = Draw.objects.select_for_update().defer(*Draw.SNAPSHOTS).get(pk=draw.pk)
    if DrawPublication.objects.filter(draw=draw).exists():
        raise AlreadyDone(f"第 {draw.pk} 号抽取已公示。")
    if not DrawRun.objects.filter(draw=draw).exists():
        raise ValidationError("抽取尚未执行，不能公示。")
    return DrawPublication.objects.create(draw=draw, published_by=actor)
