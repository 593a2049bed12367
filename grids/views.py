from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bureau.extension_points import shown
from bureau.flash import flash_write
from bureau.roles import require
from grids.extensions import cell_panels
from grids.forms import AssignForm, EndAssignmentForm, TreeForm, UnassignedFilterForm
from grids.models import GridAssignment, GridCell
from grids.permissions import can_assign, can_see_coverage, get_cell_for_user, scope_roots, visible_cells
from grids.services import grid_assign, grid_assignment_end
from grids.stats import cells_without_responsible, column_labels, rows_with_stats


def tree(request):
    roots = scope_roots(request.user)
    if not roots:
        raise Http404("没有可查看的网格。")
    form = TreeForm(request.GET)
    opened = set()
    if form.is_valid() and form.cleaned_data["open"]:
        target = visible_cells(request.user).filter(code=form.cleaned_data["open"]).first()
        if target:
            opened = set(target.path.strip("/").split("/"))
    rows = []

    def add(children, depth):
        for row in children:
            row["depth"] = depth
            row["open"] = row["cell"].code in opened
            rows.append(row)
            if row["open"]:
                add(rows_with_stats(row["cell"].children.order_by("code")), depth + 1)

    root_rows = rows_with_stats(roots)
    # The first level under every root in one go: a second cell held costs no query.
    children = rows_with_stats(GridCell.objects.filter(parent__in=roots).select_related("parent").order_by("code"))
    for root_row in root_rows:
        # One root (the city, an officer's one cell) heads the page; several each head their own branch.
        if len(root_rows) > 1:
            rows.append({**root_row, "depth": 0, "is_root": True})
        add([row for row in children if row["cell"].parent_id == root_row["cell"].pk], 1)
    return render(
        request,
        "grids/tree.html",
        {
            "roots": root_rows,
            # What the dashboard's 网格总数 counts: every cell the user may see, whatever is opened here.
            "total": visible_cells(request.user).count(),
            "rows": rows,
            "column_labels": column_labels(),
            "can_see_coverage": can_see_coverage(request.user),
        },
    )


def detail(request, code):
    cell = get_cell_for_user(request.user, code)
    ancestors = GridCell.objects.filter(code__in=cell.ancestor_codes()).order_by("level")
    # A grid officer sees the cells under the ones they hold, not those above: those are named without a link.
    openable = set(visible_cells(request.user).filter(pk__in=ancestors).values_list("pk", flat=True))
    assignments = cell.assignments.select_related("user", "assigned_by")
    return render(
        request,
        "grids/detail.html",
        {
            "cell": cell,
            "ancestors": ancestors,
            "openable_ancestors": openable,
            "self_row": rows_with_stats([cell])[0],
            "rows": rows_with_stats(cell.children.order_by("code")),
            "column_labels": column_labels(),
            "current": [a for a in assignments if a.is_current],
            "history": [a for a in assignments if not a.is_current],
            "panels": shown(cell_panels, request, cell),
            "can_assign": can_assign(request.user),
            "assign_form": AssignForm() if can_assign(request.user) else None,
        },
    )


@require_POST
def assign(request, code):
    cell = get_cell_for_user(request.user, code)
    require(can_assign(request.user), "指派网格责任人")
    form = AssignForm(request.POST)
    flash_write(
        request,
        form,
        lambda: grid_assign(cell=cell, actor=request.user, **form.cleaned_data),
        lambda assignment: f"已指派 {form.cleaned_data['user'].first_name or form.cleaned_data['user']}。",
    )
    return redirect("grids:detail", code=cell.code)


@require_POST
def end_assignment(request, code, pk):
    cell = get_cell_for_user(request.user, code)
    require(can_assign(request.user), "结束网格职责")
    assignment = get_object_or_404(GridAssignment, pk=pk, cell=cell)
    form = EndAssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的结束日期。")
        return redirect("grids:detail", code=cell.code)
    flash_write(
        request,
        None,
        lambda: grid_assignment_end(assignment=assignment, end_date=form.cleaned_data["end_date"], actor=request.user),
        "已结束该分工，记录保留在历史中。",
    )
    return redirect("grids:detail", code=cell.code)


def unassigned(request):
    require(can_see_coverage(request.user), "查看未覆盖网格")
    towns = list(GridCell.objects.towns().order_by("code"))
    missing = cells_without_responsible()
    by_town = missing.aggregate(**{f"t{t.pk}": Count("pk", filter=Q(path__startswith=t.path)) for t in towns})
    summary = [{"town": t, "missing": by_town[f"t{t.pk}"]} for t in towns]
    form = UnassignedFilterForm(request.GET)
    cells = missing.select_related("parent").order_by("path")
    if form.is_valid() and form.cleaned_data["town"]:
        cells = cells.filter(path__startswith=form.cleaned_data["town"].path)
    page = Paginator(cells, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "grids/unassigned.html",
        {"summary": summary, "form": form, "page_obj": page},
    )
