"""The enterprise edit form shows what it will save: the grid cell as its code, as the field is typed."""

import pytest

from bureau.unchanged import unchanged
from enterprises.forms import EnterpriseForm
from enterprises.models import Enterprise, SpecialCategory

pytestmark = pytest.mark.django_db


def test_the_grid_code_field_starts_with_the_cells_code_not_its_id(world):
    enterprise = world.enterprise_x
    form = EnterpriseForm(instance=enterprise)

    assert form["grid_cell"].value() == enterprise.grid_cell.code
    assert f'value="{enterprise.grid_cell.code}"' in str(form["grid_cell"])
    assert str(enterprise.grid_cell.pk) != enterprise.grid_cell.code  # the two must differ for the test to mean much


def test_an_initial_given_by_the_caller_wins(world):
    form = EnterpriseForm(instance=world.enterprise_x, initial={"grid_cell": world.enterprise_y.grid_cell.code})

    assert form["grid_cell"].value() == world.enterprise_y.grid_cell.code


def test_unchanged_tells_a_stored_row_from_an_edited_one(world):
    enterprise = Enterprise.objects.get(pk=world.enterprise_x.pk)
    assert unchanged(enterprise)
    linked = list(enterprise.special_categories.all())
    assert unchanged(enterprise, special_categories=linked)
    other = SpecialCategory.objects.exclude(pk__in=[c.pk for c in linked]).first()
    assert not unchanged(enterprise, special_categories=[*linked, other])

    enterprise.address = enterprise.address + "（新址）"
    assert not unchanged(enterprise)
    assert not unchanged(Enterprise(name="未保存"))
