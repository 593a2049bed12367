"""The suggestions endpoint under every enterprise box: JSON, the user's scope only, a few rows, a few queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.views import SUGGESTIONS
from tests.factories import make_enterprise

URL = reverse("enterprises:suggest")


def suggest(client, user, q):
    client.force_login(user)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return response.json()


def names(client, user, q):
    return {row["name"] for row in suggest(client, user, q)["results"]}


@pytest.mark.parametrize("persona", ["bureau_admin", "staff", "inspector"])
def test_the_bureau_finds_every_enterprise(request, client, world, persona):
    assert names(client, request.getfixturevalue(persona), "企业") == {"企业X", "企业Y"}


def test_a_grid_officer_finds_only_their_cells(client, world, grid_officer_a, grid_officer_b):
    assert names(client, grid_officer_a, "企业") == {"企业X"}
    assert names(client, grid_officer_b, "企业") == {"企业Y"}
    assert names(client, grid_officer_a, world.enterprise_y.credit_code) == set()


def test_an_enterprise_user_finds_only_its_own(client, world, enterprise_user_x):
    assert names(client, enterprise_user_x, "企业") == {"企业X"}
    assert names(client, enterprise_user_x, "企业Y") == set()


def test_a_row_carries_what_the_box_shows(client, world, staff):
    make_enterprise(grid_cell=world.village_a, name="陶山铸造厂", address="桐溪路18号", status="closed")

    [row] = suggest(client, staff, "桐溪")["results"]

    assert row["name"] == "陶山铸造厂"
    assert (row["address"], row["town"], row["status"]) == ("桐溪路18号", "仙降街道", "关闭取缔")
    assert len(row["credit_code"]) == 18


def test_one_character_asks_for_nothing(client, world, staff):
    client.force_login(staff)
    client.get(URL, {"q": "企业"})  # the session and user are read once per request either way

    with CaptureQueriesContext(connection) as one_char:
        response = client.get(URL, {"q": " 企 "})

    assert response.json() == {"results": [], "more": 0}
    assert not any("enterprises_enterprise" in q["sql"] for q in one_char.captured_queries)


def test_a_few_rows_then_how_many_more(client, world, staff):
    for n in range(SUGGESTIONS + 4):
        make_enterprise(grid_cell=world.village_a, name=f"鞋业{n:02d}")

    data = suggest(client, staff, "鞋业")

    assert len(data["results"]) == SUGGESTIONS
    assert data["more"] == 4


def test_the_queries_do_not_grow_with_the_rows(client, world, staff):
    client.force_login(staff)
    make_enterprise(grid_cell=world.village_a, name="鞋业甲")
    make_enterprise(grid_cell=world.village_b, name="鞋业乙")
    client.get(URL, {"q": "鞋业"})

    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "鞋业"})
    for n in range(SUGGESTIONS * 2):
        make_enterprise(grid_cell=world.village_b if n % 2 else world.village_a, name=f"鞋业{n:02d}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL, {"q": "鞋业"}).json()["results"]) == SUGGESTIONS

    # One more at most: the count of those beyond the page.
    assert len(many.captured_queries) <= len(few.captured_queries) + 1
    assert len(many.captured_queries) <= 6


def test_it_answers_get_only(client, world, staff):
    client.force_login(staff)

    assert client.post(URL, {"q": "企业"}).status_code == 405


def test_control_characters_are_no_error(client, world, staff):
    assert names(client, staff, "企业\x00X") == {"企业X"}
