from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bureau.extension_points import shown
from bureau.flash import flash_write, form_write
from bureau.pagination import PAGE_PARAMS, CountedPaginator, KeysetPaginator
from bureau.roles import require
from enterprises import due_summary, export, registry_cache, summary
from enterprises.due import DueRows, days_overdue, due_by_town
from enterprises.extensions import actions_for, dossier_grade_notes, dossier_sections, dossier_todos
from enterprises.filters import EnterpriseFilter, SourceUnitFilter
from enterprises.forms import ContactForm, EnterpriseForm, GradeChangeForm, IntervalsForm, MajorHazardSourceForm
from enterprises.models import Enterprise, EnterpriseStatus, InspectionInterval, MajorHazardSource, RiskGrade
from enterprises.permissions import (
    can_edit_contact,
    can_grade,
    can_register,
    can_register_sources,
    can_see_registry,
    get_enterprise_for_user,
    registry_scope,
    sees_whole_registry,
    visible_enterprises,
)
from enterprises.search import candidates, normalized
from enterprises.services import (
    enterprise_change_grade,
    enterprise_save,
    enterprise_update_contact,
    inspection_intervals_set,
    major_hazard_source_save,
)
from enterprises.sources import STATE_ORDER, source_units, unit_state_counts
from enterprises.stats import GRADE_ORDER, grade_counts
from enterprises.templatetags.registry import ROW_FIELDS

PER_PAGE = 50
# Suggestions under an enterprise box: a few, once two characters are typed (one matches half the registry).
SUGGESTIONS = 10
SUGGEST_MIN_CHARS = 2
SUGGEST_MAX_CHARS = 200
# What the registry list's query string may hold and still be served from its caches (registry_cache).
LIST_PARAMS = [*EnterpriseFilter.base_filters, *PAGE_PARAMS]


def enterprise_list(request):
    """The registry: filters, counts by grade and a page of enterprises. The body is cached until the registry
    changes (registry_cache); only the frame around it (navigation, notifications) is rendered each time."""
    # Before the method: an enterprise user learns nothing, not even "GET only".
    require(can_see_registry(request.user), "查看企业名录")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    scope = registry_scope(request.user)
    body = registry_cache.cached_body(request, scope, LIST_PARAMS, lambda: _list_body(request, scope))
    return render(request, "enterprises/list.html", {"body": body})


def _list_body(request, scope):
    queryset = visible_enterprises(request.user)
    # With an empty query string nothing is filtered (an unbound filterset's qs is its queryset), so no filterset is
    # built unless its form must be rendered: building one deep-copies its eleven filters, a tenth of this page's time.
    filterset = EnterpriseFilter(request.GET, queryset=queryset, request=request) if request.GET else None

    def form_markup():
        form = (filterset or EnterpriseFilter(None, queryset=queryset, request=request)).form
        return render_to_string("includes/_filter_form.html", {"form": form, "request": request})

    # Its own cache: it changes only with the towns and categories, not with the enterprises (registry_cache).
    filter_form = registry_cache.cached_filter_form(request, scope, LIST_PARAMS, form_markup, unkeyed=PAGE_PARAMS)
    enterprises = filterset.qs if filterset else queryset
    # Counted by grade first: the total of those counts is the paginator's count (no second COUNT(*)). Over the whole
    # registry, narrowed only by what the summary rows are keyed by, they are read from those rows (summary.py).
    counts = _summary_counts(request.user, filterset) or grade_counts(enterprises)
    total = sum(n for *_, n in counts)
    # By key (bureau.pagination): no OFFSET however deep; the total is the grade counts' sum, not a COUNT(*).
    # Only the columns the rows show (the registry has 21), as tuples, not model instances.
    rows = enterprises.values_list(*ROW_FIELDS, named=True)
    paginator = KeysetPaginator(rows, PER_PAGE, Enterprise._meta.ordering)
    context = {
        "filter_form": filter_form,
        "page_obj": paginator.get_page(request.GET, total=total),
        "grade_counts": counts,
        "total": total,
        "can_register": can_register(request.user),
        "request": request,
    }
    # Without request=: the frame's context processors (navigation, notifications) have run once already.
    return render_to_string("enterprises/_list_body.html", context)


