"""The violation library's pages and the case's violations page, as an inspector and staff use them."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from inspections.enforcement.specs import DocumentKind
from inspections.enforcement.violation_models import Violation
from tests.procedure import filed_case
from tests.security.page_forms import post_form
from tests.violations import decide_fines, library_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, inspector, inspector2):
    return filed_case(world.enterprise_x, inspector, inspector2, title="未及时消除事故隐患")


def test_the_library_lists_every_entry_and_finds_by_article(client, staff):
    client.force_login(staff)
    page = client.get(reverse("violations:list")).content.decode()
    assert f'data-total="{Violation.objects.count()}"' in page
    found = client.get(reverse("violations:list"), {"q": "第一百零二条"}).content.decode()
    assert 'data-total="1"' in found and "未采取措施消除事故隐患" in found


def test_staff_revise_an_entry_and_its_page_keeps_every_version(client, staff):
    violation = Violation.objects.get(code="AQ102")
    path = reverse("violations:edit", args=[violation.pk])
    client.force_login(staff)
    data = post_form(client.get(path).content.decode(), path, path)
    data["penalty_kinds"] = ["责令立即消除或者限期消除；罚款"]
    data["note"] = ["按新规调整"]

    assert client.post(path, data).status_code == 302
    page = client.get(reverse("violations:detail", args=[violation.pk])).content.decode()
    assert "第2版" in page and "按新规调整" in page and "第1版" in page
    old = client.get(reverse("violations:detail", args=[violation.pk]), {"version": "1"}).content.decode()
    assert "历史版本" in old and "责令立即消除或者限期消除；罚款；责令停产停业整顿" in old


def test_the_inspector_calculates_then_saves_a_violation(client, case, inspector):
    path = reverse("cases:violations", args=[case.pk])
    client.force_login(inspector)
    chosen = {"version": library_version().pk, "party_kind": "unit", "circumstances": ["heavier_repeat"]}

    shown = client.post(path, {**chosen, "calculate": "1"}).content.decode()
    assert "建议裁量：</strong>较重：30,000～50,000 元" in shown
    assert not case.violations.exists()
    refused = client.post(path, {**chosen, "fine": "60000"}).content.decode()
    assert "须写明理由" in refused and not case.violations.exists()
    assert client.post(path, {**chosen, "fine": "45000"}).status_code == 302

    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "未采取措施消除事故隐患" in detail and "一年内因同一种违法行为再次违法" in detail
    assert 'data-total-fine="45000' in detail


def test_the_penalty_form_starts_from_the_total(client, case, inspector):
    decide_fines(case, inspector, 20000, 12500)
    client.force_login(inspector)
    path = reverse("cases:draft_new", args=[case.pk, DocumentKind.PENALTY_DECISION])
    page = client.get(path).content.decode()
    field = re.search(r'<input[^>]*name="fine_amount"[^>]*>', page).group(0)
    assert Decimal(re.search(r'value="([^"]+)"', field).group(1)) == Decimal("32500")
    assert "合并处罚" in page and page.count("未采取措施消除事故隐患") == 2


def test_a_recorded_violation_is_edited_on_the_version_it_used(client, case, inspector, staff):
    (item,) = decide_fines(case, inspector, 20000)
    violation = item.version.violation
    edit = reverse("violations:edit", args=[violation.pk])
    client.force_login(staff)
    data = post_form(client.get(edit).content.decode(), edit, edit)
    client.post(edit, {**data, "penalty_kinds": "责令限期消除；罚款"})

    client.force_login(inspector)
    path = reverse("cases:violation_edit", args=[case.pk, item.pk])
    page = client.get(path).content.decode()
    assert re.search(rf'<option value="{item.version_id}" selected>[^<]*第1版', page)
    assert f'<option value="{violation.versions.get(number=2).pk}">' in page
