"""The audit pages, for admins only: the change trail and the sign-in records."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from bureau.accounts.audit import entries, trail
from bureau.accounts.audit_filters import SignInEventFilter, TrailFilterForm
from bureau.accounts.models import SignInEvent
from bureau.roles import is_admin, require

PAGE_SIZE = 50


@require_safe
def trail_list(request):
    require(is_admin(request.user), "查看操作日志")
    form = TrailFilterForm(request.GET)
    # Filters that do not make sense (a date range backwards) show nothing rather than everything.
    rows = trail(**form.trail_arguments()) if form.is_valid() else []
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit/trail.html",
        {"form": form, "page_obj": page_obj, "entries": entries(list(page_obj.object_list), request.user)},
    )


class SignInEventListView(FilterView):
    filterset_class = SignInEventFilter
    template_name = "accounts/audit/sign_ins.html"
    paginate_by = PAGE_SIZE
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(is_admin(request.user), "查看操作日志")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return SignInEvent.objects.select_related("user")
