"""The crawler of test_crawl.py can fail: fed pages with links that answer 404, 403 and 500, it reports each one
with the page that showed it, and it follows only same-site links, no deeper than asked."""

from django.http import HttpResponse

from tests.crawl.crawler import Failure, crawl, page_links


class FakeClient:
    """Answers GETs from a dict {path?query: (status, html)}; anything else is a 404. Records what was asked."""

    def __init__(self, pages):
        self.pages = pages
        self.asked = []

    def get(self, link, follow=False):
        self.asked.append(link)
        status, html = self.pages.get(link, (404, "<p>页面不存在</p>"))
        response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
        response.request = {"PATH_INFO": link.split("?")[0]}
        response.redirect_chain = []
        if status == 302:  # `html` is where it redirects to; followed, as the crawler asks
            response = self.get(html)
            response.redirect_chain = [(html, 302)]
        return response


def links(*hrefs):
    return "".join(f'<a href="{href}">x</a>' for href in hrefs)


def test_a_link_to_a_missing_forbidden_or_failing_page_is_reported_with_the_page_it_was_on():
    client = FakeClient(
        {
            "/": (200, links("/enterprises/", "/inspections/1/")),
            "/enterprises/": (200, links("/enterprises/1/", "/enterprises/2/")),
            "/enterprises/1/": (200, "<p>一企一档</p>"),
            "/enterprises/2/": (500, "<p>服务器错误</p>"),
            "/inspections/1/": (200, links("/inspections/")),
            "/inspections/": (403, "<p>您的角色不能查看执法检查。</p>"),
        }
    )

    failures, fetched = crawl(client, "ent_a")

    assert failures == [
        Failure("ent_a", "/enterprises/", "/enterprises/2/", 500),
        Failure("ent_a", "/inspections/1/", "/inspections/", 403),
    ]
    assert fetched == 6


def test_a_page_not_found_on_the_first_click_is_reported():
    client = FakeClient({"/": (200, links("/hazards/404404/"))})

    failures, _ = crawl(client, "staff")

    assert failures == [Failure("staff", "/", "/hazards/404404/", 404)]


def test_a_link_that_sends_a_signed_in_user_to_sign_in_is_reported():
    client = FakeClient(
        {
            "/": (200, links("/admin/", "/hazards/")),
            "/admin/": (302, "/admin/login/"),
            "/admin/login/": (200, "<form>登录</form>"),
            "/hazards/": (302, "/hazards/?status=reported"),
            "/hazards/?status=reported": (200, ""),
        }
    )

    failures, _ = crawl(client, "grid_a")

    assert failures == [Failure("grid_a", "/", "/admin/", 302)]


def test_links_past_the_depth_are_not_followed():
    client = FakeClient(
        {
            "/": (200, links("/grids/")),
            "/grids/": (200, links("/grids/330381/")),
            "/grids/330381/": (200, links("/grids/330381001/")),  # three clicks from home: never asked
        }
    )

    failures, _ = crawl(client, "staff", depth=2)

    assert failures == []
    assert client.asked == ["/", "/grids/", "/grids/330381/"]


def test_a_long_list_is_sampled_a_few_rows_per_url_pattern():
    rows = [f"/hazards/{pk}/" for pk in range(1, 21)]
    client = FakeClient({"/": (200, links("/hazards/")), "/hazards/": (200, links(*rows, "/hazards/?page=2"))})
    client.pages.update(dict.fromkeys(rows, (200, "")))
    client.pages["/hazards/?page=2"] = (200, "")

    crawl(client, "staff", samples=3)

    assert client.asked == ["/", "/hazards/", "/hazards/1/", "/hazards/2/", "/hazards/3/", "/hazards/?page=2"]


def test_only_same_site_pages_are_links():
    html = links(
        "#top",
        "mailto:a@b.cn",
        "javascript:void(0)",
        "https://www.example.com/",
        "//cdn.example.com/x.js",
        "/static/app.css",
        "/media/hazards/1.jpg",
        "/accounts/logout/",
        "2/",
        "?status=reported&overdue=1#list",
        "http://testserver/enterprises/",
        "/enterprises/",
    )

    assert page_links(html, "/hazards/1/") == [
        "/hazards/1/2/",
        "/hazards/1/?overdue=1&status=reported",
        "/enterprises/",
    ]
