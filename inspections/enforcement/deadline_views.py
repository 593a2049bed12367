"""The 超期 list (/cases/deadlines/): the open deadlines of the cases the viewer sees, soonest first."""

import django_filters
from django.utils import timezone
from django_filters.views import FilterView

from bureau.roles import require
from grids.filters import RoleScopedFilterSet
from inspections import permissions
from inspections.enforcement import deadline_watch
from inspections.enforcement.deadlines import open_deadlines
from inspections.enforcement.models import CaseDeadline
from inspections.filters import EnterpriseSearchMixin


class DeadlineFilter(EnterpriseSearchMixin, RoleScopedFilterSet):
    enterprise_path = "case__enterprise"

    state = django_filters.ChoiceFilter(
        label="期限状态",
        choices=[(code, label) for code, (label, _) in deadline_watch.STATES.items()],
        empty_label="全部未完成",
        method="by_state",
    )
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")

    class Meta:
        model = CaseDeadline
        fields = []

    def by_state(self, queryset, name, value):
        _, condition = deadline_watch.STATES[value]
        return queryset.filter(condition(timezone.localdate()))


class DeadlineListView(FilterView):
    filterset_class = DeadlineFilter
    template_name = "inspections/cases/deadlines.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_enforcement(request.user), "查看案件期限")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return open_deadlines(permissions.visible_cases(self.request.user)).order_by("due_on", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = deadline_watch.with_working_days_left(context["page_obj"], today)
        context["today"] = today
        return context
