"""The assessment lists the dashboard's figures open (issue #15): accountability counts people for the two kinds the
dashboard counts in people, records otherwise; the bulletin list carries its total."""

from datetime import date

import pytest
from django.urls import reverse

from bureau.assessment.bulletins import bulletin_correction_draft, bulletin_draft
from bureau.assessment.scoring import compute_ranking
from bureau.assessment.services import bulletin_publish
from bureau.quarters import Quarter
from inspections.accidents.models import Accountability
from tests.totals import data_total

URL = "accidents:follow_ups"


@pytest.fixture
def records(staff):
    """Criminal: 3 + 2 people this year, 4 last year; discipline: 5 people this year; two bulletins this year."""
    for day, kind, people in [
        (date(2026, 3, 1), "criminal", 3),
        (date(2026, 5, 1), "criminal", 2),
        (date(2025, 6, 1), "criminal", 4),
        (date(2026, 4, 1), "discipline", 5),
        (date(2026, 2, 1), "bulletin", 1),
        (date(2026, 6, 1), "bulletin", 1),
    ]:
        Accountability.objects.create(date=day, kind=kind, person_count=people, summary="追责", recorded_by=staff)


PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}


@pytest.mark.parametrize(
    ("params", "total", "text"),
    [
        # The dashboard's links: start, end and kind, as trail_figures builds them.
        ({**PERIOD, "kind": "criminal"}, 5, "共 5 人（2 条记录）"),
        ({**PERIOD, "kind": "discipline"}, 5, "共 5 人（1 条记录）"),
        ({**PERIOD, "kind": "bulletin"}, 2, "共 2 条记录"),
        ({"kind": "criminal"}, 9, "共 9 人（3 条记录）"),
        (PERIOD, 5, "共 5 条记录"),
        ({}, 6, "共 6 条记录"),
        ({"start": "2026-05-01", "end": "2026-05-01", "kind": "criminal"}, 2, "共 2 人（1 条记录）"),
        ({"start": "2027-01-01", "kind": "discipline"}, 0, "共 0 人（0 条记录）"),
    ],
)
def test_the_total_is_people_for_criminal_and_discipline_records_otherwise(client, records, staff, params, total, text):
    client.force_login(staff)

    response = client.get(reverse(URL), params)

    assert data_total(response) == total
    assert text in response.content.decode()


def test_the_people_total_matches_the_dashboard_sum(client, records, staff):
    client.force_login(staff)

    response = client.get(reverse(URL), {**PERIOD, "kind": "criminal"})

    assert data_total(response) == response.context["totals"]["criminal"] == 5
    assert len(response.context["page_obj"]) == 2


def test_the_bulletin_list_carries_its_total(client, world, staff, inspector):
    client.force_login(staff)
    assert data_total(client.get(reverse("bulletins:list"))) == 0

    ranking = compute_ranking(Quarter(2026, 1))
    published = bulletin_publish(bulletin=bulletin_draft(ranking=ranking, actor=staff), actor=staff)
    bulletin_correction_draft(corrects=published, reason="更正一处笔误", actor=staff)

    # Staff see the draft too; an inspector only the published one.
    assert data_total(client.get(reverse("bulletins:list"))) == 2
    client.force_login(inspector)
    assert data_total(client.get(reverse("bulletins:list"))) == 1
