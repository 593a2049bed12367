"""Requests the portal cannot read get its own Chinese error page, never gunicorn's bare English one (issue 16).

A form POST declaring `charset=gbk` (Django reads urlencoded forms as UTF-8 only and refuses the rest) from a client
holding a csrftoken cookie: the CSRF check reads request.POST and is refused; Django's own error handlers then
checked the CSRF token again, read request.POST again, failed again, and nothing answered. The test client here
behaves as gunicorn does with DEBUG=0: an exception is not raised into the test but answered (500 if anything).
"""

import pytest
from django.test import Client
from django.urls import reverse

from enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

GBK_FORM = "application/x-www-form-urlencoded; charset=gbk"


def browser(user=None):
    """A client as a browser is: CSRF enforced, holding the csrftoken cookie a page gave it."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    client.get(reverse("login") if user is None else reverse("home"))
    return client


def assert_portal_page(response, status, heading):
    body = response.content.decode()
    assert response.status_code == status, body[:300]
    assert '<html lang="zh-Hans">' in body and heading in body


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/accounts/login/", 400, "400 · 请求有误"),
        ("/enterprises/new/", 400, "400 · 请求有误"),
        ("/hazards/new/", 400, "400 · 请求有误"),
        ("/rankings/2026Q1/compute/", 400, "400 · 请求有误"),
        ("/no-such-page/", 404, "404 · 页面不存在"),
    ],
)
def test_an_anonymous_form_post_in_gbk_gets_the_portals_page(path, status, heading):
    client = browser()
    token = client.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&username=%C4%E3%BA%C3&password=%B0%A1"

    assert_portal_page(client.post(path, body, content_type=GBK_FORM), status, heading)


def test_a_signed_in_form_post_in_gbk_gets_the_400_page_and_saves_nothing(world, staff):
    client = browser(staff)
    token = client.cookies["csrftoken"].value
    before = Enterprise.objects.count()

    response = client.post(
        reverse("enterprises:create"),
        f"csrfmiddlewaretoken={token}&name=%C4%E3%BA%C3&credit_code=x",
        content_type=GBK_FORM,
        headers={"X-CSRFToken": token},
    )

    assert_portal_page(response, 400, "400 · 请求有误")
    assert Enterprise.objects.count() == before


def test_a_post_with_too_many_fields_gets_the_400_page():
    client = browser()
    body = "&".join(f"field{n}=1" for n in range(1_001))

    response = client.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")

    assert_portal_page(response, 400, "400 · 请求有误")


def test_a_broken_multipart_body_gets_the_400_page():
    client = browser()

    response = client.post(reverse("login"), b"\xff\xfe not multipart", content_type="multipart/form-data; boundary=")

    assert_portal_page(response, 400, "400 · 请求有误")


def test_a_post_without_the_csrf_token_gets_the_portals_403_page_in_chinese():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)

    response = client.post(reverse("login"), {"username": "staff1", "password": "x"})

    assert_portal_page(response, 403, "403 · 提交未被接受")
    assert "CSRF verification failed" not in response.content.decode()


def test_a_stale_csrf_token_in_gbk_gets_a_chinese_page_too():
    client = browser()
    client.cookies["csrftoken"] = "A" * 32

    response = client.post(reverse("login"), "csrfmiddlewaretoken=" + "B" * 32, content_type=GBK_FORM)

    assert response.status_code in (400, 403)
    assert '<html lang="zh-Hans">' in response.content.decode()


def test_a_denied_page_is_the_portals_403(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    assert_portal_page(client.get(reverse("rankings:list")), 403, "403 · 无权访问")
