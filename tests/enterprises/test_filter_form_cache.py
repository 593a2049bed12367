"""The registry list's filter form is cached under the reference version (registry_cache): a write to an enterprise
leaves it cached, so the list computed afresh reads its counts and rows but not the towns and categories; a write
to a town or a category shows in the form at once."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Enterprise, SpecialCategory
from enterprises.services import enterprise_save
from grids.loader import load_grid
from grids.models import GridCell
from grids.services import grid_cell_save
from tests.factories import make_cell, make_credit_code

LIST = reverse("enterprises:list")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
TOTAL = re.compile(r'data-total="(\d+)"')


@pytest.fixture(autouse=True)
def _body_cache_off(settings):
    """As under `make bench`'s second stack: every request computes the body, only the form may come from the cache."""
    settings.REGISTRY_LIST_CACHE = False


def page(client, params=None):
    """The page's HTML and how many of its queries read from each table (a join to the town's name is not a read
    of the towns)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params or {})
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    tables = {
        "enterprises_enterprise": "enterprises_enterprise",
        "grids_gridcell": "grids_gridcell",
        "category": "enterprises_specialcategory",
    }
    reads = {key: sum(f'FROM "{table}"' in s for s in sql) for key, table in tables.items()}
    return response.content.decode(), reads


def test_an_enterprise_write_leaves_the_form_cached_and_the_rows_afresh(client, world, staff):
    client.force_login(staff)
    first, first_reads = page(client)
    assert first_reads["grids_gridcell"] >= 1 and first_reads["category"] >= 1  # the choices, read once

    enterprise_save(
        enterprise=Enterprise(name="新登记的鞋厂", credit_code=make_credit_code(), grid_cell=world.village_a),
        actor=staff,
    )
    again, reads = page(client)

    assert "新登记的鞋厂" in again and reads["enterprises_enterprise"] >= 1
    assert reads["grids_gridcell"] == 0 and reads["category"] == 0
    assert '<option value="dust">' in again and f'<option value="{world.town2.code}">飞云街道</option>' in again


def test_the_form_keeps_what_the_query_chose_and_its_errors(client, world, staff):
    client.force_login(staff)
    for _ in range(2):  # built, then from the cache
        chosen, _ = page(client, {"town": world.town2.code, "grade": "red"})
        wrong, _ = page(client, {"grade": "purple"})
        assert f'<option value="{world.town2.code}" selected>飞云街道</option>' in chosen
        assert '<option value="red" selected>' in chosen and "filter-chip" in chosen
        assert '<option value="red" selected>' not in wrong and "is-invalid" in wrong


def test_a_new_category_shows_in_the_form_at_once(client, world, staff):
    client.force_login(staff)
    page(client)
    SpecialCategory.objects.create(code="lithium", name="锂电池", position=99)

    html, reads = page(client)

    assert '<option value="lithium">锂电池</option>' in html and reads["category"] >= 1


def test_a_new_or_renamed_town_shows_in_the_form_at_once(client, world, staff, bureau_admin):
    client.force_login(staff)
    page(client)
    grid_cell_save(
        cell=GridCell(code=f"{world.city.code}099", name="新设街道", level=2, parent=world.city), actor=bureau_admin
    )
    assert ">新设街道</option>" in page(client)[0]

    world.town1.name = "改名后的街道"
    grid_cell_save(cell=world.town1, actor=bureau_admin)
    html = page(client)[0]
    assert f'<option value="{world.town1.code}">改名后的街道</option>' in html and ">仙降街道</option>" not in html

    load_grid()  # in bulk: no post_save, its own signal
    assert page(client)[1]["grids_gridcell"] >= 1


def test_after_a_change_outside_the_portal_the_command_rebuilds_the_form(client, world, staff):
    client.force_login(staff)
    page(client)
    with connection.cursor() as cursor:  # as a restore from a backup would: no signal
        cursor.execute("UPDATE enterprises_specialcategory SET name = %s WHERE code = %s", ["恢复后的类别", "dust"])
    assert "恢复后的类别" not in page(client)[0]

    call_command("refresh_registry_cache", stdout=io.StringIO())

    assert '<option value="dust">恢复后的类别</option>' in page(client)[0]


def test_each_scope_keeps_its_own_form(client, world, staff, grid_officer_a):
    """A grid officer is offered the towns of the cells they hold; the bureau's form, cached first, is not theirs."""
    other_town = make_cell(parent=world.city, name="东山街道")
    client.force_login(staff)
    page(client)
    assert ">东山街道</option>" in page(client)[0]

    client.force_login(grid_officer_a)
    html = page(client)[0]
    assert ">仙降街道</option>" in html and ">东山街道</option>" not in html and other_town.code not in html


def test_without_the_cache_the_form_is_built_each_time(client, world, staff, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    client.force_login(staff)
    page(client)

    html, reads = page(client)

    assert '<option value="dust">' in html and reads["category"] >= 1


def test_an_empty_query_string_builds_no_filterset_once_the_form_is_cached(client, world, staff, monkeypatch):
    """An unbound filterset filters nothing, so the unfiltered list builds one only to render its form (a cold
    cache); a filtered list builds one, and both show the same rows and counts as the filters say."""
    from enterprises import views

    built = []
    real = views.EnterpriseFilter
    monkeypatch.setattr(views, "EnterpriseFilter", lambda *a, **kw: built.append(a[0]) or real(*a, **kw))
    client.force_login(staff)

    cold, _ = page(client)
    warm, _ = page(client)
    red, _ = page(client, {"grade": "red"})

    assert built == [None, {"grade": ["red"]}]  # the cold form (unbound), then the filter in use
    assert CSRF.sub("", cold) == CSRF.sub("", warm)
    total, reds = Enterprise.objects.count(), Enterprise.objects.filter(grade="red").count()
    assert TOTAL.findall(warm) == [str(total)] and TOTAL.findall(red) == [str(reds)] and total != reds
