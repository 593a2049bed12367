from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from bureau.error_text import error_text
from bureau.flash import flash_write, form_write
from bureau.pagination import KeysetPaginator
from bureau.roles import Role, require, role_of
from enterprises.permissions import enterprise_of, visible_enterprises
from hazards import permissions, summary
from hazards.chases import chase_offer
from hazards.filters import HazardFilter
from hazards.forms import ChaseForm, ExtensionDecisionForm, ExtensionRequestForm, HazardForm, TransitionForm
from hazards.listing_models import MajorHazardListing
from hazards.listing_views import panel as listing_panel
from hazards.models import DeadlineExtension, Hazard, HazardStatus
from hazards.self_checks import self_check_offer
from hazards.services import (
    TRANSITIONS,
    StaleHazard,
    available_actions,
    hazard_chase,
    hazard_decide_extension,
    hazard_report,
    hazard_request_extension,
    hazard_transition,
)
from hazards.stats import status_counts


class HazardListView(FilterView):
    filterset_class = HazardFilter
    template_name = "hazards/list.html"
    # Paged by key in get_context_data (bureau.pagination), not by Django's OFFSET paginator.
    paginate_by = None
    per_page = 50
    strict = False

    def get_queryset(self):
        return permissions.visible_hazards(self.request.user).select_related("enterprise__town")

    def get_context_data(self, **kwargs):
        # Counted by status first: the total of those counts is the paginator's count (no second COUNT(*)). Over the
        # whole registry, narrowed only by what the summary rows are keyed by, read from those rows (summary.py).
        counts, overdue = self._summary_counts() or status_counts(self.object_list)
        self.total = sum(n for *_, n in counts)
        context = super().get_context_data(**kwargs)
        context.update(
            status_counts=counts,
            overdue_count=overdue,
            total=self.total,
            # By key: no OFFSET however deep; the total is the status counts' sum, not a second COUNT(*).
            page_obj=KeysetPaginator(self.object_list, self.per_page, Hazard._meta.ordering).get_page(
                self.request.GET, total=self.total
            ),
            can_report=permissions.can_report(self.request.user),
            # An enterprise user's hazards are all its own: on a phone's card the enterprise would repeat on each.
            own_only=role_of(self.request.user) == Role.ENTERPRISE,
        )
        # The 挂牌 badge: the page's listed hazards in one query, whatever the page's length.
        page_ids = [hazard.pk for hazard in context["page_obj"]]
        context["listed_ids"] = set(
            MajorHazardListing.objects.active().filter(hazard_id__in=page_ids).values_list("hazard_id", flat=True)
        )
        return context

    def _summary_counts(self):
        """The counts by status from the summary rows when they answer this list exactly, else None."""
        filterset = self.filterset
        if not permissions.sees_every_hazard(self.request.user):
            return None
        used = {
            name: value for name, value in (filterset.form.cleaned_data if filterset.is_bound else {}).items() if value
        }
        if filterset.is_bound and not filterset.is_valid() or not used.keys() <= summary.ANSWERED_FILTERS:
            return None
        return summary.status_counts(used, self.object_list, timezone.localdate())


def report(request):
    user = request.user
    require(permissions.can_report(user), "上报隐患")
    own = enterprise_of(user) if role_of(user) == Role.ENTERPRISE else None
    form = HazardForm(
        request.POST or None, request.FILES or None, enterprises=visible_enterprises(user), own_enterprise=own
    )
    hazard = form_write(
        request,
        form,
        lambda data: hazard_report(hazard=form.save(commit=False), actor=user, photos=data["photos"]),
        lambda _: "隐患已上报。",
    )
    if hazard is not None:
        return redirect(hazard)
    return render(request, "hazards/form.html", {"form": form, "own_enterprise": own})


def detail(request, pk):
    hazard = permissions.get_hazard_for_user(request.user, pk)
    user = request.user
    pending = hazard.extensions.filter(decision=DeadlineExtension.Decision.PENDING).first()
    can_request = permissions.is_own_enterprise(user, hazard.enterprise) and hazard.status != HazardStatus.CLOSED
    events = list(hazard.events.select_related("actor"))
    return render(
        request,
        "hazards/detail.html",
        {
            "hazard": hazard,
            "photos": hazard.photos.all(),
            "events": events,
            "extensions": hazard.extensions.select_related("requested_by", "decided_by"),
            "actions": available_actions(hazard, user),
            "transition_form": TransitionForm(initial={"version": hazard.version}),
            "pending_extension": pending,
            "extension_form": ExtensionRequestForm() if can_request and not pending else None,
            "decision_form": ExtensionDecisionForm() if pending and permissions.can_decide_extension(user) else None,
            # Just reported by its enterprise: the month's self-check is one button away, not back on the home page.
            "self_check_offer": self_check_offer(user, hazard),
            # 催办 and the enterprise's phone, for the officers who answer for its rectification.
            "chase": chase_offer(user, hazard, events),
            # 挂牌督办 (hazards.listing): the listing, its progress and acceptance, and what this user may do.
            "listing_panel": listing_panel(user, hazard),
        },
    )


@require_POST
def transition(request, pk, action):
    hazard = permissions.get_hazard_for_user(request.user, pk)
    form = TransitionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "操作未完成：" + error_text(form))
        return redirect(hazard)
    try:
        hazard_transition(hazard=hazard, action=action, actor=request.user, **form.cleaned_data)
    except StaleHazard as exc:
        hazard.refresh_from_db()
        # The same button pressed twice: the first press already made the move.
        if hazard.status == TRANSITIONS[action].target:
            messages.info(request, f"该操作已完成，隐患现为“{hazard.get_status_display()}”。")
        else:
            messages.warning(request, error_text(exc))
    except ValidationError as exc:
        messages.error(request, "操作未完成：" + error_text(exc))
    else:
        hazard.refresh_from_db()
        messages.success(request, f"操作成功，隐患现为“{hazard.get_status_display()}”。")
    return redirect(hazard)


@require_POST
def chase(request, pk):
    hazard = permissions.get_hazard_for_user(request.user, pk)
    form = ChaseForm(request.POST)
    flash_write(
        request,
        form,
        lambda: hazard_chase(hazard=hazard, actor=request.user, note=form.cleaned_data["note"]),
        f"已催办，已通知{hazard.enterprise.name}。",
        failed="催办未完成：",
    )
    if form.is_valid() and form.cleaned_data["from_home"]:
        return redirect("home")
    return redirect(hazard)


@require_POST
def request_extension(request, pk):
    hazard = permissions.get_hazard_for_user(request.user, pk)
    form = ExtensionRequestForm(request.POST)
    flash_write(
        request,
        form,
        lambda: hazard_request_extension(hazard=hazard, actor=request.user, **form.cleaned_data),
        "延期申请已提交，等待审批。",
        failed="延期申请未提交：",
    )
    return redirect(hazard)


@require_POST
def decide_extension(request, pk):
    extension = get_object_or_404(permissions.visible_extensions(request.user).select_related("hazard"), pk=pk)
    hazard = extension.hazard
    form = ExtensionDecisionForm(request.POST)
    flash_write(
        request,
        form,
        lambda: hazard_decide_extension(extension=extension, actor=request.user, **form.cleaned_data),
        "延期申请已审批。",
        failed="未完成审批：",
    )
    return redirect(hazard)


def photo(request, pk):
    """A photo, only to those who may see its hazard; always served as the image type it was checked to be."""
    photo = get_object_or_404(permissions.visible_photos(request.user), pk=pk)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404("照片文件不存在。") from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="hazard-photo-{photo.pk}.{photo.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
