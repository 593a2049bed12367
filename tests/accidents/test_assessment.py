"""The quarterly assessment reads the accidents recorded here as it read its own: by the day they happened, the
accidents and deaths of each town; follow-ups count in the dashboard by their date, whatever their accident."""

from datetime import timedelta

from bureau.assessment import indicators
from bureau.figures import REGISTRY
from inspections.accidents.models import Accident
from tests.accidents.helpers import at, report
from tests.assessment.builders import last_ended_quarter


def test_a_reported_accident_counts_in_the_quarter_of_its_day_like_an_old_record(world, inspector):
    quarter = last_ended_quarter()
    Accident.objects.create(
        date=quarter.start + timedelta(days=3),
        enterprise=world.enterprise_x,
        deaths=1,
        summary="旧",
        recorded_by=inspector,
    )
    # 00:30 in Shanghai on the quarter's last day is the day before in UTC: it counts by the bureau's day.
    report(world.enterprise_x, inspector, occurred_at=at(quarter.end, 0, 30), deaths=2)
    report(world.enterprise_x, inspector, occurred_at=at(quarter.end + timedelta(days=1), 0, 30), deaths=5)

    counts = indicators.accidents(quarter)

    assert counts[world.enterprise_x.town_id] == (2, {"accidents": 2, "deaths": 3})


def test_the_accountability_figures_are_this_apps(world):
    assert {"accountability.criminal", "accountability.discipline", "accountability.bulletin"} <= set(REGISTRY)
    assert REGISTRY["accountability.criminal"].list_name == "accidents:follow_ups"
