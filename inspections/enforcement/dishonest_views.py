"""Staff pages of the serious-dishonesty list under /cases/dishonest/: the list, one listing with its actions, and
the proposal from a decided case."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from bureau.flash import flash_write, form_write
from bureau.roles import require
from inspections import permissions
from inspections.enforcement import dishonest
from inspections.enforcement.dishonest_forms import (
    ActionForm,
    AnswerForm,
    DecideForm,
    DishonestFilter,
    NotifyForm,
    ProposeForm,
    RepairForm,
)
from inspections.enforcement.dishonest_models import ANSWER_PERIOD_CONFIRMED, ANSWER_WORKING_DAYS, TERM_YEARS

Status = dishonest.Status


class DishonestListView(FilterView):
    filterset_class = DishonestFilter
    template_name = "inspections/dishonest/list.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_enforcement(request.user), "查看严重失信主体名单")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return permissions.visible_dishonest_listings(self.request.user).select_related("enterprise", "case")


def detail(request, pk):
    listing = permissions.get_dishonest_listing_for_user(request.user, pk)
    user = request.user
    handles, decides = permissions.can_handle_dishonesty(user), permissions.can_decide_dishonesty(user)
    status = listing.status
    initial = {"expected_status": status}
    return render(
        request,
        "inspections/dishonest/detail.html",
        {
            "listing": listing,
            "can_list": permissions.can_see_enforcement(user),
            "answer_days": ANSWER_WORKING_DAYS,
            "answer_period_confirmed": ANSWER_PERIOD_CONFIRMED,
            "term_years": TERM_YEARS,
            "notify_form": NotifyForm(initial=initial) if handles and status == Status.PROPOSED else None,
            "answer_form": AnswerForm(initial=initial)
            if handles and status == Status.NOTIFIED and listing.answered_on is None
            else None,
            "decide_form": DecideForm(initial=initial)
            if decides and status == Status.NOTIFIED and listing.proposed_by_id != user.pk
            else None,
            "can_publish": decides and status == Status.LISTED and not listing.published,
            "repair_form": RepairForm(initial=initial)
            if handles and status == Status.LISTED and listing.repair_applied_on is None
            else None,
            "remove_form": ActionForm(initial=initial)
            if decides and status == Status.LISTED and listing.repair_applied_on is not None
            else None,
        },
    )


def propose(request, case_pk):
    require(permissions.can_handle_dishonesty(request.user), "提议列入严重失信主体名单")
    case = permissions.get_case_for_user(request.user, case_pk)
    form = ProposeForm(request.POST or None)
    listing = form_write(
        request,
        form,
        lambda data: dishonest.dishonest_propose(case=case, actor=request.user, **data),
        lambda _: "已提议列入严重失信主体名单，请告知当事人。",
    )
    if listing is not None:
        return redirect(listing)
    return render(request, "inspections/dishonest/propose.html", {"form": form, "case": case})


def _action(request, pk, form_class, service, done, permitted):
    listing = permissions.get_dishonest_listing_for_user(request.user, pk)
    require(permitted(request.user), "办理严重失信主体名单")
    form = form_class(request.POST) if form_class else None
    flash_write(
        request,
        form,
        lambda: service(listing=listing, actor=request.user, **(form.cleaned_data if form else {})),
        done,
        failed="未办理：",
    )
    return redirect(listing)


@require_POST
def notify(request, pk):
    return _action(
        request, pk, NotifyForm, dishonest.dishonest_notify, "已登记告知。", permissions.can_handle_dishonesty
    )


@require_POST
def answer(request, pk):
    return _action(
        request, pk, AnswerForm, dishonest.dishonest_answer, "已登记陈述申辩意见。", permissions.can_handle_dishonesty
    )


@require_POST
def decide(request, pk):
    return _action(
        request,
        pk,
        DecideForm,
        dishonest.dishonest_decide,
        lambda done: f"已决定：{done.get_status_display()}。",
        permissions.can_decide_dishonesty,
    )


@require_POST
def publish(request, pk):
    return _action(request, pk, None, dishonest.dishonest_publish, "已公示。", permissions.can_decide_dishonesty)


@require_POST
def repair(request, pk):
    return _action(
        request,
        pk,
        RepairForm,
        dishonest.dishonest_repair_apply,
        "已登记信用修复申请。",
        permissions.can_handle_dishonesty,
    )


@require_POST
def remove(request, pk):
    return _action(
        request,
        pk,
        ActionForm,
        dishonest.dishonest_remove,
        "已批准提前移出，公示随之撤下。",
        permissions.can_decide_dishonesty,
    )
