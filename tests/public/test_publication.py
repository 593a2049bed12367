"""Publishing a draw: staff, once, only a run draw; who and when recorded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bureau.once import DONE, AlreadyDone
from inspections.planning.publication import draw_publish, published_draws
from tests.planning.helpers import make_pool, make_roster, prepared_draw, run_draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    return make_roster(4), make_pool(world.village_a, 6)


def test_staff_publish_a_run_draw_once(client, staff, setting):
    draw = run_draw(staff, count=2)
    client.force_login(staff)
    url = reverse("draws:publish", args=[draw.pk])

    first = client.post(url, follow=True).content.decode()
    again = client.post(url, follow=True).content.decode()

    assert "已公示" in first and DONE in again
    assert draw.publication.published_by == staff
    assert list(published_draws()) == [draw]


def test_a_prepared_draw_cannot_be_published(staff, setting):
    with pytest.raises(ValidationError):
        draw_publish(draw=prepared_draw(staff, count=2), actor=staff)
    assert not published_draws().exists()


def test_only_staff_publish(staff, inspector, setting):
    draw = run_draw(staff, count=2)
    with pytest.raises(PermissionDenied):
        draw_publish(draw=draw, actor=inspector)
    draw_publish(draw=draw, actor=staff)
    with pytest.raises(AlreadyDone):
        draw_publish(draw=draw, actor=staff)
