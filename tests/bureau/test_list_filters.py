"""A list's filters as a role can use them (grids.filters.RoleScopedFilterSet), folded behind 筛选, the ones in force
shown as chips that each remove one filter (templates/includes/_filter_form.html)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.roles import Role
from grids.services import grid_assign
from tests.factories import make_cell, make_hazard, make_user

pytestmark = pytest.mark.django_db


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _control_names(html):
    form = html.split('role="search"', 1)[1].split("</form>")[0]
    return set(re.findall(r'<(?:input|select)[^>]* name="([^"]+)"', form))


def _chips(html):
    """(href, accessible name) of each chip."""
    return [
        (unescape(href), unescape(name))
        for href, name in re.findall(r'<a class="filter-chip" href="([^"]*)" aria-label="([^"]*)">', html)
    ]


def test_an_enterprise_user_is_not_offered_town_grid_or_enterprise_filters(client, enterprise_user_x):
    names = _control_names(_page(client, enterprise_user_x, reverse("hazards:list")))
    assert {"status", "level", "overdue"} <= names
    assert not names & {"town", "grid", "enterprise"}


def test_the_bureau_is_offered_every_filter(client, inspector, world):
    names = _control_names(_page(client, inspector, reverse("hazards:list")))
    assert {"town", "grid", "enterprise", "status"} <= names


def test_a_grid_officer_is_offered_only_the_town_of_their_cell(client, world, grid_officer_a):
    html = _page(client, grid_officer_a, reverse("hazards:list"))
    towns = re.search(r'<select name="town".*?</select>', html, re.S).group(0)
    assert world.town1.name in towns and world.town2.name not in towns
    assert {"grid", "enterprise", "status"} <= _control_names(html)


def test_a_grid_officer_of_two_towns_is_offered_only_those_towns(client, world):
    town3 = make_cell(parent=world.city, name="塘下镇")
    officer = make_user(Role.GRID_OFFICER, username="grid_two", grid_cell=world.cell_a)
    grid_assign(cell=world.cell_b, user=officer, capacity="member", start_date=timezone.localdate(), actor=None)
    html = _page(client, officer, reverse("hazards:list"))
    towns = re.search(r'<select name="town".*?</select>', html, re.S).group(0)
    assert world.town1.name in towns and world.town2.name in towns
    assert town3.name not in towns


def test_a_filter_in_force_is_a_chip_that_removes_it_alone(client, inspector, world):
    make_hazard(enterprise=world.enterprise_x, reported_by=inspector)
    url = reverse("hazards:list") + f"?status=reported&town={world.town1.code}&found_after=2026-01-01&page=1&level="
    html = _page(client, inspector, url)
    chips = {text: href for href, text in _chips(html)}
    status, date = "移除筛选：状态 已上报", "移除筛选：发现日期从 2026-01-01"
    town = f"移除筛选：镇街 {world.town1.name}"
    assert set(chips) == {status, town, date}
    # Removing the status keeps the town and the date, drops the page and the empty level.
    kept = parse_qs(urlsplit(chips[status]).query)
    assert kept == {"town": [world.town1.code], "found_after": ["2026-01-01"]}
    assert 'class="filter-chip filter-chip-clear" href="?"' in html


def test_the_end_of_a_date_range_says_which_range(client, inspector, world):
    html = _page(client, inspector, reverse("hazards:list") + "?found_before=2026-02-01")
    assert [text for _href, text in _chips(html)] == ["移除筛选：发现日期至 2026-02-01"]


def test_no_chips_without_filters_and_the_panel_is_folded(client, inspector, world):
    html = _page(client, inspector, reverse("enterprises:due"))
    assert _chips(html) == []
    assert '<details class="filter-panel">' in html


def test_a_filter_with_an_error_opens_the_panel(client, inspector, world):
    html = _page(client, inspector, reverse("hazards:list") + "?found_after=not-a-date")
    assert '<details class="filter-panel" open>' in html


def test_the_registry_chips_show_choice_text_not_codes(client, staff, world):
    html = _page(client, staff, reverse("enterprises:list") + "?grade=red&key_supervision=1")
    texts = {text for _href, text in _chips(html)}
    assert texts == {"移除筛选：四色等级 红（打击取缔对象）", "移除筛选：重点监管 是"}


def test_the_chip_colours_meet_aa():
    from tests.bureau.test_contrast import CSS, contrast, parse_colour, rules

    css = rules(CSS.read_text(encoding="utf-8"))
    chip, hover = css[".filter-chip"], css[".filter-chip:hover"]
    background, hover_background = parse_colour(chip["background-color"]), parse_colour(hover["background-color"])
    for foreground, on in [
        (chip["color"], background),
        (css[".filter-chip .filter-chip-label"]["color"], background),
        (hover["color"], hover_background),
        (chip["color"], parse_colour(css[".filter-chip-clear"]["background-color"])),
    ]:
        assert contrast(parse_colour(foreground)[:3], on[:3]) >= 4.5, foreground
