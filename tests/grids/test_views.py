from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from grids.models import GridAssignment, GridCell
from grids.services import grid_assign, grid_assignment_end
from tests.factories import make_cell


def test_bureau_sees_the_tree_from_the_city(client, world, staff):
    client.force_login(staff)

    response = client.get(reverse("grids:tree"))

    assert response.status_code == 200
    assert [r["cell"] for r in response.context["roots"]] == [world.city]
    assert [row["cell"] for row in response.context["rows"]] == [world.town1, world.town2]


def test_opening_a_cell_opens_its_ancestors(client, world, staff):
    client.force_login(staff)

    response = client.get(reverse("grids:tree"), {"open": world.cell_a.code})

    names = [row["cell"].name for row in response.context["rows"]]
    assert names == [world.town1.name, world.cell_a.name, world.village_a.name, world.town2.name]


def test_grid_officer_sees_their_own_subtree_only(client, world, grid_officer_a):
    client.force_login(grid_officer_a)

    assert [r["cell"] for r in client.get(reverse("grids:tree")).context["roots"]] == [world.cell_a]
    assert client.get(reverse("grids:detail", args=[world.village_a.code])).status_code == 200
    assert client.get(reverse("grids:detail", args=[world.cell_b.code])).status_code == 404
    assert client.get(reverse("grids:detail", args=[world.town1.code])).status_code == 404


def test_a_grid_officer_holding_two_cells_sees_both_and_loses_one_when_it_ends(
    client, world, bureau_admin, grid_officer_a
):
    assignment = grid_assign(
        cell=world.cell_b, user=grid_officer_a, capacity="member", start_date=date(2026, 1, 1), actor=bureau_admin
    )
    client.force_login(grid_officer_a)

    response = client.get(reverse("grids:tree"))
    assert [r["cell"] for r in response.context["roots"]] == [world.cell_a, world.cell_b]
    assert [r["cell"] for r in response.context["rows"]] == [
        world.cell_a,
        world.village_a,
        world.cell_b,
        world.village_b,
    ]
    assert f"四级网格 · {world.cell_a.name}、{world.cell_b.name}" in response.content.decode()
    assert client.get(reverse("grids:detail", args=[world.village_b.code])).status_code == 200

    grid_assignment_end(assignment=assignment, end_date=date(2026, 6, 30), actor=bureau_admin)

    assert [r["cell"] for r in client.get(reverse("grids:tree")).context["roots"]] == [world.cell_a]
    assert client.get(reverse("grids:detail", args=[world.village_b.code])).status_code == 404


def test_enterprise_users_see_no_grid(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    assert client.get(reverse("grids:tree")).status_code == 404
    assert client.get(reverse("grids:detail", args=[world.village_a.code])).status_code == 404


def test_cell_page_shows_path_people_and_history(client, world, bureau_admin, grid_officer_a):
    client.force_login(bureau_admin)
    url = reverse("grids:assign", args=[world.cell_a.code])
    client.post(url, {"user": grid_officer_a.pk, "capacity": "responsible", "start_date": "2026-01-01"})

    response = client.get(reverse("grids:detail", args=[world.cell_a.code]))

    assert [c.name for c in response.context["ancestors"]] == [world.city.name, world.town1.name]
    assert [a.user for a in response.context["current"]] == [grid_officer_a]
    assert response.context["self_row"]["covered"] == 1


def test_only_admins_assign(client, world, staff, grid_officer_a):
    client.force_login(staff)

    response = client.post(
        reverse("grids:assign", args=[world.cell_b.code]),
        {"user": grid_officer_a.pk, "capacity": "responsible", "start_date": "2026-01-01"},
    )

    assert response.status_code == 403
    assert not GridAssignment.objects.filter(cell=world.cell_b).exists()


def test_bad_assignment_input_changes_nothing_and_says_why(client, world, bureau_admin, staff):
    client.force_login(bureau_admin)

    response = client.post(
        reverse("grids:assign", args=[world.cell_a.code]),
        {"user": staff.pk, "capacity": "responsible", "start_date": "not-a-date"},
        follow=True,
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "请选择一名具有“网格责任人”角色的用户" in body
    assert not GridAssignment.objects.exists()


def test_unassigned_cells_are_listed_by_town(client, world, bureau_admin, grid_officer_a):
    # grid_officer_a is cell A's 责任人
    client.force_login(bureau_admin)

    response = client.get(reverse("grids:unassigned"))

    summary = {s["town"].name: s["missing"] for s in response.context["summary"]}
    assert summary == {world.town1.name: 2, world.town2.name: 3}
    assert world.cell_a not in list(response.context["page_obj"])


def test_grid_officers_cannot_see_the_chase_list(client, world, grid_officer_a):
    client.force_login(grid_officer_a)

    assert client.get(reverse("grids:unassigned")).status_code == 403


@pytest.mark.django_db
def test_tree_query_count_does_not_grow_with_the_grid(client, staff, django_assert_max_num_queries):
    city = make_cell(code="330381", name="瑞安市")
    town = make_cell(parent=city)
    make_cell(parent=make_cell(parent=town))
    client.force_login(staff)
    client.get(reverse("grids:tree"))  # warm the session and role lookups

    with django_assert_max_num_queries(20) as small:
        client.get(reverse("grids:tree"), {"open": town.code})

    for level in (4, 3, 2, 1):
        GridCell.objects.filter(level=level).delete()
    call_command("load_grid")
    town = GridCell.objects.towns().first()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("grids:tree"), {"open": town.code})
    assert len(response.context["rows"]) == 15 + 8


@pytest.mark.parametrize("code", ["%00", "330381%00", "%E2%80%AE330381", "３３０３８１", "330381%20", "x" * 33])
def test_a_code_that_is_no_grid_code_is_the_portals_404(world, bureau_admin, grid_officer_a, code):
    client = Client(raise_request_exception=False)
    client.force_login(bureau_admin)
    before = GridAssignment.objects.count()

    for response in (
        client.get(f"/grids/{code}/"),
        client.post(f"/grids/{code}/assign/", {"user": grid_officer_a.pk, "capacity": "responsible"}),
        client.post(f"/grids/{code}/assignments/1/end/", {"end_date": "2026-01-01"}),
    ):
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()
    assert GridAssignment.objects.count() == before
