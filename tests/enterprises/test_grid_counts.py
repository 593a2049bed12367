"""The grid pages' 企业数 column: towns and the city read from the registry's summary rows, and the figures equal a
fresh count of the enterprises under each cell, wherever the enterprises sit in the tree."""

from enterprises.grid_panels import enterprise_counts
from enterprises.models import Enterprise, EnterpriseStatus
from grids.services import grid_cell_save
from tests.factories import make_enterprise


def fresh(cells):
    return {cell.pk: Enterprise.objects.filter(grid_cell__path__startswith=cell.path).count() for cell in cells}


def test_subtree_counts_equal_a_fresh_count_at_every_level(world, django_assert_max_num_queries):
    make_enterprise(grid_cell=world.city, name="市级网格上的企业")  # no town: counted for the city only
    make_enterprise(grid_cell=world.town1, name="镇街网格上的企业")
    make_enterprise(grid_cell=world.cell_a, name="工作片上的企业", status=EnterpriseStatus.CLOSED)
    cells = [world.city, world.town1, world.town2, world.cell_a, world.village_a, world.village_b]
    with django_assert_max_num_queries(2):
        counts = enterprise_counts(cells)
    assert counts == fresh(cells)
    assert counts[world.city.pk] == 5 and counts[world.town1.pk] == 3


def test_subtree_counts_follow_a_community_moved_to_another_town(world, bureau_admin):
    make_enterprise(grid_cell=world.cell_a)
    world.cell_a.parent = world.town2
    grid_cell_save(cell=world.cell_a, actor=bureau_admin)
    cells = [world.city, world.town1, world.town2, world.cell_a, world.village_a]
    counts = enterprise_counts(cells)
    assert counts == fresh(cells)
    assert (counts[world.town1.pk], counts[world.town2.pk]) == (0, 3)  # X and the enterprise on cell_a moved with it, Y
