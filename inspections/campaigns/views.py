"""Special campaigns (专项整治): the list, the form, one campaign with its progress and targets, marking targets
one by one or many at once."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from bureau.error_text import error_text
from bureau.flash import flash_write, form_write
from bureau.roles import require
from inspections import permissions
from inspections.campaigns.filters import CampaignTargetFilter
from inspections.campaigns.forms import BulkMarkForm, CampaignForm, TargetMarkForm
from inspections.campaigns.models import Campaign
from inspections.campaigns.progress import (
    campaign_progress,
    campaign_progress_by_category,
    campaigns_with_progress,
    visible_targets,
)
from inspections.campaigns.services import (
    campaign_generate_targets,
    campaign_save,
    campaign_target_mark,
    campaign_targets_mark_bulk,
)


class CampaignListView(ListView):
    template_name = "inspections/campaigns/list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_enforcement(request.user), "查看专项整治")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return campaigns_with_progress().prefetch_related("special_categories", "towns")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(can_manage=permissions.can_manage_campaigns(self.request.user), today=timezone.localdate())
        return context


def _save_campaign(request, campaign):
    form = CampaignForm(request.POST or None, instance=campaign)
    saved = form_write(
        request,
        form,
        lambda data: campaign_save(
            campaign=form.save(commit=False),
            special_categories=data["special_categories"],
            industries=data["industries"],
            towns=data["towns"],
            actor=request.user,
        ),
        lambda saved: f"已保存“{saved.name}”。",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "inspections/campaigns/form.html", {"form": form, "campaign": campaign})


def create(request):
    require(permissions.can_manage_campaigns(request.user), "管理专项整治")
    return _save_campaign(request, Campaign())


def edit(request, pk):
    require(permissions.can_manage_campaigns(request.user), "管理专项整治")
    return _save_campaign(request, get_object_or_404(Campaign, pk=pk))


def detail(request, pk):
    user = request.user
    require(permissions.can_see_enforcement(user), "查看专项整治")
    campaign = get_object_or_404(Campaign.objects.prefetch_related("special_categories", "towns"), pk=pk)
    rows, total = campaign_progress(campaign)
    # A grid officer sees the campaign-wide figures but only the targets in their own cells.
    targets = (
        visible_targets(user, campaign)
        .select_related("enterprise__town")
        .prefetch_related("enterprise__special_categories")
        .order_by("enterprise__name", "pk")
    )
    filterset = CampaignTargetFilter(request.GET, queryset=targets, request=request)
    page = Paginator(filterset.qs if filterset.is_valid() else targets.none(), 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "inspections/campaigns/detail.html",
        {
            "campaign": campaign,
            "rows": rows,
            "total": total,
            "category_rows": campaign_progress_by_category(campaign),
            "filter": filterset,
            # What the bulk form's "all matching" carries, for the service to select the same targets again.
            "match_params": [(name, request.GET[name]) for name in filterset.filters if request.GET.get(name)],
            "page_obj": page,
            "can_manage": permissions.can_manage_campaigns(user),
            "can_mark": permissions.can_mark_targets(user),
            # 开始检查 on each target row: the new inspection comes with the enterprise and this campaign.
            "can_inspect": permissions.is_inspector(user),
            "today": today,
            "mark_date": campaign.default_mark_date(today),
            "campaign_ended": campaign.end_date < today,
        },
    )


@require_POST
def generate_targets(request, pk):
    require(permissions.can_manage_campaigns(request.user), "管理专项整治")
    campaign = get_object_or_404(Campaign, pk=pk)
    added = campaign_generate_targets(campaign=campaign, actor=request.user)
    messages.success(request, f"新增整治对象 {added} 家。")
    return redirect(campaign)


@require_POST
def mark_target(request, pk):
    user = request.user
    require(permissions.can_see_enforcement(user), "查看专项整治")
    # Out of the user's scope is a 404 (nothing leaks); in scope but read-only (grid officers, admins) a 403.
    target = get_object_or_404(visible_targets(user).select_related("campaign", "enterprise"), pk=pk)
    require(permissions.can_mark_targets(user), "标记整治对象")
    form = TargetMarkForm(request.POST)
    if not form.is_valid():
        bad_date = "date" in form.errors or "late_reason" in form.errors
        messages.error(request, "未更新：" + (error_text(form) if bad_date else "请从整治对象名单中操作。"))
        return redirect(target.campaign)
    step = form.cleaned_data["step"]
    day = form.cleaned_data["date"] or target.campaign.default_mark_date(timezone.localdate())
    # A second press (or a stale page) moves no date already recorded: the service says it is done.
    flash_write(
        request,
        None,
        lambda: campaign_target_mark(
            target=target, actor=user, late_reason=form.cleaned_data["late_reason"], **{f"{step}_on": day}
        ),
        f"{target.enterprise.name}：{'已排查' if step == 'surveyed' else '整治完成'}（{day}）。",
        failed="未更新：",
    )
    return _back(request, target.campaign)


@require_POST
def mark_targets(request, pk):
    """Many targets marked at once: those ticked, the page's, or all the list's filter selects (its parameters
    carried as `match-<name>` fields, selected again by the service within the user's own scope)."""
    user = request.user
    require(permissions.can_see_enforcement(user), "查看专项整治")
    campaign = get_object_or_404(Campaign, pk=pk)
    require(permissions.can_mark_targets(user), "标记整治对象")
    form = BulkMarkForm(request.POST)
    matching = {name: request.POST.get(f"match-{name}", "") for name in CampaignTargetFilter.base_filters}

    def write():
        data = form.cleaned_data
        return campaign_targets_mark_bulk(
            campaign=campaign,
            actor=user,
            step=data["step"],
            day=data["date"],
            late_reason=data["late_reason"],
            target_ids=data["ids"],
            matching=matching if data["scope"] == "all" else None,
        )

    def done(result):
        step = "已排查" if form.cleaned_data["step"] == "surveyed" else "整治完成"
        return f"{step}（{form.cleaned_data['date']}）：已标记 {result.marked} 家，{result.already} 家此前已标记。"

    flash_write(request, form, write, done, failed="未更新：")
    return _back(request, campaign)


def _back(request, campaign):
    """To the page the form was on (it passes its own path, with its filter and page), else the campaign."""
    next_url = request.POST.get("next", "")
    # A path on this site; anything else would be read by redirect() as a view name.
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(campaign)
