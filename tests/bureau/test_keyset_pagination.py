"""Keyset pagination (bureau.pagination) on the big lists: walking 下一页 then 上一页 gives every row exactly once, in
the list's order, ties on the first key included; filters stay across pages; a tampered cursor or a deep ?page=
opens the first page with a notice; a deep page takes as many queries as the second; the capped count."""

import html
import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bureau.pagination import INVALID_CURSOR, PAGE_TOO_DEEP, KeysetPaginator, capped_count
from enterprises.models import Enterprise, RiskGrade
from hazards.models import Hazard
from hazards.views import HazardListView
from inspections.inspection.models import Inspection
from inspections.inspection.views import InspectionListView
from tests.factories import make_enterprise, make_hazard

PER_PAGE = 4
ROW = {
    "enterprises": re.compile(r'<td class="cell-title"><a href="/enterprises/(\d+)/">'),
    "hazards": re.compile(r'<td class="cell-title"><a href="/hazards/(\d+)/">'),
    "inspections": re.compile(r'href="/inspections/(\d+)/"'),
}


@pytest.fixture(autouse=True)
def _small_pages(monkeypatch):
    monkeypatch.setattr("enterprises.views.PER_PAGE", PER_PAGE)
    monkeypatch.setattr(HazardListView, "per_page", PER_PAGE)


def rows(response, kind):
    assert response.status_code == 200
    return [int(pk) for pk in ROW[kind].findall(response.content.decode())]


def link(response, rel):
    match = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def walk(client, url, kind):
    """The pages from `url` along 下一页, then back along 上一页: (forward pages, backward pages, the last page)."""
    forward, response = [], client.get(url)
    while True:
        forward.append(rows(response, kind))
        nxt = link(response, "next")
        if not nxt:
            break
        response = client.get(url.split("?")[0] + nxt)
    backward, last = [forward[-1]], response
    while prev := link(response, "prev"):
        response = client.get(url.split("?")[0] + prev)
        backward.append(rows(response, kind))
    return forward, backward[::-1], last


@pytest.fixture
def registry(world):
    """23 enterprises besides the world's two, 9 of them with one name (ties on the first key)."""
    for i in range(14):
        make_enterprise(grid_cell=world.village_a if i % 2 else world.village_b, name=f"甲企业{i:02d}")
    for _ in range(9):
        make_enterprise(grid_cell=world.village_a, name="同名企业")
    return world


def test_enterprise_list_walked_both_ways_gives_every_row_once_in_order(client, staff, registry):
    client.force_login(staff)
    forward, backward, _ = walk(client, reverse("enterprises:list"), "enterprises")
    expected = list(Enterprise.objects.order_by("name", "id").values_list("pk", flat=True))
    assert [pk for page in forward for pk in page] == expected
    assert all(len(page) == PER_PAGE for page in forward[:-1])
    assert backward == forward  # 上一页 from the last page retraces the same pages


def test_hazard_list_walked_both_ways_with_ties_on_the_date(client, staff, registry, inspector):
    today = timezone.localdate()
    for i in range(17):  # three dates only: most rows tie on found_on and are ordered by id (descending)
        make_hazard(enterprise=registry.enterprise_x, reported_by=inspector, found_on=today - timedelta(days=i % 3))
    client.force_login(staff)
    forward, backward, last = walk(client, reverse("hazards:list"), "hazards")
    expected = list(Hazard.objects.order_by("-found_on", "-id").values_list("pk", flat=True))
    assert [pk for page in forward for pk in page] == expected
    assert backward == forward
    assert 'data-total="17"' in last.content.decode()
    assert "第 5 页 / 共 5 页" in last.content.decode()


def test_filters_stay_across_pages(client, staff, registry):
    ten = Enterprise.objects.filter(name__startswith="甲").order_by("id")[:10]
    Enterprise.objects.filter(pk__in=list(ten.values_list("pk", flat=True))).update(grade=RiskGrade.RED)
    client.force_login(staff)
    forward, _, last = walk(client, reverse("enterprises:list") + "?grade=red", "enterprises")
    reds = list(Enterprise.objects.filter(grade=RiskGrade.RED).order_by("name", "id").values_list("pk", flat=True))
    assert [pk for page in forward for pk in page] == reds and len(forward) == 3
    assert "grade=red" in link(last, "prev")
    assert 'data-total="10"' in last.content.decode()


