"""The case page's payment panel and its buttons: a payment, an application to defer or pay in instalments and its
approval, the court's ruling. Each button posts to /cases/<id>/payment/... and comes back to the case."""

from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from bureau.flash import flash_write
from bureau.roles import require
from inspections import permissions
from inspections.enforcement.models import Case
from inspections.enforcement.payment_forms import (
    ArrangementDecisionForm,
    ArrangementForm,
    FinePaymentForm,
    RulingForm,
)
from inspections.enforcement.payment_models import EnforcementRuling, PaymentArrangement
from inspections.enforcement.payment_services import (
    enforcement_ruling_record,
    fine_payment_record,
    payment_arrangement_apply,
    payment_arrangement_decide,
)
from inspections.enforcement.payment_state import fine_state, gate_open, live_document
from inspections.enforcement.specs import SPECS, DocumentKind

# The documents after the decision, in the order the case reaches them; each shows when its gate is open.
LATER_KINDS = [DocumentKind.PAYMENT_REMINDER, DocumentKind.ENFORCEMENT_APPLICATION, DocumentKind.CASE_CLOSING]


def payment_panel(user, case):
    """What the case page shows of the fine, and which of its forms this user gets; None before the decision."""
    state = fine_state(case)
    if state is None:
        return None
    is_inspector = permissions.is_inspector(user)
    decided = case.status == Case.Status.DECIDED
    served = state.served_on is not None
    pending = case.arrangements.filter(status=PaymentArrangement.Status.PENDING).first()
    can_apply = is_inspector and decided and served and pending is None and not case.payments.exists()
    may_decide = pending is not None and permissions.can_decide_payment_arrangements(user)
    has_application = live_document(case, DocumentKind.ENFORCEMENT_APPLICATION) is not None
    can_rule = is_inspector and decided and has_application and not EnforcementRuling.objects.filter(case=case).exists()
    return {
        "state": state,
        "payments": case.payments.select_related("recorded_by"),
        "arrangements": case.arrangements.select_related("requested_by", "decided_by").prefetch_related("instalments"),
        "ruling": EnforcementRuling.objects.filter(case=case).first(),
        "pending": pending,
        "payment_form": FinePaymentForm() if is_inspector and decided and served else None,
        "arrangement_form": ArrangementForm() if can_apply else None,
        "decision_form": ArrangementDecisionForm() if may_decide else None,
        "ruling_form": RulingForm() if can_rule else None,
        "later_documents": [
            (kind, SPECS[kind].title) for kind in LATER_KINDS if is_inspector and gate_open(SPECS[kind].case_gate, case)
        ],
    }


def _inspector_case(request, pk, what):
    case = permissions.get_case_for_user(request.user, pk)
    require(permissions.is_inspector(request.user), what)
    return case


@require_POST
def record_payment(request, pk):
    case = _inspector_case(request, pk, "登记罚款缴纳")
    form = FinePaymentForm(request.POST)
    flash_write(
        request,
        form,
        lambda: fine_payment_record(case=case, actor=request.user, **form.cleaned_data),
        lambda row: f"已登记缴款 {row.amount:.2f} 元（凭证 {row.receipt_number}）。",
        failed="缴款未登记：",
    )
    return redirect(case)


@require_POST
def apply_arrangement(request, pk):
    case = _inspector_case(request, pk, "登记延期（分期）缴纳申请")
    form = ArrangementForm(request.POST)
    flash_write(
        request,
        form,
        lambda: payment_arrangement_apply(case=case, actor=request.user, **form.cleaned_data),
        lambda row: f"已登记{row.get_kind_display()}申请，待局机关审批。",
        failed="申请未登记：",
    )
    return redirect(case)


@require_POST
def decide_arrangement(request, pk, arrangement_pk):
    case = permissions.get_case_for_user(request.user, pk)
    arrangement = get_object_or_404(case.arrangements, pk=arrangement_pk)
    require(permissions.can_decide_payment_arrangements(request.user), "审批延期（分期）缴纳申请")
    form = ArrangementDecisionForm(request.POST)
    flash_write(
        request,
        form,
        lambda: payment_arrangement_decide(arrangement=arrangement, actor=request.user, **form.cleaned_data),
        lambda row: f"{row.get_kind_display()}申请{row.get_status_display()}。",
        failed="未审批：",
    )
    return redirect(case)


@require_POST
def record_ruling(request, pk):
    case = _inspector_case(request, pk, "登记法院强制执行裁定")
    form = RulingForm(request.POST)
    flash_write(
        request,
        form,
        lambda: enforcement_ruling_record(case=case, actor=request.user, **form.cleaned_data),
        "已登记法院裁定，案件进入“已执行”。",
        failed="裁定未登记：",
    )
    return redirect(case)