def _summary_counts(user, filterset):
    """The counts by grade from the summary rows when they answer this list exactly, else None."""
    used = _answered(user, filterset, summary.ANSWERED_FILTERS)
    return None if used is None else summary.grade_counts(used)


def _answered(user, filterset, answered):
    """The filters in use ({name: value}) when summary rows keyed by `answered` answer this list exactly: the user
    sees the whole registry and uses no other filter (and no invalid one); else None. No filterset: none is used."""
    bound = filterset is not None and filterset.is_bound
    if not sees_whole_registry(user) or bound and not filterset.is_valid():
        return None
    used = {name: value for name, value in (filterset.form.cleaned_data if bound else {}).items() if value}
    return used if used.keys() <= answered else None


def source_register(request):
    """重大危险源单位: one row per unit in the viewer's scope, its sources and the one state of its automation
    (enterprises.sources). Counted by state first: the total of those counts is the paginator's count."""
    require(can_see_registry(request.user), "查看企业名录")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    units = source_units(visible_enterprises(request.user))
    filterset = SourceUnitFilter(request.GET or None, queryset=units, request=request)
    units = filterset.qs
    row = unit_state_counts(units)
    state_counts = [(state.value, state.label, row[state.value]) for state in STATE_ORDER]
    total = sum(row.values())
    ordered = units.select_related("town").prefetch_related(
        Prefetch("major_hazard_sources", queryset=MajorHazardSource.objects.order_by("level", "name", "pk"))
    )
    paginator = CountedPaginator(ordered.order_by("town__code", "name", "pk"), PER_PAGE, count=total)
    return render(
        request,
        "enterprises/sources.html",
        {
            "filter": filterset,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "state_counts": state_counts,
            "total": total,
        },
    )


def export_list(request, fmt):
    require(can_see_registry(request.user), "查看企业名录")
    filterset = EnterpriseFilter(request.GET, queryset=visible_enterprises(request.user), request=request)
    queryset = filterset.qs if filterset.is_valid() else visible_enterprises(request.user).none()
    return export.xlsx_response(queryset) if fmt == "xlsx" else export.csv_response(queryset)


def detail(request, pk):
    enterprise = get_enterprise_for_user(request.user, pk)
    user = request.user
    return render(
        request,
        "enterprises/detail.html",
        {
            "enterprise": enterprise,
            "grade_changes": enterprise.grade_changes.select_related("changed_by"),
            "sources": enterprise.major_hazard_sources.all(),
            "categories": enterprise.special_categories.all(),
            "todos": shown(dossier_todos, request, enterprise),
            "sections": shown(dossier_sections, request, enterprise),
            "grade_notes": shown(dossier_grade_notes, request, enterprise),
            # What higher apps let this user start from here (开始检查 for inspectors).
            "actions": actions_for(user, enterprise),
            "grade_form": GradeChangeForm() if can_grade(user) else None,
            "can_register": can_register(user),
            "can_edit_contact": can_edit_contact(user, enterprise),
            "can_register_sources": can_register_sources(user),
        },
    )


def _save_enterprise(request, enterprise):
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    saved = form_write(
        request,
        form,
        lambda data: enterprise_save(
            enterprise=form.save(commit=False), special_categories=data["special_categories"], actor=request.user
        ),
        lambda saved: f"已保存“{saved.name}”。",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise})


def create(request):
    require(can_register(request.user), "登记企业")
    return _save_enterprise(request, Enterprise())


def edit(request, pk):
    enterprise = get_enterprise_for_user(request.user, pk)
    require(can_register(request.user), "修改企业信息")
    return _save_enterprise(request, enterprise)


def edit_contact(request, pk):
    enterprise = get_enterprise_for_user(request.user, pk)
    require(can_edit_contact(request.user, enterprise), "修改联系方式")
    form = ContactForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        enterprise_update_contact(enterprise=enterprise, actor=request.user, **form.cleaned_data)
        messages.success(request, "联系方式已更新。")
        return redirect(enterprise)
    return render(request, "enterprises/contact_form.html", {"form": form, "enterprise": enterprise})


