"""The penalty procedure's pages: drafts awaiting approval (拟稿、提交、审批、退回), the approval queue, recording a
service (送达回证) and the party's written choice (放弃陈述申辩和听证、申请听证)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from bureau.flash import flash_write, form_write
from bureau.roles import require
from inspections import permissions
from inspections.enforcement.approval import DRAFT_FIELDS, draft_approve, draft_return, draft_save, draft_submit
from inspections.enforcement.filters import DraftFilter
from inspections.enforcement.forms import DocumentForm
from inspections.enforcement.procedure_forms import DraftDecisionForm, DraftReturnForm, PartyChoiceForm, ServiceForm
from inspections.enforcement.procedure_models import DocumentDraft, PartyChoice
from inspections.enforcement.serving import document_serve, party_choice_record
from inspections.enforcement.specs import SPECS, DocumentKind
from inspections.enforcement.violation_services import case_fine_total


def _draft_form(request, case, kind, initial=None):
    if initial is None:
        initial = {"legal_basis": SPECS[kind].legal_basis}
        if kind == DocumentKind.PENALTY_DECISION:
            # The fine is the sum of the violations decided one by one (violation_services.check_penalty_fine).
            initial["fine_amount"] = case_fine_total(case)
    return DocumentForm(
        request.POST or None, kind=kind, enterprise=case.enterprise, actor=request.user, initial=initial
    )


def _violations(case, kind):
    """What a penalty decision's draft shows its drafter and its approver: the violations, each fine, each reason
    for a fine outside the proposed range, and their sum."""
    if kind != DocumentKind.PENALTY_DECISION:
        return {}
    return {"violations": case.violations.select_related("version__violation"), "fine_total": case_fine_total(case)}


def draft_new(request, pk, kind):
    spec = SPECS.get(kind)
    if spec is None or not spec.needs_approval:
        raise Http404
    require(permissions.is_inspector(request.user), "拟写执法文书")
    case = permissions.get_case_for_user(request.user, pk)
    form = _draft_form(request, case, kind)
    draft = form_write(
        request,
        form,
        lambda data: draft_save(case=case, kind=kind, actor=request.user, **data),
        lambda made: f"{made.get_kind_display()}已保存为草稿，请提交审批。",
    )
    if draft is not None:
        return redirect(draft)
    return render(
        request,
        "inspections/cases/draft_form.html",
        {"form": form, "case": case, "kind_label": spec.title, **_violations(case, kind)},
    )


def _draft_for(request, pk, draft_pk):
    # Drafts are the bureau's working papers: the enterprise sees the issued document, never the draft.
    require(permissions.can_see_enforcement(request.user), "查看文书稿")
    case = permissions.get_case_for_user(request.user, pk)
    return case, get_object_or_404(case.drafts.select_related("drafted_by", "approved_by", "co_signer"), pk=draft_pk)


def draft_detail(request, pk, draft_pk):
    case, draft = _draft_for(request, pk, draft_pk)
    user = request.user
    return render(
        request,
        "inspections/cases/draft_detail.html",
        {
            "case": case,
            "draft": draft,
            "can_edit": permissions.is_inspector(user) and draft.is_editable,
            "can_approve": permissions.can_approve_documents(user)
            and draft.status == DocumentDraft.Status.SUBMITTED
            and draft.drafted_by_id != user.pk,
            "decision_form": DraftDecisionForm(),
            "return_form": DraftReturnForm(auto_id="id_return_%s"),
            **_violations(case, draft.kind),
        },
    )


def draft_edit(request, pk, draft_pk):
    require(permissions.is_inspector(request.user), "修改文书稿")
    case, draft = _draft_for(request, pk, draft_pk)
    if not draft.is_editable:
        return redirect(draft)
    initial = {name: getattr(draft, name) for name in DRAFT_FIELDS}
    form = _draft_form(request, case, draft.kind, initial=initial)
    saved = form_write(
        request,
        form,
        lambda data: draft_save(case=case, kind=draft.kind, actor=request.user, draft=draft, **data),
        lambda made: f"{made.get_kind_display()}稿已修改。",
    )
    if saved is not None:
        return redirect(saved)
    return render(
        request,
        "inspections/cases/draft_form.html",
        {
            "form": form,
            "case": case,
            "kind_label": draft.get_kind_display(),
            "draft": draft,
            **_violations(case, draft.kind),
        },
    )


@require_POST
def draft_submit_view(request, pk, draft_pk):
    require(permissions.is_inspector(request.user), "提交审批")
    _, draft = _draft_for(request, pk, draft_pk)
    flash_write(request, None, lambda: draft_submit(draft=draft, actor=request.user), "已提交负责人审批。")
    return redirect(draft)


@require_POST
def draft_approve_view(request, pk, draft_pk):
    require(permissions.can_approve_documents(request.user), "审批执法文书")
    _, draft = _draft_for(request, pk, draft_pk)
    form = DraftDecisionForm(request.POST)
    flash_write(
        request,
        form,
        lambda: draft_approve(draft=draft, actor=request.user, **form.cleaned_data),
        lambda done: f"已批准并签发{done.document.get_kind_display()}：{done.document.number}",
    )
    return redirect(draft)


@require_POST
def draft_return_view(request, pk, draft_pk):
    require(permissions.can_approve_documents(request.user), "审批执法文书")
    _, draft = _draft_for(request, pk, draft_pk)
    form = DraftReturnForm(request.POST)
    flash_write(
        request,
        form,
        lambda: draft_return(draft=draft, actor=request.user, **form.cleaned_data),
        "已退回拟稿人修改。",
    )
    return redirect(draft)


class PendingDraftListView(FilterView):
    """The drafts waiting for the person in charge (待审批文书)."""

    filterset_class = DraftFilter
    template_name = "inspections/cases/drafts.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_approve_documents(request.user), "审批执法文书")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            DocumentDraft.objects.filter(
                status=DocumentDraft.Status.SUBMITTED, case__in=permissions.visible_cases(self.request.user)
            )
            .select_related("case", "enterprise", "drafted_by")
            .order_by("submitted_at", "id")
        )


def serve(request, pk, document_pk):
    require(permissions.is_inspector(request.user), "登记送达")
    case = permissions.get_case_for_user(request.user, pk)
    document = get_object_or_404(case.documents.all(), pk=document_pk)
    form = ServiceForm(request.POST or None, initial={"recipient": case.enterprise.legal_representative})
    record = form_write(
        request,
        form,
        lambda data: document_serve(document=document, actor=request.user, **data),
        lambda made: f"已登记{document.get_kind_display()}的送达（{made.served_on:%Y-%m-%d}）。",
    )
    if record is not None:
        return redirect(case)
    return render(request, "inspections/cases/serve_form.html", {"form": form, "case": case, "document": document})


def party_choice(request, pk, kind):
    if kind not in PartyChoice.Kind.values:
        raise Http404
    require(permissions.is_inspector(request.user), "登记当事人意见")
    case = permissions.get_case_for_user(request.user, pk)
    form = PartyChoiceForm(request.POST or None)
    row = form_write(
        request,
        form,
        lambda data: party_choice_record(case=case, actor=request.user, kind=kind, **data),
        lambda made: f"已登记：{made.get_kind_display()}。",
    )
    if row is not None:
        return redirect(case)
    return render(
        request,
        "inspections/cases/party_form.html",
        {"form": form, "case": case, "kind_label": PartyChoice.Kind(kind).label},
    )
