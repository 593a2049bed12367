"""The officer roster pages: who may be drawn, with certificate numbers, leave and declared conflicts (回避)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bureau.flash import flash_write, form_write
from bureau.roles import Role, active_users, require
from inspections import permissions
from inspections.planning.forms import ConflictForm, CredentialForm
from inspections.planning.models import OfficerConflict, OfficerCredential
from inspections.planning.roster import officer_conflict_declare, officer_credential_save
from inspections.planning.views import require_seeing


def _officers():
    conflicts = OfficerConflict.objects.select_related("enterprise").order_by("enterprise__name")
    return active_users(Role.INSPECTOR).prefetch_related(
        Prefetch("credential", queryset=OfficerCredential.objects.all()),
        Prefetch("conflicts", queryset=conflicts),
    )


def roster(request):
    require_seeing(request.user)
    page = Paginator(_officers(), 50).get_page(request.GET.get("page"))
    for officer in page:
        officer.credential_or_none = getattr(officer, "credential", None)
    return render(
        request,
        "inspections/draws/roster.html",
        {"page_obj": page, "can_manage": permissions.can_manage_draws(request.user)},
    )


def _officer(request, user_id):
    require_seeing(request.user)
    officer = get_object_or_404(_officers(), pk=user_id)
    require(permissions.can_manage_draws(request.user), "维护执法人员名录")
    return officer


def roster_edit(request, user_id):
    officer = _officer(request, user_id)
    credential = OfficerCredential.objects.filter(user=officer).first()
    initial = (
        {"certificate_number": credential.certificate_number, "on_leave": credential.on_leave} if credential else {}
    )
    form = CredentialForm(request.POST or None, initial=initial)
    saved = form_write(
        request,
        form,
        lambda data: officer_credential_save(officer=officer, actor=request.user, **data),
        lambda saved: f"已保存{officer.first_name or officer.username}的执法证号。",
    )
    if saved is not None:
        return redirect("draws:roster")
    return render(
        request,
        "inspections/draws/roster_edit.html",
        {"officer": officer, "form": form, "conflict_form": ConflictForm()},
    )


@require_POST
def conflict_declare(request, user_id):
    officer = _officer(request, user_id)
    form = ConflictForm(request.POST)
    flash_write(
        request,
        form,
        lambda: officer_conflict_declare(officer=officer, actor=request.user, **form.cleaned_data),
        lambda conflict: f"已登记回避：{conflict.enterprise.name}。",
        failed="未登记：",
    )
    return redirect("draws:roster_edit", user_id=officer.pk)
