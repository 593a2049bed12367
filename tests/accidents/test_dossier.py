"""The enterprise's dossier shows its accidents (registered by inspections: enterprises does not import it), scoped
as the dossier is; an accident's follow-ups (which name people) are not shown there."""

import pytest
from django.urls import reverse

from inspections.accidents.services import accountability_record
from tests.accidents.helpers import report


@pytest.fixture
def accident(world, inspector, staff):
    made = report(world.enterprise_x, inspector, deaths=1, summary="冲床压伤手指")
    accountability_record(
        accident=made, date=made.date, kind="criminal", person_count=1, summary="移送张某某", actor=staff
    )
    return made


@pytest.mark.parametrize("persona", ["staff", "inspector", "grid_officer_a", "enterprise_user_x"])
def test_the_dossier_lists_the_enterprises_accidents(request, client, world, accident, persona):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()

    assert f'data-accident="{accident.pk}"' in page
    assert accident.get_absolute_url() in page
    assert "移送张某某" not in page  # follow-ups are not the dossier's


def test_another_enterprises_dossier_shows_none_of_them(client, world, accident, staff):
    client.force_login(staff)
    page = client.get(reverse("enterprises:detail", args=[world.enterprise_y.pk])).content.decode()
    assert "data-dossier-accidents" not in page


def test_the_enterprise_user_opens_its_accident_but_not_its_follow_ups(client, world, accident, enterprise_user_x):
    client.force_login(enterprise_user_x)
    response = client.get(accident.get_absolute_url())
    assert response.status_code == 200
    assert "移送张某某" not in response.content.decode()
