"""双随机 draws: the list, preparing one (the pool counted first), one draw with its result and how to verify it,
running it, and its whole record as JSON for anyone recomputing it."""

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from bureau.flash import flash_write, form_write
from bureau.roles import require
from inspections import permissions
from inspections.planning import algorithm
from inspections.planning.forms import DrawForm
from inspections.planning.models import Draw
from inspections.planning.pool import pool_queryset, roster_credentials
from inspections.planning.progress import with_status
from inspections.planning.record import criteria_text, draw_record
from inspections.planning.results import result_counts, with_results
from inspections.planning.services import draw_prepare, draw_run


def require_seeing(user):
    # Not a 403: to an enterprise or a grid officer the draws do not exist (see permissions.can_see_draws).
    if not permissions.can_see_draws(user):
        raise Http404


class DrawListView(ListView):
    template_name = "inspections/draws/list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        require_seeing(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Draw.objects.select_related("run", "replaces", "prepared_by").defer(*Draw.SNAPSHOTS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = permissions.can_manage_draws(self.request.user)
        return context


def create(request):
    require_seeing(request.user)
    require(permissions.can_manage_draws(request.user), "组织双随机抽取")
    form = DrawForm(request.POST or None)
    # 统计对象库 (the button named preview) counts the pool and prepares nothing.
    if request.method == "POST" and "preview" in request.POST:
        pool_size = pool_queryset(form.criteria(), timezone.localdate()).count() if form.is_valid() else None
        return _form_page(request, form, pool_size)
    saved = form_write(
        request,
        form,
        lambda data: draw_prepare(
            title=data["title"],
            year=data["year"],
            month=data["month"],
            criteria=form.criteria(),
            count=data["count"],
            ratio_percent=data["ratio_percent"],
            replaces=data["replaces"],
            redraw_reason=data["redraw_reason"],
            actor=request.user,
        ),
        lambda draw: f"已准备第 {draw.pk} 号抽取：种子摘要已生成，请核对后执行抽取。",
    )
    if saved is not None:
        return redirect(saved)
    return _form_page(request, form, None)


def _form_page(request, form, pool_size):
    return render(
        request,
        "inspections/draws/form.html",
        {"form": form, "pool_size": pool_size, "roster_size": roster_credentials().count()},
    )


def detail(request, pk):
    require_seeing(request.user)
    draw = get_object_or_404(Draw.objects.select_related("prepared_by", "replaces"), pk=pk)
    run = draw.run_or_none()
    drawn = with_results(with_status(draw.drawn.select_related("enterprise__town", "officer_1", "officer_2")))
    page = Paginator(drawn.order_by("position"), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/draws/detail.html",
        {
            "draw": draw,
            "run": run,
            "page_obj": page,
            "redraw": draw.redraws.first(),
            "criteria_text": criteria_text(draw.criteria),
            "conflict_count": sum(len(o["conflicts"]) for o in draw.roster),
            "algorithm_text": algorithm.ALGORITHM_TEXT,
            "can_manage": permissions.can_manage_draws(request.user),
            "result_counts": result_counts(draw, total=page.paginator.count) if run else None,
            "publication": getattr(draw, "publication", None),
        },
    )


@require_POST
def run(request, pk):
    require_seeing(request.user)
    require(permissions.can_manage_draws(request.user), "执行双随机抽取")
    draw = get_object_or_404(Draw, pk=pk)
    flash_write(
        request,
        None,
        lambda: draw_run(draw=draw, actor=request.user),
        f"第 {draw.pk} 号抽取已执行：种子已公开，抽中企业与执法人员已生成。",
        failed="未执行：",
    )
    return redirect(draw)


def record(request, pk):
    """The draw's whole record, to recompute it anywhere; the seed only once it has run."""
    require_seeing(request.user)
    draw = get_object_or_404(Draw, pk=pk)
    response = JsonResponse(draw_record(draw), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return response
