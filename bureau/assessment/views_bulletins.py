"""Quarterly bulletins (通报): published ones for every bureau and town user, drafts for staff only.

A quarter shows one bulletin in force; a corrected one (已被更正) stays reachable from the correction that
supersedes it, never deleted."""

from decimal import Decimal

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from bureau.assessment.bulletins import bulletin_correction_draft, quarter_bulletins, snapshot_table
from bureau.assessment.charts import bar_chart
from bureau.assessment.forms import CorrectionForm
from bureau.assessment.models import Bulletin
from bureau.assessment.permissions import can_manage_assessment, can_see_rankings, visible_bulletins
from bureau.assessment.services import bulletin_publish
from bureau.flash import flash_write, form_write
from bureau.roles import require


class BulletinListView(ListView):
    """The bulletins in force (and staff's drafts); a superseded one is listed under the correction that names it."""

    template_name = "assessment/bulletins/list.html"
    paginate_by = 30

    def dispatch(self, request, *args, **kwargs):
        require(can_see_rankings(request.user), "查看考核排名")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            visible_bulletins(self.request.user)
            .exclude(corrections__status=Bulletin.Status.PUBLISHED)
            .select_related("corrects")
            .order_by("-ranking__year", "-ranking__quarter", "-created_at")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=can_manage_assessment(self.request.user), **kwargs)


def detail(request, pk):
    require(can_see_rankings(request.user), "查看考核排名")
    bulletin = get_object_or_404(visible_bulletins(request.user).select_related("published_by", "corrects"), pk=pk)
    snapshot = bulletin.snapshot
    rows = snapshot_table(snapshot)
    can_manage = can_manage_assessment(request.user)
    current, draft = quarter_bulletins(bulletin.ranking)
    return render(
        request,
        "assessment/bulletins/detail.html",
        {
            "bulletin": bulletin,
            "paragraphs": [p for p in bulletin.body.split("\n\n") if p.strip()],
            "indicators": snapshot.get("indicators", []),
            "rows": rows,
            "chart": bar_chart(
                [(row["town"], Decimal(row["total"])) for row in rows], title=f"{snapshot.get('label', '')}各镇街总分"
            ),
            "corrected_by": bulletin.corrections.published().first(),
            "current": current,
            "quarter_draft": draft if can_manage else None,
            "can_manage": can_manage,
        },
    )


@require_POST
def publish(request, pk):
    require(can_manage_assessment(request.user), "管理考核")
    bulletin = get_object_or_404(visible_bulletins(request.user), pk=pk)
    flash_write(
        request,
        None,
        lambda: bulletin_publish(bulletin=bulletin, actor=request.user),
        lambda published: f"已发布，文号 {published.number}。",
    )
    return redirect(bulletin)


def correct(request, pk):
    """起草更正通报: the reason asked for; the draft written from the ranking as it stands now."""
    require(can_manage_assessment(request.user), "管理考核")
    bulletin = get_object_or_404(visible_bulletins(request.user).published(), pk=pk)
    form = CorrectionForm(request.POST or None)
    correction = form_write(
        request,
        form,
        lambda data: bulletin_correction_draft(corrects=bulletin, reason=data["reason"], actor=request.user),
        lambda made: "已生成更正通报草稿，请核对后发布；发布后原通报显示为已被更正。",
    )
    if correction is not None:
        return redirect(correction)
    return render(
        request,
        "assessment/form.html",
        {
            "form": form,
            "quarter": bulletin.ranking.quarter_obj,
            "title": f"起草更正通报 · {bulletin.number}",
            "intro": f"更正《{bulletin.title}》（{bulletin.number}）。更正通报按当前排名重新生成，"
            "写明所更正的通报和更正原因，发布时编号；发布后原通报仍可查阅，显示为已被更正。",
            "back": bulletin.get_absolute_url(),
        },
    )