@require_POST
def change_grade(request, pk):
    enterprise = get_enterprise_for_user(request.user, pk)
    require(can_grade(request.user), "调整企业等级")
    form = GradeChangeForm(request.POST)
    flash_write(
        request,
        form,
        lambda: enterprise_change_grade(enterprise=enterprise, actor=request.user, **form.cleaned_data),
        lambda _: f"等级已调整为{RiskGrade(form.cleaned_data['grade']).label}。",
        failed="等级未调整：",
    )
    return redirect(enterprise)


def source_form(request, pk, source_pk=None):
    enterprise = get_enterprise_for_user(request.user, pk)
    require(can_register_sources(request.user), "登记重大危险源")
    source = (
        get_object_or_404(MajorHazardSource, pk=source_pk, enterprise=enterprise)
        if source_pk
        else MajorHazardSource(enterprise=enterprise)
    )
    form = MajorHazardSourceForm(request.POST or None, instance=source)
    saved = form_write(
        request,
        form,
        lambda _: major_hazard_source_save(source=form.save(commit=False), actor=request.user),
        lambda _: "重大危险源已保存。",
    )
    if saved is not None:
        return redirect(enterprise)
    return render(request, "enterprises/source_form.html", {"form": form, "enterprise": enterprise})


def intervals(request):
    require(can_register(request.user), "设置检查周期")
    form = IntervalsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inspection_intervals_set(days_by_grade=form.cleaned_data, actor=request.user)
        messages.success(request, "检查周期已保存，待检清单随之更新。")
        return redirect("enterprises:due")
    return render(request, "enterprises/intervals.html", {"form": form})


def due(request):
    require(can_see_registry(request.user), "查看企业名录")
    today = timezone.localdate()
    days_by_grade = InspectionInterval.days_by_grade()
    filterset = EnterpriseFilter(request.GET, queryset=visible_enterprises(request.user), request=request)
    queryset = filterset.qs if filterset.is_valid() else Enterprise.objects.none()
    # The enterprises of due_filter, counted and paged per grade from the due indexes (enterprises.due): the same
    # enterprises, in the same order, as one sort of every due enterprise by town and due date would give.
    counts = _due_summary_counts(request.user, filterset, today, days_by_grade)
    by_town = due_by_town(queryset, today, days_by_grade, counts)
    rows = DueRows(queryset, by_town, today, days_by_grade)
    page = CountedPaginator(rows, 50, count=len(rows)).get_page(request.GET.get("page"))
    for enterprise in page:
        enterprise.days_overdue = days_overdue(enterprise, today)
        enterprise.actions = actions_for(request.user, enterprise)
    return render(
        request,
        "enterprises/due.html",
        {
            "filter": filterset,
            "page_obj": page,
            "by_town": by_town,
            "days_by_grade": [(g.value, g.label, days_by_grade[g]) for g in GRADE_ORDER],
            "can_set_intervals": can_register(request.user),
            "today": today,
        },
    )


def _due_summary_counts(user, filterset, today, days_by_grade):
    """The due enterprises by town from the summary rows when they answer this list exactly, else None."""
    used = _answered(user, filterset, due_summary.ANSWERED_FILTERS)
    return None if used is None else due_summary.due_counts(used, today, days_by_grade)


@require_GET
def suggest(request):
    """Enterprises matching ?q=, as JSON, for the suggestions under an enterprise box (static/js/enterprise-suggest.js).
    Searched in the user's scope exactly as the forms search it: an enterprise user finds only its own."""
    text = normalized(request.GET.get("q", ""))[:SUGGEST_MAX_CHARS]
    if len(text) < SUGGEST_MIN_CHARS:
        return JsonResponse({"results": [], "more": 0})
    found = candidates(visible_enterprises(request.user), text, limit=SUGGESTIONS)
    results = [
        {
            "name": e.name,
            "credit_code": e.credit_code,
            "address": e.address,
            "town": e.town.name if e.town else "",
            "status": e.get_status_display() if e.status != EnterpriseStatus.OPERATING else "",
        }
        for e in found.candidates
    ]
    return JsonResponse({"results": results, "more": found.more})
