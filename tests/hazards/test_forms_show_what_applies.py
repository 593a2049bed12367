"""The hazard form shows the major-hazard plan only for 重大 (a script hides it; the page works without it) and the
server still requires the plan; the self-check form offers the first month not yet filed."""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hazards.criteria_models import MajorHazardCriterion
from hazards.models import MAJOR_PLAN_FIELDS, Hazard, SelfCheck
from hazards.self_checks import first_unfiled_month
from tests.hazards.test_photos import report_data

PLAN = {name: f"方案 {name}" for name in MAJOR_PLAN_FIELDS}


def _major():
    """An item any 工贸 enterprise may meet (特种作业人员未持证上岗): choosing it makes a hazard major."""
    return {"criterion": MajorHazardCriterion.objects.get(code="gm2023-3-2").pk}


def _months_ago(today, n):
    index = today.year * 12 + today.month - 1 - n
    return index // 12, index % 12 + 1


def _file(enterprise, user, year, month):
    return SelfCheck.objects.create(
        enterprise=enterprise, year=year, month=month, found_nothing=True, submitted_by=user
    )


# The major-hazard plan --------------------------------------------------------------------------------------------


def test_the_plan_fields_are_marked_for_the_script_and_shown_without_it(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    body = client.get(reverse("hazards:new")).content.decode()

    # The level follows the criterion (判定依据): the plan shows while an item is chosen.
    assert re.search(r'<select[^>]*name="criterion"[^>]*data-major-criterion|<select[^>]*data-major-criterion', body)
    for name in MAJOR_PLAN_FIELDS:
        textarea = re.search(rf"<textarea[^>]*name=\"{name}\"[^>]*>", body)
        assert textarea and "data-major-plan" in textarea[0], name
        # Hidden only by the script: the server's page hides none of them.
        assert f'id="div_id_{name}" hidden' not in body
    assert re.search(r'<script src="[^"]*js/major-plan\.js"></script>', body)
    assert "<script>" not in body  # no inline script (CSP)


def test_the_script_toggles_on_the_marked_criterion_and_keeps_refused_fields_in_view():
    script = Path(settings.BASE_DIR, "static", "js", "major-plan.js").read_text()

    assert "data-major-criterion" in script and "[data-major-plan]" in script
    assert "is-invalid" in script  # a field the server refused is never hidden


def test_a_major_hazard_without_its_plan_is_refused_even_when_the_fields_were_hidden(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = client.post(reverse("hazards:new"), report_data(**_major()))

    assert response.status_code == 200
    body = response.content.decode()
    for name in MAJOR_PLAN_FIELDS:
        # Each refused field carries is-invalid, which keeps it in view whatever the script does.
        textarea = re.search(rf"<textarea[^>]*name=\"{name}\"[^>]*>", body)
        assert "is-invalid" in textarea[0], name
    assert not Hazard.objects.exists()


def test_a_major_hazard_with_its_plan_is_reported(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    client.post(reverse("hazards:new"), report_data(**_major(), **PLAN))

    hazard = Hazard.objects.get()
    assert hazard.level == "major"
    assert hazard.plan_timeline == PLAN["plan_timeline"]


def test_a_general_hazard_needs_no_plan(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    client.post(reverse("hazards:new"), report_data(level="general"))

    assert Hazard.objects.get().level == "general"


# The self-check's month -------------------------------------------------------------------------------------------


def test_an_enterprise_that_never_filed_is_offered_this_month(world):
    today = date(2026, 12, 5)

    assert first_unfiled_month(world.enterprise_x, today) == (2026, 12)


def test_the_month_after_the_last_filed_is_offered(world, enterprise_user_x):
    today = date(2026, 3, 5)
    _file(world.enterprise_x, enterprise_user_x, 2026, 1)
    _file(world.enterprise_x, enterprise_user_x, 2026, 2)

    assert first_unfiled_month(world.enterprise_x, today) == (2026, 3)


def test_a_gap_is_offered_before_this_month_and_a_filed_month_never(world, enterprise_user_x):
    today = date(2026, 3, 5)
    _file(world.enterprise_x, enterprise_user_x, 2025, 11)
    _file(world.enterprise_x, enterprise_user_x, 2025, 12)
    _file(world.enterprise_x, enterprise_user_x, 2026, 2)
    _file(world.enterprise_x, enterprise_user_x, 2026, 3)

    # Across the turn of the year: January was skipped.
    assert first_unfiled_month(world.enterprise_x, today) == (2026, 1)


def test_months_before_it_began_filing_are_not_offered(world, enterprise_user_x):
    today = date(2026, 6, 5)
    _file(world.enterprise_x, enterprise_user_x, 2026, 6)
    _file(world.enterprise_x, enterprise_user_x, 2026, 4)

    assert first_unfiled_month(world.enterprise_x, today) == (2026, 5)


def test_every_month_filed_offers_none(world, enterprise_user_x):
    today = date(2026, 6, 5)
    for n in range(12):
        _file(world.enterprise_x, enterprise_user_x, *_months_ago(today, n))

    assert first_unfiled_month(world.enterprise_x, today) is None


def test_another_enterprises_filings_do_not_count(world, enterprise_user_x, enterprise_user_y):
    today = date(2026, 6, 5)
    _file(world.enterprise_y, enterprise_user_y, 2026, 6)

    assert first_unfiled_month(world.enterprise_x, today) == (2026, 6)


def test_the_form_defaults_to_the_first_unfiled_month_of_the_users_enterprise(
    client, world, enterprise_user_x, enterprise_user_y
):
    today = timezone.localdate()
    last_year, last_month = _months_ago(today, 1)
    _file(world.enterprise_x, enterprise_user_x, last_year, last_month)
    _file(world.enterprise_x, enterprise_user_x, today.year, today.month)
    _file(world.enterprise_y, enterprise_user_y, *_months_ago(today, 2))
    client.force_login(enterprise_user_x)

    form = client.get(reverse("self_checks:list")).context["form"]

    # This month and last are filed, nothing before: nothing left to offer but what the user picks.
    assert form is None


def test_the_form_offers_this_month_when_only_last_month_is_filed(client, world, enterprise_user_x):
    today = timezone.localdate()
    _file(world.enterprise_x, enterprise_user_x, *_months_ago(today, 1))
    client.force_login(enterprise_user_x)

    form = client.get(reverse("self_checks:list")).context["form"]

    assert (form.initial["year"], form.initial["month"]) == (today.year, today.month)


def test_the_form_offers_the_gap_when_this_month_is_filed(client, world, enterprise_user_x):
    today = timezone.localdate()
    _file(world.enterprise_x, enterprise_user_x, *_months_ago(today, 2))
    _file(world.enterprise_x, enterprise_user_x, today.year, today.month)
    client.force_login(enterprise_user_x)

    response = client.get(reverse("self_checks:list"))

    form = response.context["form"]
    assert (form.initial["year"], form.initial["month"]) == _months_ago(today, 1)
    # And posting what the form offers files it.
    client.post(reverse("self_checks:submit"), {**form.initial, "found_nothing": "on"})
    assert SelfCheck.objects.filter(enterprise=world.enterprise_x).count() == 3
