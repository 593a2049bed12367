"""Pages of listed supervision (挂牌督办): the board, the list of listings, listing a hazard, and the enterprise's
progress and the bureau's acceptance posted from the hazard's page."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_filters.views import FilterView

from bureau.flash import flash_write, form_write
from bureau.roles import require
from hazards import listing, permissions
from hazards.listing_board import board as board_data
from hazards.listing_chart import trend_chart
from hazards.listing_filters import ListingFilter
from hazards.listing_forms import AcceptForm, ListingForm, ProgressForm
from hazards.listing_models import ListingStatus
from hazards.models import HazardStatus


@require_GET
def board(request):
    require(listing.can_see_board(request.user), "查看重大隐患督办看板")
    context = board_data(request.user)
    context["chart"] = trend_chart(context["trend"])
    context["can_list"] = listing.can_list(request.user)
    return render(request, "major_hazards/board.html", context)


class ListingListView(FilterView):
    filterset_class = ListingFilter
    template_name = "major_hazards/listings.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(listing.can_see_board(request.user), "查看挂牌督办")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            listing.visible_listings(self.request.user)
            .select_related("hazard__enterprise__town")
            .annotate_progress()
            .order_by("status", "deadline", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total"] = context["paginator"].count
        return context


def create(request, pk):
    """列入挂牌督办: the form page, from a major hazard's page."""
    hazard = permissions.get_hazard_for_user(request.user, pk)
    require(listing.can_list(request.user), "列入挂牌督办")
    form = ListingForm(request.POST or None)
    made = form_write(
        request,
        form,
        lambda data: listing.listing_create(hazard=hazard, actor=request.user, **data),
        lambda made: f"已列入{made.get_level_display()}。",
    )
    if made is not None:
        return redirect(made.get_absolute_url())
    listable = hazard.is_major and hazard.status != HazardStatus.CLOSED and not hasattr(hazard, "listing")
    return render(request, "major_hazards/form.html", {"form": form, "hazard": hazard, "listable": listable})


def edit(request, pk):
    """修改挂牌督办: level, leader, deadline and requirements, while the listing is active."""
    made = _listing_of(request, pk)
    require(listing.can_list(request.user), "修改挂牌督办")
    form = ListingForm(request.POST or None, instance=made)
    saved = form_write(
        request,
        form,
        lambda data: listing.listing_edit(listing=made, actor=request.user, **data),
        lambda _: "挂牌督办已修改。",
    )
    if saved is not None:
        return redirect(saved.get_absolute_url())
    made.refresh_from_db()  # the form's validation wrote its values onto the instance
    return render(
        request,
        "major_hazards/form.html",
        {"form": form, "hazard": made.hazard, "listing": made, "listable": made.is_active},
    )


def _listing_of(request, pk):
    return get_object_or_404(listing.visible_listings(request.user).select_related("hazard__enterprise"), pk=pk)


@require_POST
def progress(request, pk):
    made = _listing_of(request, pk)
    require(listing.can_report_progress(request.user, made.hazard.enterprise), "报告督办进展")
    form = ProgressForm(request.POST, request.FILES)
    flash_write(
        request,
        form,
        lambda: listing.listing_progress_report(listing=made, actor=request.user, **form.cleaned_data),
        "督办进展已报告。",
        failed="进展未报告：",
    )
    return redirect(made.get_absolute_url())


@require_POST
def accept(request, pk):
    made = _listing_of(request, pk)
    require(listing.can_accept(request.user), "验收摘牌")
    form = AcceptForm(request.POST, request.FILES)
    flash_write(
        request,
        form,
        lambda: listing.listing_accept(listing=made, actor=request.user, **form.cleaned_data),
        "已验收销号，挂牌督办已摘牌。",
        failed="未能验收摘牌：",
    )
    return redirect(made.get_absolute_url())


def panel(user, hazard):
    """The listing section of a hazard's page: the listing (or the offer to list it) and the forms this user may use;
    None when there is nothing to show."""
    made = getattr(hazard, "listing", None)  # the reverse one-to-one: None when the hazard was never listed
    active = made is not None and made.status == ListingStatus.ACTIVE
    can_list = made is None and hazard.is_major and hazard.status != HazardStatus.CLOSED and listing.can_list(user)
    if made is None and not can_list:
        return None
    return {
        "listing": made,
        "progress": list(made.progress.select_related("reported_by").prefetch_related("photos")) if made else [],
        "acceptance_photos": list(made.acceptance_photos.all()) if made and not active else [],
        "can_list": can_list,
        "can_edit": active and listing.can_list(user),
        # Their own ids: the hazard's rectify form on the same page has a photos field too.
        "progress_form": ProgressForm(auto_id="id_progress_%s")
        if active and listing.can_report_progress(user, hazard.enterprise)
        else None,
        "accept_form": AcceptForm(auto_id="id_accept_%s") if active and listing.can_accept(user) else None,
        "accept_ready": active and hazard.status == HazardStatus.RECTIFIED,
    }
