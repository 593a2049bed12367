"""Case files (一事一册): the list, one case's timeline, opening and moving a case."""

from django.shortcuts import redirect, render
from django_filters.views import FilterView

from bureau.flash import form_write
from bureau.roles import require
from enterprises.permissions import get_enterprise_for_user
from inspections import permissions
from inspections.enforcement.checklist import checklist
from inspections.enforcement.dishonest import DECIDED_CASE
from inspections.enforcement.filters import CaseFilter
from inspections.enforcement.forms import CaseForm
from inspections.enforcement.models import Case
from inspections.enforcement.payment_views import payment_panel
from inspections.enforcement.services import CASE_STEPS, case_open
from inspections.enforcement.violation_services import case_fine_total


class CaseListView(FilterView):
    filterset_class = CaseFilter
    template_name = "inspections/cases/list.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_enforcement(request.user), "查看执法案卷")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return permissions.visible_cases(self.request.user).select_related("enterprise__town")


def detail(request, pk):
    case = permissions.get_case_for_user(request.user, pk)
    is_inspector = permissions.is_inspector(request.user)
    step = CASE_STEPS.index(case.status)
    return render(
        request,
        "inspections/cases/detail.html",
        {
            "case": case,
            "events": case.events.select_related("actor"),
            "documents": case.documents.all(),
            "violations": case.violations.select_related("version__violation"),
            "fine_total": case_fine_total(case),
            "can_see_library": permissions.can_see_violation_library(request.user),
            "checklist": checklist(case, request.user),
            "choices": case.party_choices.all(),
            "steps": [(s, Case.Status(s).label, i <= step) for i, s in enumerate(CASE_STEPS)],
            "is_inspector": is_inspector,
            "needs_decision": case.status in (Case.Status.FILED, Case.Status.INVESTIGATED),
            # The breadcrumb links to the list only for those the list lets in (enterprise users see this page).
            "can_list": permissions.can_see_enforcement(request.user),
            # The serious-dishonesty list: proposed from a decided case (inspections.enforcement.dishonest).
            "listings": case.dishonest_listings.all() if permissions.can_see_enforcement(request.user) else [],
            "can_propose_listing": permissions.can_handle_dishonesty(request.user) and case.status in DECIDED_CASE,
            "payment": payment_panel(request.user, case),
        },
    )


def open_case(request, enterprise_pk):
    require(permissions.is_inspector(request.user), "立案")
    enterprise = get_enterprise_for_user(request.user, enterprise_pk)
    form = CaseForm(request.POST or None, actor=request.user)
    case = form_write(
        request,
        form,
        lambda data: case_open(enterprise=enterprise, actor=request.user, **data),
        lambda _: "已立案，立案审批表已提交负责人审批。",
    )
    if case is not None:
        return redirect(case)
    return render(request, "inspections/cases/form.html", {"form": form, "enterprise": enterprise})
