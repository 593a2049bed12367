"""Every id a key page names (aria-describedby, aria-labelledby, aria-controls, a label's `for`) is on the page: a
screen reader reads nothing for an id that is not there (issue #17 found one on the audit page).

Each role opens the key pages it may open; the filter forms are also submitted with an invalid value where they
have one, so the error messages' ids are checked too. (The audit page's dangling one, the 操作人 field's help text,
was given its id by 5df13c2.)"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import make_hazard

REFERENCE_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls")
PAGES = [
    ("首页", "home", ""),
    ("企业名录", "enterprises:list", ""),
    ("隐患列表", "hazards:list", ""),
    ("隐患列表（筛选错误）", "hazards:list", "?found_after=not-a-date"),
    ("操作审计", "audit:list", ""),
    ("操作审计（筛选错误）", "audit:list", "?date_from=not-a-date&user=x"),
    ("登录记录", "audit:sign_ins", ""),
    ("登录记录（筛选错误）", "audit:sign_ins", "?date_from=not-a-date"),
    ("季度排名", "rankings:list", ""),
]
# The pages each role may open: the others answer 403 or 404, which has no form to check.
OPENS = {
    "staff": {"home", "enterprises:list", "hazards:list", "rankings:list"},
    "bureau_admin": {"home", "enterprises:list", "hazards:list", "audit:list", "audit:sign_ins", "rankings:list"},
    "inspector": {"home", "enterprises:list", "hazards:list"},
    "grid_officer_a": {"home", "enterprises:list", "hazards:list"},
    "enterprise_user_x": {"home", "hazards:list"},
}


class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.references = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in REFERENCE_ATTRIBUTES:
            for target in (attrs.get(name) or "").split():
                self.references.append((tag, name, target))
        if tag in ("label", "output") and attrs.get("for"):
            self.references.append((tag, "for", attrs["for"]))

    def dangling(self):
        return [reference for reference in self.references if reference[2] not in self.ids]


def dangling_references(html):
    parser = References()
    parser.feed(html)
    return parser.references, parser.dangling()


def test_the_parser_finds_a_reference_to_a_missing_id():
    html = '<label for="a">A</label><input id="a" aria-describedby="a_help missing"><p id="a_help"></p>'

    references, dangling = dangling_references(html)

    assert len(references) == 3
    assert dangling == [("input", "aria-describedby", "missing")]


@pytest.mark.parametrize("persona", list(OPENS))
def test_every_id_a_key_page_names_is_on_the_page(request, client, world, persona):
    user = request.getfixturevalue(persona)
    make_hazard(enterprise=world.enterprise_x, reported_by=user)
    client.force_login(user)
    checked = []
    for label, name, query in PAGES:
        if name not in OPENS[persona]:
            continue
        response = client.get(reverse(name) + query, follow=True)  # an enterprise's home is its dossier
        assert response.status_code == 200, (label, response.status_code)

        references, dangling = dangling_references(response.content.decode())

        assert not dangling, (label, dangling)
        checked.append((label, len(references)))
    assert all(count for _, count in checked), checked  # each page has labels at least: the parser read it
