"""The homes as to-do lists (bureau.dashboard.todo): each list selects exactly what it says, within the viewer's
scope, in a fixed number of queries, and its links open for its viewer."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bureau.dashboard.todo import enterprise_todo, inspector_todo, officer_todo
from enterprises.models import Enterprise, EnterpriseStatus
from hazards.models import HazardStatus, SelfCheck
from inspections.enforcement.models import Document
from inspections.enforcement.specs import DocumentKind
from tests.factories import make_enterprise, make_hazard

TODAY = timezone.localdate


def _days(n):
    return TODAY() + timedelta(days=n)


def _order(enterprise, signer, hazards, deadline, **fields):
    n = Document.objects.count() + 1
    document = Document.objects.create(
        kind=fields.pop("kind", DocumentKind.RECTIFICATION_ORDER),
        number=f"测试〔{TODAY().year}〕{n}号",
        year=TODAY().year,
        sequence=n,
        enterprise=enterprise,
        issued_by=signer,
        co_signer=signer,  # the document's pages print both signers
        deadline=deadline,
        **fields,
    )
    document.hazards.set(hazards)
    return document


def _pks(rows):
    return {row.pk for row in rows}


def _filed(enterprise, user, day=None):
    day = day or TODAY()
    return SelfCheck.objects.create(
        enterprise=enterprise, year=day.year, month=day.month, found_nothing=True, submitted_by=user
    )


# The enterprise: its dossier ---------------------------------------------------------------------------------------


@pytest.fixture
def enterprise_records(world, staff, inspector):
    x, y = world.enterprise_x, world.enterprise_y
    h = {
        "overdue": make_hazard(enterprise=x, reported_by=staff, found_on=_days(-30), rectification_deadline=_days(-1)),
        "due_soon": make_hazard(enterprise=x, reported_by=staff, rectification_deadline=_days(3)),
        "later": make_hazard(enterprise=x, reported_by=staff, rectification_deadline=_days(30)),
        "closed_late": make_hazard(
            enterprise=x,
            reported_by=staff,
            found_on=_days(-30),
            rectification_deadline=_days(-2),
            status=HazardStatus.CLOSED,
        ),
        "other_overdue": make_hazard(
            enterprise=y, reported_by=staff, found_on=_days(-30), rectification_deadline=_days(-1)
        ),
        "rectified": make_hazard(enterprise=x, reported_by=staff, status=HazardStatus.RECTIFIED),
    }
    documents = {
        "awaiting": _order(x, inspector, [h["due_soon"], h["rectified"]], _days(5)),
        "all_rectified": _order(x, inspector, [h["rectified"]], _days(5)),
        "other": _order(y, inspector, [h["other_overdue"]], _days(5)),
        "not_an_order": _order(x, inspector, [h["due_soon"]], None, kind=DocumentKind.INSPECTION_RECORD),
    }
    return h, documents


def test_the_enterprise_todo_lists_its_own_overdue_and_due_hazards_and_orders(
    world, enterprise_user_x, enterprise_records
):
    h, documents = enterprise_records

    todo = enterprise_todo(SimpleNamespace(user=enterprise_user_x), world.enterprise_x)

    assert _pks(todo["overdue"]) == {h["overdue"].pk}
    assert _pks(todo["due_soon"]) == {h["due_soon"].pk}
    assert _pks(todo["documents"]) == {documents["awaiting"].pk}
    assert todo["self_check"] is None


def test_the_enterprise_todo_is_only_on_its_own_users_dossier(world, enterprise_user_x, staff, enterprise_records):
    assert enterprise_todo(SimpleNamespace(user=staff), world.enterprise_x) is None
    assert enterprise_todo(SimpleNamespace(user=enterprise_user_x), world.enterprise_y) is None


def test_the_enterprise_home_offers_the_self_check_then_says_it_is_filed(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    body = client.get(reverse("home"), follow=True).content.decode()
    assert 'id="todo-heading"' in body
    assert "提交本月自查" in body and "本月已提交" not in body
    assert reverse("hazards:new") in body and "上报隐患" in body

    response = client.post(
        reverse("self_checks:submit"), {"year": TODAY().year, "month": TODAY().month, "found_nothing": "on"}
    )
    assert response.status_code == 302
    body = client.get(reverse("home"), follow=True).content.decode()
    assert "本月已提交" in body and "提交本月自查" not in body


def test_the_one_button_files_this_month(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)
    form = client.get(reverse("home"), follow=True).context["todos"][0]["context"]

    client.post(
        reverse("self_checks:submit"), {"year": form["today"].year, "month": form["today"].month, "found_nothing": "on"}
    )

    assert SelfCheck.objects.filter(enterprise=world.enterprise_x, year=TODAY().year, month=TODAY().month).exists()


def test_staff_see_no_todo_on_a_dossier(client, world, staff):
    client.force_login(staff)

    body = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()

    assert 'id="todo-heading"' not in body


def _enterprise_rows(world, staff, inspector, n):
    for _ in range(n):
        hazard = make_hazard(
            enterprise=world.enterprise_x, reported_by=staff, found_on=_days(-30), rectification_deadline=_days(-1)
        )
        make_hazard(enterprise=world.enterprise_x, reported_by=staff, rectification_deadline=_days(2))
        _order(world.enterprise_x, inspector, [hazard], _days(-1))


# The grid officer --------------------------------------------------------------------------------------------------


def test_the_officer_lists_their_enterprises_not_self_checked_and_due(world, grid_officer_a, enterprise_user_x):
    filed = make_enterprise(grid_cell=world.village_a, name="已自查企业")
    _filed(filed, enterprise_user_x)
    filed_last_month = make_enterprise(grid_cell=world.village_a, name="上月自查企业")
    _filed(filed_last_month, enterprise_user_x, TODAY().replace(day=1) - timedelta(days=1))
    closed = make_enterprise(grid_cell=world.village_a, status=EnterpriseStatus.CLOSED)
    inspected = make_enterprise(grid_cell=world.village_a)
    Enterprise.objects.filter(pk=inspected.pk).update(last_inspected_on=TODAY())

    todo = officer_todo(grid_officer_a)

    assert _pks(todo["unfiled"]) == {world.enterprise_x.pk, filed_last_month.pk, inspected.pk}
    # Never inspected, so due; the one inspected today is not; closed and the other cell's are out of scope.
    assert _pks(todo["due"]) == {world.enterprise_x.pk, filed.pk, filed_last_month.pk}
    assert closed.pk not in _pks(todo["due"]) | _pks(todo["unfiled"])
    month = f"{TODAY():%Y-%m}"
    assert todo["unfiled_url"] == f"{reverse('self_checks:coverage')}?filed=0&from_month={month}&to_month={month}"


def test_the_officers_lists_agree_with_the_full_lists(client, world, grid_officer_a):
    make_enterprise(grid_cell=world.village_a)
    client.force_login(grid_officer_a)
    todo = officer_todo(grid_officer_a)

    coverage = client.get(todo["unfiled_url"])
    due = client.get(todo["due_url"])

    assert coverage.status_code == due.status_code == 200
    assert _pks(coverage.context["page_obj"]) == _pks(todo["unfiled"])
    assert _pks(due.context["page_obj"]) == _pks(todo["due"])


def test_other_roles_have_no_officer_or_inspector_todo(world, staff, enterprise_user_x, grid_officer_a, inspector):
    assert officer_todo(staff) is None and inspector_todo(staff) is None
    assert officer_todo(enterprise_user_x) is None and inspector_todo(enterprise_user_x) is None
    assert officer_todo(inspector) is None and inspector_todo(grid_officer_a) is None


# The inspector ------------------------------------------------------------------------------------------------------


@pytest.fixture
def inspector_records(world, staff, inspector):
    x, y = world.enterprise_x, world.enterprise_y
    h = {
        "rectified": make_hazard(
            enterprise=x, reported_by=staff, status=HazardStatus.RECTIFIED, rectified_on=_days(-1)
        ),
        "rectified_y": make_hazard(enterprise=y, reported_by=staff, status=HazardStatus.RECTIFIED),
        "reported": make_hazard(enterprise=x, reported_by=staff),
        "closed": make_hazard(enterprise=x, reported_by=staff, status=HazardStatus.CLOSED),
    }
    documents = {
        "late": _order(x, inspector, [h["reported"], h["rectified"]], _days(-1)),
        "in_time": _order(x, inspector, [h["reported"]], _days(3)),
        "late_but_done": _order(y, inspector, [h["rectified_y"], h["closed"]], _days(-1)),
    }
    late = documents["late"]
    documents["superseded"] = _order(x, inspector, [h["reported"]], _days(-2))
    documents["correction"] = _order(x, inspector, [h["closed"]], _days(-2), supersedes=documents["superseded"])
    return h, documents, late


def test_the_inspector_lists_due_enterprises_rechecks_and_late_orders(world, inspector, inspector_records):
    h, documents, late = inspector_records
    Enterprise.objects.filter(pk=world.enterprise_y.pk).update(last_inspected_on=TODAY())

    todo = inspector_todo(inspector)

    assert _pks(todo["due"]) == {world.enterprise_x.pk}
    assert _pks(todo["rechecks"]) == {h["rectified"].pk, h["rectified_y"].pk}
    assert _pks(todo["orders"]) == {late.pk}


def test_the_inspectors_lists_agree_with_the_full_lists(client, world, inspector, inspector_records):
    client.force_login(inspector)
    todo = inspector_todo(inspector)

    for key in ("due", "rechecks", "orders"):
        response = client.get(todo[f"{key}_url"])
        assert response.status_code == 200, key
        assert _pks(response.context["page_obj"]) == _pks(todo[key]), key


def test_the_homes_due_rows_start_an_inspection_for_inspectors_only(client, world, inspector, grid_officer_a):
    start = f"{reverse('inspections:create')}?enterprise={world.enterprise_x.credit_code}"

    client.force_login(inspector)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{start}" aria-label="开始检查：{world.enterprise_x.name}"' in page

    client.force_login(grid_officer_a)  # the same rows on a grid officer's home, without the button
    page = client.get(reverse("home")).content.decode()
    assert world.enterprise_x.name in page and "开始检查" not in page


# Query counts: the same at 2 rows and at 20 ------------------------------------------------------------------------


def _queries(call):
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


@pytest.mark.parametrize("rows", [2, 20])
def test_the_enterprise_todo_takes_a_fixed_number_of_queries(
    world, staff, inspector, enterprise_user_x, rows, django_assert_max_num_queries
):
    _enterprise_rows(world, staff, inspector, rows)
    request = SimpleNamespace(user=enterprise_user_x)
    enterprise_todo(request, world.enterprise_x)  # the user's role and membership, read once per request

    with django_assert_max_num_queries(5):
        todo = enterprise_todo(request, world.enterprise_x)
    assert len(todo["overdue"]) == len(todo["due_soon"]) == len(todo["documents"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_officer_todo_takes_a_fixed_number_of_queries(world, grid_officer_a, rows, django_assert_max_num_queries):
    for _ in range(rows - 1):
        make_enterprise(grid_cell=world.village_a)
    officer_todo(grid_officer_a)

    with django_assert_max_num_queries(3):
        todo = officer_todo(grid_officer_a)
    assert len(todo["unfiled"]) == len(todo["due"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_inspector_todo_takes_a_fixed_number_of_queries(
    world, staff, inspector, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
        _order(world.enterprise_x, inspector, [hazard], _days(-1))
        make_hazard(enterprise=world.enterprise_y, reported_by=staff, status=HazardStatus.RECTIFIED)
    make_enterprise(grid_cell=world.village_b)  # three due
    inspector_todo(inspector)

    with django_assert_max_num_queries(5):  # the intervals, due, rechecks, orders, 双随机 tasks
        todo = inspector_todo(inspector)
    assert (len(todo["rechecks"]), len(todo["orders"]), len(todo["due"])) == (rows, rows, 3)


def test_the_home_pages_query_count_does_not_grow_with_the_lists(client, world, staff, inspector):
    def add(n):
        for _ in range(n):
            make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=HazardStatus.RECTIFIED)
            late = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
            _order(world.enterprise_x, inspector, [late], _days(-1))

    def measure():
        client.get(reverse("home"))  # the figures, kept between writes, are counted again after the writes
        return _queries(lambda: client.get(reverse("home")))

    client.force_login(inspector)
    add(2)
    few = measure()
    add(18)
    many = measure()

    assert len(client.get(reverse("home")).context["inspector_todo"]["orders"]) == 20
    assert many == few


# Links on the homes open for their viewers -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["enterprise_user_x", "grid_officer_a", "inspector"])
def test_every_link_of_a_home_opens_for_its_viewer(client, request, persona, enterprise_records):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("home"), follow=True)
    body = response.content.decode()

    links = {link.replace("&amp;", "&") for link in re.findall(r'href="(/[^"#]*)', body)}
    links = {link for link in links if not link.startswith("/static/")}
    # The to-do blocks' own links are among them.
    month = f"{TODAY():%Y-%m}"
    unfiled_url = f"{reverse('self_checks:coverage')}?filed=0&from_month={month}&to_month={month}"
    expected = {
        "enterprise_user_x": {reverse("hazards:new"), reverse("hazards:list") + "?overdue=1"},
        "grid_officer_a": {reverse("enterprises:due"), unfiled_url},
        "inspector": {reverse("enterprises:due"), reverse("documents:register") + "?kind=order&pending=overdue"},
    }[persona]
    assert expected <= links
    for link in sorted(links):
        assert client.get(link, follow=True).status_code == 200, link


def test_the_register_filters_orders_awaiting_rectification(client, world, inspector, inspector_records):
    h, documents, late = inspector_records
    client.force_login(inspector)

    awaiting = client.get(reverse("documents:register") + "?pending=1").context["page_obj"]
    overdue = client.get(reverse("documents:register") + "?pending=overdue").context["page_obj"]

    # Current orders with a hazard not yet rectified; the superseded one is not current, the last lists none.
    assert _pks(awaiting) == {late.pk, documents["in_time"].pk}
    assert _pks(overdue) == {late.pk}
