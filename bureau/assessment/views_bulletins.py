"""Quarterly bulletins (通报): published ones for every bureau and town user, drafts for staff only."""

from decimal import Decimal

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from bureau.assessment.bulletins import snapshot_table
from bureau.assessment.charts import bar_chart
from bureau.assessment.permissions import can_manage_assessment, can_see_rankings, visible_bulletins
from bureau.assessment.services import bulletin_publish
from bureau.flash import flash_write
from bureau.roles import require


class BulletinListView(ListView):
    template_name = "assessment/bulletins/list.html"
    paginate_by = 30

    def dispatch(self, request, *args, **kwargs):
        require(can_see_rankings(request.user), "查看考核排名")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return visible_bulletins(self.request.user).order_by("-ranking__year", "-ranking__quarter", "-created_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=can_manage_assessment(self.request.user), **kwargs)


def detail(request, pk):
    require(can_see_rankings(request.user), "查看考核排名")
    bulletin = get_object_or_404(visible_bulletins(request.user).select_related("published_by"), pk=pk)
    snapshot = bulletin.snapshot
    rows = snapshot_table(snapshot)
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
            "can_manage": can_manage_assessment(request.user),
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
