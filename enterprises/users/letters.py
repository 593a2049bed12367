"""Issuing enterprise accounts and resetting their passwords: the one-time passwords are shown once, in the
response to the POST that made them (account letters, one A4 page each). Nothing stores them: the letters cannot
be opened again, a replayed POST issues nothing and shows none, and a signed-in page is never cached (no-store)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bureau.accounts.permissions import can_manage_users
from bureau.flash import form_write
from bureau.roles import require
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise, EnterpriseMembership, EnterpriseStatus
from enterprises.permissions import get_enterprise_for_user
from enterprises.users.forms import ResetForm
from enterprises.users.services import ISSUE_BATCH, enterprise_accounts_issue, enterprise_password_reset


def _preview(enterprises):
    """How many of the filtered enterprises would get an account (those without one, not closed), in one query."""
    has_account = Exists(EnterpriseMembership.objects.filter(enterprise=OuterRef("pk")))
    closed = Q(status=EnterpriseStatus.CLOSED)
    return enterprises.annotate(has_account=has_account).aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=closed),
        with_account=Count("pk", filter=Q(has_account=True) & ~closed),
    )


def issue(request):
    """GET: the registry's filters (a town, or any filtered list) and what an issue would do. POST: issue the
    accounts of the filtered list and answer with their letters."""
    require(can_manage_users(request.user), "开通企业账号")
    params = request.POST if request.method == "POST" else request.GET
    filterset = EnterpriseFilter(params or None, queryset=Enterprise.objects.all(), request=request)

    def write(data):
        if not any(value not in (None, "") for value in data.values()):
            raise ValidationError("请至少选择一个筛选条件（如镇街），再开通账号。")
        return enterprise_accounts_issue(enterprises=filterset.qs, actor=request.user)

    issued = form_write(
        request,
        filterset.form,
        write,
        lambda done: (
            f"已开通 {len(done.letters)} 个企业账号；跳过已有账号的 {done.skipped} 家、关闭取缔的 {done.closed} 家"
            + (f"；尚有 {done.remaining} 家未开通，请再次开通。" if done.remaining else "。")
        ),
    )
    if issued is not None:
        again = urlencode([(k, v) for k in EnterpriseFilter.base_filters for v in params.getlist(k) if v])
        context = {"letters": issued.letters, "issued": issued, "again": again}
        return render(request, "users/letters.html", context)
    filtered = bool(params) and filterset.is_valid()
    counts = _preview(filterset.qs) if filtered else None
    if counts:
        counts["to_issue"] = counts["total"] - counts["closed"] - counts["with_account"]
    hidden = [(k, v) for k in EnterpriseFilter.base_filters for v in params.getlist(k) if v] if filtered else []
    context = {"filter": filterset, "counts": counts, "hidden": hidden, "batch": ISSUE_BATCH}
    return render(request, "users/issue.html", context)


@require_POST
def reset(request, pk):
    """From the dossier: a new one-time password for one of the enterprise's accounts, its letter in the answer."""
    enterprise = get_enterprise_for_user(request.user, pk)
    require(can_manage_users(request.user), "重置企业账号密码")
    form = ResetForm(request.POST, enterprise=enterprise)
    letter = form_write(
        request,
        form,
        lambda data: enterprise_password_reset(enterprise=enterprise, user=data["user"], actor=request.user),
        lambda done: f"已重置账号 {done.username} 的密码，其下次登录须修改密码。",
    )
    if letter is None:
        if not form.is_valid() and form.errors:
            messages.error(request, "未重置：" + " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(enterprise)
    return render(request, "users/letters.html", {"letters": [letter]})
