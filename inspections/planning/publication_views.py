"""Publishing a run draw on /public/ (公示): one button on the draw's page."""

from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from bureau.flash import flash_write
from bureau.roles import require
from inspections import permissions
from inspections.planning.models import Draw
from inspections.planning.publication import draw_publish
from inspections.planning.views import require_seeing


@require_POST
def publish(request, pk):
    require_seeing(request.user)
    require(permissions.can_manage_draws(request.user), "公示双随机抽取")
    draw = get_object_or_404(Draw.objects.defer(*Draw.SNAPSHOTS), pk=pk)
    flash_write(
        request,
        None,
        lambda: draw_publish(draw=draw, actor=request.user),
        f"第 {draw.pk} 号抽取已公示：抽取过程、结果与对象库、执法人员名录已在公开页面发布。",
        failed="未公示：",
    )
    return redirect(draw)
