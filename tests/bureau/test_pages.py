import pytest
from django.urls import reverse

from bureau.dashboard import health
from bureau.navigation import nav_for
from tests.totals import figure_values


def test_unknown_page_is_a_chinese_404(client, staff):
    client.force_login(staff)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_home_counts_enterprises_in_scope(client, world, grid_officer_a, staff):
    client.force_login(grid_officer_a)
    assert figure_values(client.get("/"))["enterprises.registered"] == 1

    client.force_login(staff)
    assert figure_values(client.get("/"))["enterprises.registered"] == 2


@pytest.mark.parametrize(
    ("persona", "sees_admin"),
    [("bureau_admin", True), ("staff", False), ("inspector", False), ("enterprise_user_x", False)],
)
def test_navigation_shows_each_role_only_what_it_may_use(request, world, persona, sees_admin):
    user = request.getfixturevalue(persona)

    labels = [item["label"] for item in nav_for(user)]

    assert "首页" in labels
    assert ("系统管理" in labels) is sees_admin


def test_page_uses_vendored_assets_only(client, staff):
    client.force_login(staff)

    body = client.get(reverse("home")).content.decode()

    assert "/static/vendor/bootstrap/bootstrap.min.css" in body
    assert "cdn" not in body.lower() and "https://" not in body


def test_vendored_bootstrap_is_served(client, db):
    response = client.get("/static/vendor/bootstrap/bootstrap.min.css")

    assert response.status_code == 200
    assert b"Bootstrap" in b"".join(response.streaming_content)


def test_healthz_reports_the_database(client, db, monkeypatch):
    monkeypatch.setattr(health, "_workers", lambda: 1)  # no 0.5 s wait for a worker: tests/deploy/test_healthz.py
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True
