"""`seed_demo --scale small` (what `make run` loads): consistent data that reproduces the seed's figures.

The command runs once for the module, inside a transaction rolled back at the end; each test runs in a savepoint.
"""

from collections import defaultdict
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from django.urls import Resolver404, resolve
from django.utils import timezone

from bench.ranking_sql import ranking_totals
from bureau.assessment.models import Bulletin, PreDeduction, Ranking
from bureau.dashboard.figures import officer_watch_list
from bureau.demo.publication import seed_draw_results
from bureau.figures import Period, count_values
from bureau.quarters import Quarter
from enterprises import due_summary, summary
from enterprises.models import Enterprise, Industry
from grids.models import GridCell, GridLevel
from hazards import deadline_summary, major_summary, trend_summary
from hazards import summary as hazard_summary
from hazards.models import Hazard, HazardEvent, HazardStatus, SelfCheck
from inspections.accidents.models import Accident, Accountability, Investigation
from inspections.campaigns.models import Campaign
from inspections.campaigns.progress import campaign_progress
from inspections.enforcement.models import Case, Document, DocumentSequence
from inspections.planning.models import Draw, OfficerConflict, OfficerCredential
from inspections.planning.plan_models import PlanStatus, SupervisionPlan
from inspections.planning.plans import plan_figures
from inspections.planning.record import verify
from tests.demo import demo_seeded


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_seeded(django_db_blocker, tmp_path_factory):
        yield


pytestmark = pytest.mark.usefixtures("seeded", "db")


KINDS = ["criminal", "discipline", "bulletin"]
ENFORCEMENT = [
    "inspections.visits",
    "inspections.inspector_visits",
    "hazards.found_by_inspection",
    "hazards.rectified_of_found",
    "documents.suspended_enterprises",
    "cases.opened",
    "documents.fines",
    "inspections.expert_visits",
    "talks.non_coal_mine",
    "talks.chemicals",
]


def test_the_real_grid_and_the_small_registry():
    assert GridCell.objects.count() == 1875
    assert Enterprise.objects.count() == 402  # the two named ones and 400 more


def test_the_registry_summary_rows_equal_a_fresh_count():
    assert summary.drift() == {} and sum(summary.kept_counts().values()) == Enterprise.objects.count()


def test_the_hazard_summary_rows_equal_a_fresh_count():
    assert hazard_summary.drift() == {} and sum(hazard_summary.kept_counts().values()) == Hazard.objects.count()


def test_the_open_hazards_deadline_rows_equal_a_fresh_count():
    kept = deadline_summary.kept_counts()
    assert deadline_summary.drift() == {} and sum(kept.values()) == Hazard.objects.open().count() > 0


def test_the_open_major_hazards_rows_equal_a_fresh_count():
    kept = major_summary.kept_counts()
    assert major_summary.drift() == {} and sum(kept.values()) == Hazard.objects.open().filter(level="major").count() > 0


def test_the_major_hazards_day_rows_equal_a_fresh_count():
    found = sum(n for (event, *_), n in trend_summary.kept_counts().items() if event == "found")
    closed = sum(n for (event, *_), n in trend_summary.kept_counts().items() if event == "closed")
    majors = Hazard.objects.filter(level="major")
    assert trend_summary.drift() == {}
    assert found == majors.count() > closed == majors.exclude(closed_at=None).count() > 0


def test_the_last_inspected_rows_equal_a_fresh_count():
    kept = due_summary.kept_counts()
    operating = Enterprise.objects.exclude(status="closed").count()
    assert due_summary.drift() == {} and sum(kept.values()) == operating > 0


def test_the_registry_has_food_processors_and_cold_stores():
    """GB/T 4754 trades the import now takes (C13 农副食品加工业, G5930 低温仓储) show in the demo registry."""
    for industry, word in ((Industry.AGRI_FOOD, "农副产品"), (Industry.COLD_STORAGE, "冷链物流")):
        enterprises = Enterprise.objects.filter(industry=industry)
        assert enterprises.count() >= 3
        assert all(word in name for name in enterprises.values_list("name", flat=True))


def test_every_enterprise_sits_in_a_village_and_its_town_is_its_cells_town():
    towns = dict(GridCell.objects.towns().values_list("code", "pk"))
    for enterprise in Enterprise.objects.select_related("grid_cell"):
        assert enterprise.grid_cell.level == GridLevel.VILLAGE, enterprise
        assert enterprise.town_id == towns[enterprise.grid_cell.path.split("/")[1]], enterprise


