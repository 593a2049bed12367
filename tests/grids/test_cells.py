import pytest
from django.core.exceptions import ValidationError

from grids.models import GridCell
from grids.services import grid_cell_save
from tests.factories import make_cell


def test_a_subtree_is_one_prefix_query_on_a_deep_cell(world, django_assert_num_queries):
    deep = make_cell(parent=world.village_a.parent, name="另一个村")

    with django_assert_num_queries(1):
        under_a = list(GridCell.objects.subtree(world.cell_a).values_list("name", flat=True))

    assert set(under_a) == {world.cell_a.name, world.village_a.name, deep.name}
    assert list(GridCell.objects.subtree(world.village_a)) == [world.village_a]


def test_a_childs_level_is_its_parents_plus_one(world):
    cell = GridCell(code="X1", name="跳级", level=4, parent=world.town1)

    with pytest.raises(ValidationError) as excinfo:
        cell.full_clean()

    assert "网格级别必须比上级网格低一级" in str(excinfo.value)


def test_a_level_one_cell_has_no_parent(world):
    cell = GridCell(code="X2", name="第二个城市", level=1, parent=world.city)

    with pytest.raises(ValidationError) as excinfo:
        cell.full_clean()

    assert "一级网格不能有上级网格" in str(excinfo.value)


def test_other_levels_need_a_parent(db):
    with pytest.raises(ValidationError) as excinfo:
        GridCell(code="X3", name="孤儿", level=2).full_clean()

    assert "都必须有上级网格" in str(excinfo.value)


def test_a_cell_cannot_become_its_own_ancestor(world):
    world.town1.parent = world.village_a
    world.town1.level = 5

    with pytest.raises(ValidationError) as excinfo:
        world.town1.full_clean()

    assert "网格不能成为自己的上级" in str(excinfo.value)


def test_codes_are_unique(world):
    with pytest.raises(ValidationError) as excinfo:
        GridCell(code=world.cell_a.code, name="重复", level=3, parent=world.town1).full_clean()

    assert "网格编码已存在" in str(excinfo.value)


def test_moving_a_cell_moves_its_subtree(world, bureau_admin):
    world.cell_a.parent = world.town2
    grid_cell_save(cell=world.cell_a, actor=bureau_admin)

    world.village_a.refresh_from_db()
    assert world.village_a.path.startswith(world.town2.path)
    assert world.village_a in GridCell.objects.subtree(world.town2)
    assert world.village_a not in GridCell.objects.subtree(world.town1)


def test_moving_a_cell_takes_its_enterprises_to_the_new_town(world, bureau_admin):
    from enterprises.models import Enterprise

    assert world.enterprise_x.town == world.town1
    world.cell_a.parent = world.town2
    grid_cell_save(cell=world.cell_a, actor=bureau_admin)

    assert Enterprise.objects.get(pk=world.enterprise_x.pk).town == world.town2
    assert Enterprise.objects.get(pk=world.enterprise_y.pk).town == world.town2  # under B all along
    assert set(Enterprise.objects.filter(town=world.town1)) == set()
