"""The audit pages, for admins only: the change trail and the sign-in records."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from bureau.accounts.audit import entries, trail
from bureau.accounts.audit_filters import SignInEventFilter, TrailFilterForm
from bureau.accounts.models import SignInEvent
from bureau.accounts.roles import Role, role_of

PAGE_SIZE = 50


def _require_admin(user):
    if role_of(user) != Role.ADMIN:
        raise PermissionDenied


@require_safe
def trail_list(request):
    _require_admin(request.user)
    form = TrailFilterForm(request.GET)
    # Filters that do not make sense (a date range backwards) show nothing rather than everything.
    rows = trail(**form.trail_arguments()) if form.is_valid() else []
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit/trail.html",
        {"form": form, "page_obj": page_obj, "entries": entries(list(page_obj.object_list))},
    )


class SignInEventListView(FilterView):
    filterset_class = SignInEventFilter
    template_name = "accounts/audit/sign_ins.html"
    paginate_by = PAGE_SIZE
    strict = False

    def dispatch(self, request, *args, **kwargs):
        _require_admin(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return SignInEvent.objects.select_related("user")