def test_every_hazards_enterprise_is_in_the_grid():
    assert not Hazard.objects.exclude(enterprise__grid_cell__level=GridLevel.VILLAGE).exists()


def test_each_hazards_events_lead_step_by_step_to_its_status():
    timelines = defaultdict(list)
    for event in HazardEvent.objects.order_by("at", "id"):
        timelines[event.hazard_id].append(event)
    hazards = list(Hazard.objects.all())
    assert {h.status for h in hazards} == set(HazardStatus)  # every state is there
    for hazard in hazards:
        events = [e for e in timelines[hazard.pk] if e.to_status]
        assert events, hazard
        assert events[-1].to_status == hazard.status, hazard
        assert events[0].from_status == "" and events[0].to_status == HazardStatus.REPORTED, hazard
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_status == before.to_status, hazard


def test_closed_hazards_have_closed_at_and_open_ones_do_not():
    assert not Hazard.objects.filter(status=HazardStatus.CLOSED, closed_at__isnull=True).exists()
    assert not Hazard.objects.exclude(status=HazardStatus.CLOSED).filter(closed_at__isnull=False).exists()
    assert Hazard.objects.overdue().exists()


def test_documents_are_numbered_without_gaps_per_kind_and_year():
    numbers = defaultdict(list)
    for kind, year, sequence in Document.objects.values_list("kind", "year", "sequence"):
        numbers[kind, year].append(sequence)
    assert numbers
    for (kind, year), sequences in numbers.items():
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), (kind, year)
        assert DocumentSequence.objects.get(kind=kind, year=year).last_number == len(sequences)


def test_each_ranking_has_one_row_per_town_and_a_bulletin_is_published():
    towns = GridCell.objects.towns().count()
    rankings = Ranking.objects.annotate(rows_n=Count("rows"), towns_n=Count("rows__town", distinct=True))
    assert rankings.count() == 3
    for ranking in rankings:
        assert ranking.rows_n == ranking.towns_n == towns
    assert Bulletin.objects.filter(status=Bulletin.Status.PUBLISHED).count() == 1


def test_the_quarter_just_ended_is_left_to_rank_and_the_one_before_is_ranked_and_published():
    last = Quarter.last_ended(timezone.localdate())
    before = last.previous()

    assert not Ranking.objects.filter(year=last.year, quarter=last.number).exists()
    ranked = Ranking.objects.get(year=before.year, quarter=before.number)
    published = Bulletin.objects.get(status=Bulletin.Status.PUBLISHED)
    assert published.ranking == ranked
    assert Accident.objects.filter(date__range=(last.start, last.end)).count() == 2  # the quarter's own records
    assert PreDeduction.objects.filter(year=last.year, quarter=last.number).count() == 3


def test_the_accidents_are_reported_investigated_and_followed_up():
    today = timezone.localdate()
    this_year = Accountability.objects.filter(date__year=today.year)
    people = {kind: sum(this_year.filter(kind=kind).values_list("person_count", flat=True)) for kind in KINDS}
    assert people == {"criminal": 6, "discipline": 14, "bulletin": 16}
    assert this_year.filter(kind="bulletin").count() == 16
    # The follow-ups hang on accidents before the quarters the demo ranks, so the rankings are as before.
    first_ranked = min(Quarter(r.year, r.quarter) for r in Ranking.objects.all())
    assert all(record.accident.date < first_ranked.start for record in this_year)
    penalty = Accountability.objects.get(kind="penalty")
    assert penalty.case is not None and penalty.case.enterprise_id == penalty.accident.enterprise_id
    assert Accident.objects.late().count() == 1
    assert Investigation.objects.filter(status="approved").exists()
    open_one = Investigation.objects.get(status="draft")
    assert open_one.due_on > today and open_one.accident.enterprise.memberships.filter(user__username="ent_a")


def test_ent_a_has_this_months_self_check_to_file_and_filed_the_months_before():
    today = timezone.localdate()
    ent_a = get_user_model().objects.get(username="ent_a")
    own = SelfCheck.objects.filter(enterprise__memberships__user=ent_a)

    assert not own.filter(year=today.year, month=today.month).exists()
    assert own.exclude(year=today.year, month=today.month).exists()
    assert SelfCheck.objects.filter(year=today.year, month=today.month).exists()  # the others filed as before


