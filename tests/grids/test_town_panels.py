"""A town's page, seen by the bureau, reads its panels' figures from the summary rows and the town's enterprises
(enterprises/grid_panels.py, hazards/panels.py): they equal a count over the town's part of the grid, which the lists
they open filter by, also after a community moves to another town."""

from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone

from enterprises.grid_panels import enterprises_by_grade_panel
from enterprises.models import Enterprise, EnterpriseStatus
from enterprises.stats import grade_counts
from grids.services import grid_cell_save
from hazards.models import Hazard, HazardStatus
from hazards.panels import grid_panel
from tests.factories import make_enterprise, make_hazard


def panels(user, town):
    request = RequestFactory().get("/")
    request.user = user
    return enterprises_by_grade_panel(request, town), grid_panel(request, town)


def over_the_grid(town):
    enterprises = Enterprise.objects.in_grid(town).operating()
    hazards = Hazard.objects.filter(enterprise__grid_cell__path__startswith=town.path)
    overdue = hazards.overdue().order_by("rectification_deadline")
    return grade_counts(enterprises), enterprises.count(), hazards.open().count(), overdue.count(), list(overdue[:10])


def test_a_towns_panels_equal_a_count_over_its_grid(world, staff, bureau_admin, django_assert_max_num_queries):
    today = timezone.localdate()
    make_enterprise(grid_cell=world.town1, name="镇街网格上的企业", grade="red")
    on_a = make_enterprise(grid_cell=world.cell_a, name="工作片上的企业", grade="yellow")
    make_enterprise(grid_cell=world.village_a, name="已注销企业", status=EnterpriseStatus.CLOSED)
    for enterprise, days, status in [
        (world.enterprise_x, -3, HazardStatus.REPORTED),
        (world.enterprise_x, 5, HazardStatus.RECTIFYING),
        (on_a, -10, HazardStatus.RECTIFIED),
        (on_a, -20, HazardStatus.CLOSED),
        (world.enterprise_y, -1, HazardStatus.REPORTED),
    ]:
        make_hazard(enterprise=enterprise, reported_by=staff, rectification_deadline=today + timedelta(days=days))
        Hazard.objects.filter(pk=Hazard.objects.latest("pk").pk).update(status=status)

    for moved in (False, True):
        if moved:  # the community, its village and their enterprises and hazards go to the other town
            world.cell_a.parent = world.town2
            grid_cell_save(cell=world.cell_a, actor=bureau_admin)
        for town in (world.town1, world.town2):
            town.refresh_from_db()
            with django_assert_max_num_queries(4):
                enterprises, hazards = panels(staff, town)
            grades, registered, open_, overdue, listed = over_the_grid(town)
            assert enterprises["grade_counts"] == grades
            assert enterprises["registered"].value == registered
            assert (hazards["open"].value, hazards["overdue_figure"].value) == (open_, overdue)
            assert list(hazards["overdue"]) == listed
    # Not 0 == 0: town2 at the end holds Y, X and the one on cell_a (the closed one out), and their hazards.
    assert (registered, open_, overdue) == (3, 4, 3)