@pytest.mark.parametrize("param", ["after", "before"])
def test_a_tampered_cursor_opens_the_first_page_with_a_notice(client, staff, registry, param):
    client.force_login(staff)
    url = reverse("enterprises:list")
    first = rows(client.get(url), "enterprises")
    cursor = unquote(link(client.get(url), "next").split("after=")[1])
    assert rows(client.get(url, {"after": cursor}), "enterprises") != first  # the untampered cursor pages on
    for bad in [cursor[:-3] + "abc", "garbage", "%00", cursor.replace(":", "x", 1), "'; drop table x"]:
        response = client.get(url, {param: bad})
        assert rows(response, "enterprises") == first
        assert INVALID_CURSOR in response.content.decode()


def test_a_cursor_of_another_list_is_refused(client, staff, registry, inspector):
    for _ in range(6):
        make_hazard(enterprise=registry.enterprise_x, reported_by=inspector)
    client.force_login(staff)
    hazard_cursor = unquote(link(client.get(reverse("hazards:list")), "next").split("after=")[1])
    response = client.get(reverse("enterprises:list"), {"after": hazard_cursor})
    assert INVALID_CURSOR in response.content.decode()


def test_old_page_links_keep_working_when_shallow(client, staff, registry):
    client.force_login(staff)
    url = reverse("enterprises:list")
    forward, _, _ = walk(client, url, "enterprises")
    second = client.get(url, {"page": 2})
    assert rows(second, "enterprises") == forward[1]
    assert rows(client.get(url + link(second, "next")), "enterprises") == forward[2]
    deep = client.get(url, {"page": 999})
    assert rows(deep, "enterprises") == forward[0] and PAGE_TOO_DEEP in deep.content.decode()
    for bad in ["x", "-1", "0"]:
        assert rows(client.get(url, {"page": bad}), "enterprises") == forward[0]


def test_a_deep_page_takes_as_many_queries_as_the_second(client, staff, registry, settings):
    settings.REGISTRY_LIST_CACHE = False
    client.force_login(staff)
    for name, url in [("enterprises", reverse("enterprises:list")), ("hazards", reverse("hazards:list"))]:
        if name == "hazards":
            for _ in range(20):
                make_hazard(enterprise=registry.enterprise_x, reported_by=staff)
        response, counts = client.get(url), []
        while nxt := link(response, "next"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url + nxt)
            counts.append(len(queries))
            assert not any(" OFFSET " in q["sql"] for q in queries.captured_queries)
        assert len(counts) >= 4 and len(set(counts)) == 1, (name, counts)


def test_mixed_directions_and_the_capped_count(registry):
    paginator = KeysetPaginator(Enterprise.objects.all(), 5, ["-name", "id"])
    seen, page = [], paginator.get_page({})
    while True:
        seen += [e.pk for e in page]
        if not page.has_next():
            break
        page = paginator.get_page({"after": page.next_cursor})
    assert seen == list(Enterprise.objects.order_by("-name", "id").values_list("pk", flat=True))
    assert capped_count(Enterprise.objects.all(), cap=10) == (10, True)
    assert capped_count(Enterprise.objects.all(), cap=100) == (25, False)


def test_inspections_total_is_capped_only_unfiltered(client, staff, registry, inspector, monkeypatch):
    monkeypatch.setattr("bureau.pagination.COUNT_CAP", 3)
    monkeypatch.setattr(InspectionListView, "paginate_by", 2)
    today = timezone.localdate()
    for i in range(5):
        Inspection.objects.create(
            enterprise=registry.enterprise_x, date=today - timedelta(days=i // 2), created_by=inspector
        )
    client.force_login(staff)
    url = reverse("inspections:list")
    forward, backward, last = walk(client, url, "inspections")
    assert [pk for page in forward for pk in page] == list(
        Inspection.objects.order_by("-date", "-id").values_list("pk", flat=True)
    )
    assert backward == forward
    assert 'data-total="3+"' in last.content.decode() and "共 3+ 条" in last.content.decode()
    # Filtered (as a figure's link always is): exact, so the list's total is the figure's value.
    filtered = client.get(url, {"date_after": (today - timedelta(days=30)).isoformat()})
    assert 'data-total="5"' in filtered.content.decode()
