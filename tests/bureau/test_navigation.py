"""The bar groups reference and planning pages into dropdowns so it stays short; a group a role has one entry of is
shown inline, and the dropdown holding the current page is marked active."""

from django.urls import reverse

from bureau.navigation import nav_for, nav_menu


def _labels(menu):
    return [item["label"] for item in menu]


def test_staff_see_groups_with_their_entries(staff):
    menu = nav_menu(nav_for(staff))

    library = next(item for item in menu if item.get("key") == "library")
    assert [entry["label"] for entry in library["entries"]] == ["网格", "节假日安排", "违法行为库", "重大隐患判定标准"]
    assert "违法行为库" not in _labels(menu)
    assert len(menu) < len(nav_for(staff))


def test_a_group_with_one_entry_for_the_role_is_inline(enterprise_user_x):
    menu = nav_menu(nav_for(enterprise_user_x))

    assert "重大隐患判定标准" in _labels(menu)
    assert all("entries" not in item for item in menu)


def test_the_group_of_the_current_page_is_active(staff):
    menu = nav_menu(nav_for(staff, reverse("violations:list")))

    library = next(item for item in menu if item.get("key") == "library")
    assert library["active"]
    assert [entry["active"] for entry in library["entries"]] == [False, False, True, False]


def test_the_header_renders_a_group_as_a_dropdown(client, staff):
    client.force_login(staff)

    body = client.get(reverse("violations:list")).content.decode()

    assert 'id="nav-library"' in body
    assert f'class="dropdown-item active" href="{reverse("violations:list")}" aria-current="page"' in body
