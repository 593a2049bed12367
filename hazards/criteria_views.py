"""The national major-hazard criteria (/major-hazards/criteria/): every item, its applicability and source. Every
signed-in role may read it; the items are reference data (hazards/criteria_data.py)."""

from django_filters.views import FilterView

from hazards.criteria_filters import CriterionFilter
from hazards.criteria_models import MajorHazardCriterion


class CriterionListView(FilterView):
    filterset_class = CriterionFilter
    template_name = "hazards/criteria/list.html"
    paginate_by = 200
    strict = False

    def get_queryset(self):
        return MajorHazardCriterion.objects.active().prefetch_related("categories")
