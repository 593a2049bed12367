"""The public pages (一公开): published draws with their results and directories, and penalty decisions. Every
view is a public_page (no sign-in, cacheable, no cookie) and reads only what has been published: anything else is
a 404, as if it did not exist."""

from pathlib import Path

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from bureau.public import directories
from bureau.public.dishonest import public_listing, published_listings
from bureau.public.http import public_page
from bureau.public.penalties import public_decision, published_decisions
from inspections.planning import algorithm
from inspections.planning.models import Draw
from inspections.planning.publication import published_draws
from inspections.planning.record import criteria_text, draw_record
from inspections.planning.results import result_counts, with_results

VERIFY_SCRIPT = Path(__file__).with_name("verify_draw.py")


def _published(pk, *, leave_out=()):
    draws = published_draws().select_related("run", "publication", "replaces__publication")
    # The draw a redraw replaces is only named and linked.
    replaced = [f"replaces__{name}" for name in Draw.SNAPSHOTS]
    return get_object_or_404(draws.defer(*leave_out, *replaced), pk=pk)


@public_page
def index(request):
    draws = published_draws().select_related("run", "publication").defer(*Draw.SNAPSHOTS)
    page = Paginator(draws, 50).get_page(request.GET.get("page"))
    return render(request, "public/index.html", {"page_obj": page, "latest": draws.first()})


@public_page
def draw(request, pk):
    # The page shows the pool's size, not the pool (that is the directory's and the record's).
    draw = _published(pk, leave_out=Draw.POOL)
    drawn = with_results(draw.drawn.select_related("enterprise__town", "officer_1", "officer_2"))
    page = Paginator(drawn.order_by("position"), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "public/draw.html",
        {
            "draw": draw,
            "page_obj": page,
            "criteria_text": criteria_text(draw.criteria),
            "result_counts": result_counts(draw, total=page.paginator.count),
            "redraw": published_draws().filter(replaces=draw).defer(*Draw.SNAPSHOTS).first(),
            "algorithm_text": algorithm.ALGORITHM_TEXT,
            "verify_script": VERIFY_SCRIPT.read_text(encoding="utf-8"),
        },
    )


@public_page
def directory(request, pk):
    draw = _published(pk)
    page = Paginator(directories.pool_enterprises(draw), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "public/directory.html",
        {
            "draw": draw,
            "page_obj": page,
            "by_town": directories.counts_by_town(draw),
            "by_industry": directories.counts_by_industry(draw),
            "by_category": directories.counts_by_category(draw),
            "roster": directories.roster(draw),
        },
    )


@public_page
def record(request, pk):
    """A published draw's whole record, to recompute it anywhere (bureau/public/verify_draw.py)."""
    draw = _published(pk)
    response = JsonResponse(draw_record(draw), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return response


@public_page
def verify_script(request):
    response = HttpResponse(VERIFY_SCRIPT.read_text(encoding="utf-8"), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verify_draw.py"'
    return response


@public_page
def penalties(request):
    page = Paginator(published_decisions(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "public/penalties.html",
        {"page_obj": page, "decisions": [public_decision(document) for document in page]},
    )


@public_page
def dishonest(request):
    page = Paginator(published_listings(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "public/dishonest.html",
        {"page_obj": page, "listings": [public_listing(listing) for listing in page]},
    )
