"""A grid officer's scope is the union of the cells they hold today (grids.permissions.held_paths), on every page
that lists what is theirs: enterprises, open hazards, the home page's figures, the registry export, the overdue
notices. A third cell assigned adds to the two; an assignment ended takes only its own cell away."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import Notification
from bureau.figures import REGISTRY
from bureau.roles import Role
from grids.services import grid_assign, grid_assignment_end
from hazards.notices import hazard_deadline_notices
from tests.factories import make_cell, make_enterprise, make_hazard, make_user
from tests.totals import figure_values

TODAY = timezone.localdate()


@pytest.fixture
def z(world):
    """A third town with its own village and enterprise Z."""
    town = make_cell(parent=world.city, name="东山街道")
    village = make_cell(parent=make_cell(parent=town, name="东山第一工作片"), name="东山第一工作片第1网格")
    return make_enterprise(grid_cell=village, name="企业Z")


@pytest.fixture
def officer(db):
    return make_user(Role.GRID_OFFICER, username="grid_two_cells")


def assign(cell, officer, admin):
    return grid_assign(cell=cell, user=officer, capacity="responsible", start_date=TODAY, actor=admin)


def overdue_hazard(enterprise, staff, location):
    """Open, and past its deadline since yesterday."""
    return make_hazard(
        enterprise=enterprise, reported_by=staff, location=location, rectification_deadline=TODAY - timedelta(days=1)
    )


def seen(client):
    """What the officer's pages show: enterprise names, open hazards' locations, the home page's figures and the
    names in the registry export."""
    enterprises = {e.name for e in client.get(reverse("enterprises:list")).context["page_obj"]}
    hazards = {h.location for h in client.get(reverse("hazards:list")).context["page_obj"]}
    figures = {REGISTRY[key].label: value for key, value in figure_values(client.get(reverse("home"))).items()}
    export = client.get(reverse("enterprises:export_csv"))
    content = b"".join(export.streaming_content) if export.streaming else export.content
    exported = {name for name in ("企业X", "企业Y", "企业Z") if name in content.decode("utf-8-sig")}
    return {
        "enterprises": enterprises,
        "hazards": hazards,
        "figures": (figures["在册生产经营单位"], figures["未销号隐患"], figures["逾期隐患"]),
        "exported": exported,
    }


def notified(officer):
    return set(Notification.objects.filter(user=officer, key__startswith="overdue:").values_list("url", flat=True))


def test_the_scope_is_the_cells_held_added_to_and_taken_from_one_by_one(client, world, z, officer, staff, bureau_admin):
    hazards = {
        name: overdue_hazard(enterprise, staff, f"{name}车间")
        for name, enterprise in (("X", world.enterprise_x), ("Y", world.enterprise_y), ("Z", z))
    }
    url = {name: hazard.get_absolute_url() for name, hazard in hazards.items()}
    client.force_login(officer)

    # Two cells, of two towns.
    assign(world.village_a, officer, bureau_admin)
    held_b = assign(world.cell_b, officer, bureau_admin)
    hazard_deadline_notices(TODAY)
    assert seen(client) == {
        "enterprises": {"企业X", "企业Y"},
        "hazards": {"X车间", "Y车间"},
        "figures": (2, 2, 2),
        "exported": {"企业X", "企业Y"},
    }
    assert notified(officer) == {url["X"], url["Y"]}
    assert client.get(reverse("enterprises:detail", args=[z.pk])).status_code == 404

    # A third: the two kept, the third added.
    assign(z.grid_cell.parent, officer, bureau_admin)
    hazard_deadline_notices(TODAY)
    assert seen(client) == {
        "enterprises": {"企业X", "企业Y", "企业Z"},
        "hazards": {"X车间", "Y车间", "Z车间"},
        "figures": (3, 3, 3),
        "exported": {"企业X", "企业Y", "企业Z"},
    }
    assert notified(officer) == {url["X"], url["Y"], url["Z"]}

    # Cell B handed over: only its enterprise goes, and no new notice of it comes.
    grid_assignment_end(assignment=held_b, end_date=TODAY, actor=bureau_admin)
    later = {
        name: overdue_hazard(e, staff, f"{name}仓库")
        for name, e in (("X", world.enterprise_x), ("Y", world.enterprise_y))
    }
    hazard_deadline_notices(TODAY)
    assert seen(client) == {
        "enterprises": {"企业X", "企业Z"},
        "hazards": {"X车间", "Z车间", "X仓库"},
        "figures": (2, 3, 3),
        "exported": {"企业X", "企业Z"},
    }
    assert notified(officer) == {url["X"], url["Y"], url["Z"], later["X"].get_absolute_url()}
    assert client.get(reverse("enterprises:detail", args=[world.enterprise_y.pk])).status_code == 404
    assert client.get(url["Y"]).status_code == 404