def test_grid_a_chased_ent_as_overdue_hazard_and_has_more_to_chase():
    users = get_user_model().objects
    grid_a, ent_a = users.get(username="grid_a"), users.get(username="ent_a")
    chase = HazardEvent.objects.get(action="chase")

    assert chase.actor == grid_a and chase.hazard.is_overdue
    assert ent_a.notifications.get(key__startswith="chase:").url == chase.hazard.get_absolute_url()
    assert chase.hazard.enterprise.safety_phone  # the phone to ring, on the hazard's page
    watch = officer_watch_list(grid_a)
    rows = {h.pk: h for h in watch["overdue"] + watch["due_soon"]}
    assert rows[chase.hazard_id].chased_today  # on grid_a's home: 今天已催办
    assert any(h.chaseable and not h.chased_today for h in rows.values())  # and a 催办 button left to press


def test_the_seeds_figures_to_the_end_of_august():
    today = timezone.localdate()
    year = today.year if today >= date(today.year, 9, 1) else today.year - 1

    staff = get_user_model().objects.get(username="staff")
    figures = count_values(ENFORCEMENT, staff, Period(date(year, 1, 1), date(year, 8, 31)))

    assert figures["inspections.visits"] == 521
    assert figures["inspections.inspector_visits"] == 1042
    assert (figures["hazards.found_by_inspection"], figures["hazards.rectified_of_found"]) == (166, 158)
    assert (figures["documents.suspended_enterprises"], figures["cases.opened"], figures["documents.fines"]) == (
        3,
        2,
        50000,
    )
    assert figures["inspections.expert_visits"] == 27
    assert (figures["talks.non_coal_mine"], figures["talks.chemicals"]) == (2, 6)
    _, total = campaign_progress(Campaign.objects.get(name="危化品罐区专项整治"))
    assert (total["targets"], total["visits"], total["inspector_visits"]) == (14, 15, 45)
    assert (total["found"], total["orders"], total["suspensions"]) == (38, 6, 1)


def test_the_last_inspection_of_every_inspected_enterprise_is_its_latest_record():
    inspected = Enterprise.objects.filter(inspections__isnull=False)
    latest = dict(inspected.values_list("pk").annotate(Max("inspections__date")))
    stored = dict(Enterprise.objects.filter(pk__in=latest).values_list("pk", "last_inspected_on"))
    assert latest and stored == latest


def test_the_benchmarks_hand_written_sql_gives_compute_rankings_totals():
    quarter = Quarter.last_ended(timezone.localdate()).previous()  # the newest ranked quarter
    ranking = Ranking.objects.get(year=quarter.year, quarter=quarter.number)

    totals = {town: row["total"] for town, row in ranking_totals(quarter).items()}

    assert totals == {row.town_id: row.total for row in ranking.rows.all()}


def test_the_benchmarks_bare_view_is_not_mounted_in_tests(settings):
    assert settings.BENCH_BARE_VIEW is False, "BENCH_BARE_VIEW is for `make bench` only: unset it to run the tests"
    with pytest.raises(Resolver404):
        resolve("/bench/bare/")


def test_the_demo_has_a_roster_and_run_draws_that_verify():
    draws = list(Draw.objects.order_by("pk"))
    assert len(draws) == 2  # bureau.demo.draws's, and the yearly plan's second (bureau.demo.plans)
    assert OfficerCredential.objects.count() == len(draws[0].roster) >= 5
    assert OfficerConflict.objects.exists()
    for draw in draws:
        assert draw.run_or_none() is not None and draw.drawn.count() == draw.size > 0
        assert verify(draw) is None


def test_the_demo_has_this_years_approved_plan_with_its_draws_and_progress():
    year = timezone.localdate().year
    plan = SupervisionPlan.objects.get(year=year)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by.username == "staff"
    assert Draw.objects.filter(year=year).count() == 2
    figures = plan_figures(plan)
    assert figures.total > 0 and figures.done_total > 0
    assert sum(row["planned"] for row in figures.towns()) == figures.total


def test_the_draw_results_are_given_once():
    """A second seed leaves the plan's unpublished draw alone: no second drawn inspection, no second case."""
    cases, draws_published = Case.objects.count(), Draw.objects.filter(publication__isnull=False).count()

    seed_draw_results()

    assert Case.objects.count() == cases
    assert Draw.objects.filter(publication__isnull=False).count() == draws_published == 1
