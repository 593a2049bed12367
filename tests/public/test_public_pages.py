"""The public pages (一公开): anyone may read them without signing in, they are cacheable and set no cookie, and
they show only what has been published."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.planning.helpers import prepared_draw, run_draw
from tests.public.helpers import anonymous_get, penalty, published_draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def draw(world, staff):
    return published_draw(world, staff)


def public_paths(draw):
    return [
        reverse("public:index"),
        reverse("public:draw", args=[draw.pk]),
        reverse("public:directory", args=[draw.pk]),
        reverse("public:record", args=[draw.pk]),
        reverse("public:verify_script"),
        reverse("public:penalties"),
        reverse("public:dishonest"),
    ]


def test_every_public_page_answers_anonymously_cacheable_and_without_cookies(draw, world, inspector):
    penalty(world.enterprise_x, inspector, 1, fine_amount=5000)
    for path in public_paths(draw):
        response = anonymous_get(path)

        assert response.status_code == 200, path
        assert response["Cache-Control"] == "public, max-age=300", path
        assert not response.cookies, (path, response.cookies)
        assert "Set-Cookie" not in response, path


def test_a_signed_in_user_is_shown_the_same_page_as_anyone(client, draw, staff):
    client.force_login(staff)
    response = client.get(reverse("public:draw", args=[draw.pk]))

    assert response["Cache-Control"] == "public, max-age=300"
    assert staff.username not in response.content.decode()  # no personal header: the page is everyone's
    assert "csrftoken" not in response.cookies


def test_an_unpublished_draw_does_not_exist_publicly(world, staff):
    shown = published_draw(world, staff)  # one published, so the pages are not empty
    hidden = run_draw(staff, count=2)
    prepared = prepared_draw(staff, count=2)

    for name in ("public:draw", "public:directory", "public:record"):
        assert anonymous_get(reverse(name, args=[hidden.pk])).status_code == 404, name
        assert anonymous_get(reverse(name, args=[prepared.pk])).status_code == 404, name
        assert anonymous_get(reverse(name, args=[shown.pk])).status_code == 200, name
    index = anonymous_get(reverse("public:index")).content.decode()
    assert 'data-total="1"' in index and hidden.title in index  # same title: the count is what tells
    assert reverse("public:draw", args=[hidden.pk]) not in index


def test_the_draw_page_shows_the_seed_its_hash_and_the_drawn(draw):
    page = anonymous_get(reverse("public:draw", args=[draw.pk])).content.decode()

    assert draw.seed in page and draw.seed_hash in page
    for drawn in draw.drawn.select_related("enterprise"):
        assert drawn.enterprise.name in page and drawn.certificate_1 in page
    assert reverse("public:record", args=[draw.pk]) in page and "verify_draw.py" in page


def test_the_directory_counts_the_pool_by_town_and_names_the_roster(draw, world):
    page = anonymous_get(reverse("public:directory", args=[draw.pk])).content.decode()

    assert f"{world.town1.name}：9 家" in page and f"{world.town2.name}：1 家" in page  # X and 8; Y
    assert 'data-total="10"' in page
    for officer in draw.roster:
        assert f"{officer['name']}（{officer['certificate']}）" in page


def test_posting_to_a_public_page_is_refused_and_head_is_answered(draw):
    assert Client().post(reverse("public:index")).status_code == 405
    assert Client().head(reverse("public:draw", args=[draw.pk])).status_code == 200
