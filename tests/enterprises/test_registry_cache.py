"""The registry list's body is cached until the registry changes: every way of changing it shows at once, each
scope keeps its own list, and the list works without the cache."""

import io
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bureau import cache_versions
from enterprises.importer import enterprise_import
from enterprises.models import Enterprise, MajorHazardSource, RiskGrade, SpecialCategory
from enterprises.services import enterprise_change_grade, enterprise_save, major_hazard_source_save
from grids.loader import load_grid
from grids.services import grid_assign, grid_assignment_end, grid_cell_save
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.services import inspection_record
from tests.enterprises.test_import import csv_file, row

LIST = reverse("enterprises:list")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def registry_queries(client, params=None):
    """The page's HTML and how many of its queries read the enterprise table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params or {})
    assert response.status_code == 200
    return response.content.decode(), sum("enterprises_enterprise" in q["sql"] for q in queries.captured_queries)


def test_the_second_request_is_served_without_reading_the_registry(client, world, staff):
    client.force_login(staff)

    first, first_reads = registry_queries(client, {"grade": "none"})
    again, again_reads = registry_queries(client, {"grade": "none"})

    assert first_reads >= 2 and again_reads == 0
    # Equal but for the sign-out form's CSRF token, which is rendered afresh around the cached body.
    assert CSRF.sub("", again) == CSRF.sub("", first) and "企业X" in again


def test_without_a_replica_a_list_built_the_moment_after_a_write_is_kept(client, listed, staff, monkeypatch):
    """The version's age matters only for reads on a replica (bureau/cache_versions.py): here, with the clock
    standing still at the write, the next request is served from the cache."""
    monkeypatch.setattr(cache_versions, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    enterprise_save(
        enterprise=Enterprise(name="新登记的鞋厂", credit_code=_code(), grid_cell=listed.village_a), actor=staff
    )

    page, reads = registry_queries(client)
    assert "新登记的鞋厂" in page and reads >= 2
    assert registry_queries(client)[1] == 0


def test_a_query_string_with_an_unknown_parameter_is_never_cached(client, world, staff):
    client.force_login(staff)
    registry_queries(client, {"utm": "x"})

    assert registry_queries(client, {"utm": "x"})[1] >= 2


@pytest.fixture
def listed(client, world, staff):
    """Staff signed in, the list cached once."""
    client.force_login(staff)
    registry_queries(client)
    return world


def test_registering_an_enterprise_shows_at_once(client, listed, staff):
    enterprise_save(
        enterprise=Enterprise(name="新登记的鞋厂", credit_code=_code(), grid_cell=listed.village_a), actor=staff
    )

    assert "新登记的鞋厂" in registry_queries(client)[0]


def test_a_grade_change_shows_at_once(client, listed, staff):
    assert "企业X" not in registry_queries(client, {"grade": "red"})[0]  # cached without X

    enterprise_change_grade(
        enterprise=listed.enterprise_x,
        grade=RiskGrade.RED,
        effective_date=timezone.localdate(),
        reason="复查",
        actor=staff,
    )

    assert "企业X" in registry_queries(client, {"grade": "red"})[0]


def test_an_inspection_shows_its_date_at_once(client, listed, inspector, inspector2):
    day = timezone.localdate() - timedelta(days=3)
    inspection_record(enterprise=listed.enterprise_x, date=day, inspectors=[inspector, inspector2], actor=inspector)

    assert date_format(day) in registry_queries(client)[0]


def test_a_suspension_by_document_shows_at_once(client, listed, inspector, inspector2):
    assert "企业X" not in registry_queries(client, {"status": "suspended"})[0]

    document_issue(
        kind=DocumentKind.MEASURES_DECISION,
        enterprise=listed.enterprise_x,
        actor=inspector,
        co_signer=inspector2,
        suspends=True,
        facts="罐区存在重大事故隐患",
    )

    assert "企业X" in registry_queries(client, {"status": "suspended"})[0]


def test_an_import_shows_at_once(client, listed, staff):
    result = enterprise_import(file=csv_file([row(listed.village_a, 1)]), actor=staff)
    assert not result.errors

    assert "导入企业1" in registry_queries(client)[0]


def test_a_major_hazard_source_and_a_category_show_at_once(client, listed, staff):
    x = listed.enterprise_x
    assert "企业X" not in registry_queries(client, {"major_source": "1"})[0]
    assert "企业X" not in registry_queries(client, {"category": "dust"})[0]
    source = MajorHazardSource(enterprise=x, name="液氨储罐", level=3)
    major_hazard_source_save(source=source, actor=staff)
    assert "企业X" in registry_queries(client, {"major_source": "1"})[0]

    enterprise_save(enterprise=x, special_categories=[SpecialCategory.objects.get(code="dust")], actor=staff)
    assert "企业X" in registry_queries(client, {"category": "dust"})[0]


def test_renaming_a_town_and_reloading_the_grid_show_at_once(client, listed, bureau_admin):
    town = listed.enterprise_x.town
    town.name = "改名后的街道"
    grid_cell_save(cell=town, actor=bureau_admin)
    assert "改名后的街道" in registry_queries(client)[0]

    load_grid()  # creates the real cells in bulk: no post_save, a signal of its own
    assert registry_queries(client)[1] >= 2


def test_after_a_change_outside_the_portal_the_command_refreshes_the_list(client, listed):
    with connection.cursor() as cursor:  # as a restore from a backup would: no signal, no registry_changed()
        cursor.execute(
            "UPDATE enterprises_enterprise SET name = %s WHERE id = %s", ["恢复后的企业X", listed.enterprise_x.pk]
        )
    assert "恢复后的企业X" not in registry_queries(client)[0]

    call_command("refresh_registry_cache", stdout=io.StringIO())

    assert "恢复后的企业X" in registry_queries(client)[0]


def test_each_scope_keeps_its_own_list(client, world, staff, inspector, grid_officer_a, grid_officer_b):
    pages = {}
    for user in (staff, inspector, grid_officer_a, grid_officer_b):
        client.force_login(user)
        registry_queries(client)  # cached
        pages[user.username] = registry_queries(client)[0]

    assert "登记企业" in pages[staff.username] and "登记企业" not in pages[inspector.username]
    assert "企业X" in pages[grid_officer_a.username] and "企业Y" not in pages[grid_officer_a.username]
    assert "企业Y" in pages[grid_officer_b.username] and "企业X" not in pages[grid_officer_b.username]


def test_a_grid_officers_new_or_ended_cell_shows_at_once(client, world, grid_officer_a, bureau_admin):
    """The scope names the cells held: a cell taken or given up is another list, with no stale one served."""
    client.force_login(grid_officer_a)
    registry_queries(client)  # cached: 企业X only
    assignment = grid_assign(
        cell=world.cell_b, user=grid_officer_a, capacity="member", start_date=timezone.localdate(), actor=bureau_admin
    )

    page, reads = registry_queries(client)
    assert "企业X" in page and "企业Y" in page and reads >= 2
    assert registry_queries(client)[1] == 0  # the two-cell list is cached in turn

    grid_assignment_end(assignment=assignment, end_date=timezone.localdate(), actor=bureau_admin)

    page = registry_queries(client)[0]
    assert "企业X" in page and "企业Y" not in page


def test_without_the_cache_the_list_is_computed_each_time(client, world, staff, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    client.force_login(staff)

    page, reads = registry_queries(client)
    assert "企业X" in page and reads >= 2
    enterprise_save(
        enterprise=Enterprise(name="缓存不可用时登记", credit_code=_code(), grid_cell=world.village_a), actor=staff
    )
    assert "缓存不可用时登记" in registry_queries(client)[0]


def _code():
    from tests.factories import make_credit_code

    return make_credit_code()
