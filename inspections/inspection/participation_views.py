"""Who took part in the inspections: one row per inspector (人次) or expert of each inspection the viewer may see.

These are the lists the "出动执法人员" and "专家参与检查和评审" figures count, row for row."""

from django_filters.views import FilterView

from bureau.roles import is_bureau, require
from inspections import permissions
from inspections.inspection.filters import ExpertVisitFilter, InspectorVisitFilter
from inspections.inspection.models import Inspection


class _ParticipationListView(FilterView):
    paginate_by = 50
    strict = False

    def links(self):
        """The link table's rows of the inspections the viewer may see."""
        visible = permissions.visible_inspections(self.request.user).values("pk")
        return self.through.objects.filter(inspection__in=visible).select_related("inspection__enterprise")


class InspectorVisitListView(_ParticipationListView):
    filterset_class = InspectorVisitFilter
    template_name = "inspections/inspector_visits.html"
    through = Inspection.inspectors.through

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_enforcement(request.user), "查看执法检查")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            self.links().select_related("user").order_by("-inspection__date", "-inspection_id", "user__username", "pk")
        )


class ExpertVisitListView(_ParticipationListView):
    filterset_class = ExpertVisitFilter
    template_name = "inspections/experts/visits.html"
    through = Inspection.experts.through

    def dispatch(self, request, *args, **kwargs):
        # As the expert registry itself: the bureau's.
        require(is_bureau(request.user), "查看专家库和谈话记录")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            self.links().select_related("expert").order_by("-inspection__date", "-inspection_id", "expert__name", "pk")
        )
