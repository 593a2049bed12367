"""The national major-hazard criteria (/major-hazards/criteria/): every item, its applicability and source. Every
signed-in role may read it; the items are reference data (hazards/criteria_data/) that staff correct as they check
them (/major-hazards/criteria/<code>/edit/)."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_filters.views import FilterView

from bureau.flash import form_write
from bureau.roles import require
from hazards.criteria import can_edit_criteria, criterion_edit
from hazards.criteria_filters import CriterionFilter
from hazards.criteria_forms import CriterionForm
from hazards.criteria_models import MajorHazardCriterion
from hazards.models import Hazard


class CriterionListView(FilterView):
    filterset_class = CriterionFilter
    template_name = "hazards/criteria/list.html"
    paginate_by = 200
    strict = False

    def get_queryset(self):
        items = MajorHazardCriterion.objects.prefetch_related("categories")
        # Staff see the items taken out of use too, to put them back; everyone else the items in use.
        return items if can_edit_criteria(self.request.user) else items.active()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_edit": can_edit_criteria(self.request.user)}


def edit(request, code):
    require(can_edit_criteria(request.user), "修改重大事故隐患判定标准")
    criterion = get_object_or_404(MajorHazardCriterion, code=code)
    form = CriterionForm(request.POST or None, instance=criterion)
    saved = form_write(
        request,
        form,
        lambda data: criterion_edit(criterion=criterion, actor=request.user, **data),
        lambda item: f"已保存条目 {item.code}。",
    )
    if saved is not None:
        return redirect(reverse("major_hazards:criteria") + f"?q={saved.code}")
    criterion.refresh_from_db()  # the form's validation wrote its values onto the instance
    return render(
        request,
        "hazards/criteria/form.html",
        {
            "form": form,
            "criterion": criterion,
            "used_by": Hazard.objects.filter(criterion=criterion).count(),
            "versions": criterion.history.select_related("history_user")[:20],
        },
    )
