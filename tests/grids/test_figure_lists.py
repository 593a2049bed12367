"""The grid pages' totals (issue #15): the tree counts every cell the viewer sees, the unassigned list its rows."""

from django.urls import reverse

from grids.models import GridCell
from tests.factories import make_cell
from tests.totals import data_total


def test_the_tree_counts_every_cell_the_viewer_sees(client, world, staff, grid_officer_a, grid_officer_b):
    make_cell(parent=world.cell_a)
    make_cell(parent=world.cell_a)

    client.force_login(staff)
    assert data_total(client.get(reverse("grids:tree"))) == GridCell.objects.count() == 9
    # Opening a branch changes what is shown, not what is counted.
    assert data_total(client.get(reverse("grids:tree"), {"open": world.town1.code})) == 9

    client.force_login(grid_officer_a)
    assert data_total(client.get(reverse("grids:tree"))) == 4  # cell A, its village and the two new ones
    client.force_login(grid_officer_b)
    assert data_total(client.get(reverse("grids:tree"))) == 2


def test_the_unassigned_list_counts_its_rows(client, world, staff, grid_officer_a):
    # Cell A has a grid officer; the other six cells have none.
    client.force_login(staff)

    response = client.get(reverse("grids:unassigned"))
    assert data_total(response) == 6 == len(response.context["page_obj"])

    in_town1 = client.get(reverse("grids:unassigned"), {"town": world.town1.code})
    assert data_total(in_town1) == 2  # town 1 and A's village
    assert len(in_town1.context["page_obj"]) == 2
