"""The expert registry (专家库) and the talks with enterprise heads (谈心谈话)."""

from django.shortcuts import get_object_or_404, redirect, render
from django_filters.views import FilterView

from bureau.flash import form_write
from bureau.roles import is_bureau, require
from enterprises.permissions import visible_enterprises
from inspections import permissions
from inspections.registers.filters import ExpertFilter, TalkFilter
from inspections.registers.forms import ExpertForm, TalkForm
from inspections.registers.models import Expert
from inspections.registers.services import expert_participation, expert_save, talk_record


class ExpertListView(FilterView):
    filterset_class = ExpertFilter
    template_name = "inspections/experts/list.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(is_bureau(request.user), "查看专家库和谈话记录")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return expert_participation()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = permissions.can_manage_experts(self.request.user)
        return context


def _save_expert(request, expert):
    require(permissions.can_manage_experts(request.user), "管理专家库")
    form = ExpertForm(request.POST or None, instance=expert)
    saved = form_write(
        request,
        form,
        lambda _: expert_save(expert=form.save(commit=False), actor=request.user),
        lambda saved: f"已保存专家“{saved.name}”。",
    )
    if saved is not None:
        return redirect("inspections:experts")
    return render(request, "inspections/experts/form.html", {"form": form, "expert": expert})


def expert_create(request):
    return _save_expert(request, Expert())


def expert_edit(request, pk):
    require(permissions.can_manage_experts(request.user), "管理专家库")
    return _save_expert(request, get_object_or_404(Expert, pk=pk))


class TalkListView(FilterView):
    filterset_class = TalkFilter
    template_name = "inspections/talks/list.html"
    paginate_by = 50
    strict = False

    def get_queryset(self):
        return (
            permissions.visible_talks(self.request.user).select_related("enterprise").prefetch_related("interviewers")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_record"] = permissions.can_record_talks(self.request.user)
        return context


def talk_create(request):
    user = request.user
    require(permissions.can_record_talks(user), "记录谈心谈话")
    form = TalkForm(request.POST or None, enterprises=visible_enterprises(user), actor=user)
    talk = form_write(
        request,
        form,
        lambda data: talk_record(actor=user, **data),
        lambda talk: f"已记录与{talk.enterprise.name}{talk.head_name}的谈心谈话。",
    )
    if talk is not None:
        return redirect("inspections:talks")
    return render(request, "inspections/talks/form.html", {"form": form})
