"""Inspection from where the inspector is (issue #17): 开始检查 on the dossier, the due list and each campaign target;
the signed-in officer pre-selected; 全部符合 then the exceptions; documents that pre-tick the inspection's hazards,
each named by description, location, level and deadline."""

import html
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau import once
from hazards.models import MAJOR_PLAN_FIELDS, Hazard
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.enforcement.models import Document
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection, InspectionCheck, InspectionKind
from inspections.inspection.services import checklist_items_for, inspection_add_finding, inspection_record
from inspections.inspection.start import prefill
from tests.factories import make_hazard
from tests.security.page_forms import post_form

TODAY = timezone.localdate()
MAJOR_PLAN = dict.fromkeys(MAJOR_PLAN_FIELDS, "按方案落实")
NEW = "/inspections/new/"


def start_links(page):
    """The 开始检查 links of a page, as the URLs they open (entities decoded)."""
    return [html.unescape(href) for href in re.findall(r'href="(/inspections/new/\?[^"]*)"', page)]


def start_link(enterprise, campaign=None):
    query = {"enterprise": enterprise.credit_code, **({"campaign": campaign.pk} if campaign else {})}
    return f"{NEW}?{urlencode(query)}"


def checked(page, name, value):
    """Whether the form input `name` with `value` is checked (a radio or check box)."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no input {name}={value}")


@pytest.fixture
def campaign(world, staff):
    campaign = Campaign.objects.create(
        name="涉尘专项整治",
        start_date=TODAY - timedelta(days=30),
        end_date=TODAY + timedelta(days=30),
        created_by=staff,
    )
    CampaignTarget.objects.create(campaign=campaign, enterprise=world.enterprise_x)
    CampaignTarget.objects.create(campaign=campaign, enterprise=world.enterprise_y)
    return campaign


@pytest.fixture
def inspection(world, inspector, inspector2):
    return inspection_record(
        enterprise=world.enterprise_x, date=TODAY, inspectors=[inspector, inspector2], actor=inspector
    )


def test_the_dossier_starts_an_inspection_with_the_enterprise_and_the_officer_filled_in(
    client, world, inspector, inspector2
):
    client.force_login(inspector)

    dossier = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()
    assert start_links(dossier) == [start_link(world.enterprise_x)]

    form = client.get(start_links(dossier)[0]).content.decode()
    assert f'value="{world.enterprise_x.credit_code}"' in form
    assert f"被检查单位：<strong>{world.enterprise_x.name}</strong>" in form
    assert checked(form, "inspectors", inspector.pk) and not checked(form, "inspectors", inspector2.pk)
    assert re.search(r'<option value="routine" selected>', form)


def test_each_row_of_the_due_list_starts_an_inspection_of_that_enterprise(client, world, inspector):
    client.force_login(inspector)

    due = client.get(reverse("enterprises:due")).content.decode()

    assert sorted(start_links(due)) == sorted([start_link(world.enterprise_x), start_link(world.enterprise_y)])


def test_a_campaign_target_starts_a_campaign_inspection(client, world, inspector, inspector2, campaign):
    client.force_login(inspector)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert sorted(start_links(page)) == sorted(
        start_link(e, campaign) for e in (world.enterprise_x, world.enterprise_y)
    )

    url = start_link(world.enterprise_y, campaign)
    form_page = client.get(url).content.decode()
    assert re.search(rf'<option value="{campaign.pk}" selected>', form_page)
    assert re.search(r'<option value="campaign" selected>', form_page)

    data = post_form(form_page, url, url)
    data["inspectors"] = [str(inspector.pk), str(inspector2.pk)]
    response = client.post(url, data)

    inspection = Inspection.objects.get()
    assert response["Location"] == inspection.get_absolute_url()
    assert (inspection.enterprise, inspection.campaign, inspection.kind) == (
        world.enterprise_y,
        campaign,
        InspectionKind.CAMPAIGN,
    )
    assert CampaignTarget.objects.get(campaign=campaign, enterprise=world.enterprise_y).surveyed_on == TODAY


def test_who_may_not_inspect_sees_no_button_and_another_towns_dossier_stays_closed(
    client, world, grid_officer_a, enterprise_user_x, staff, campaign
):
    client.force_login(grid_officer_a)
    own_town = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk]))
    assert own_town.status_code == 200 and start_links(own_town.content.decode()) == []
    assert client.get(reverse("enterprises:detail", args=[world.enterprise_y.pk])).status_code == 404
    assert start_links(client.get(reverse("enterprises:due")).content.decode()) == []
    assert start_links(client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()) == []
    assert client.get(start_link(world.enterprise_x)).status_code == 403

    client.force_login(enterprise_user_x)
    own = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk]))
    assert own.status_code == 200 and start_links(own.content.decode()) == []
    assert client.get(start_link(world.enterprise_x)).status_code == 403

    client.force_login(staff)  # marks campaign targets, but does not inspect
    assert start_links(client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()) == []


@pytest.mark.parametrize(
    "query",
    [
        {"enterprise": "999999999"},
        {"enterprise": "91330381NOSUCHCODE"},
        {"enterprise": "٣"},
        {"enterprise": "x" * 500},
        {"campaign": "99999"},
        {"campaign": "-1"},
        {"campaign": "１"},
    ],
)
def test_a_value_that_names_nothing_is_ignored_and_the_form_starts_empty(client, world, inspector, query):
    client.force_login(inspector)

    response = client.get(f"{NEW}?{urlencode(query)}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "被检查单位：<strong>" not in page and "data-chosen-enterprise" not in page
    assert not re.search(r'<option value="\d+" selected>', page)


def test_the_prefill_is_scoped_to_what_the_user_may_see(world, grid_officer_a, inspector):
    # A grid officer of town 1 never reaches the form (403), and even its prefill names nothing outside the cells.
    assert prefill(grid_officer_a, {"enterprise": world.enterprise_y.credit_code}) == {}
    assert prefill(grid_officer_a, {"enterprise": str(world.enterprise_y.pk)}) == {}
    assert prefill(grid_officer_a, {"enterprise": str(world.enterprise_x.pk)}) == {"enterprise": world.enterprise_x}
    assert prefill(inspector, {"enterprise": world.enterprise_y.credit_code.lower()}) == {
        "enterprise": world.enterprise_y
    }


def test_all_passed_then_one_exception_is_saved_as_one_hazard(client, world, inspector, inspection):
    client.force_login(inspector)
    url = reverse("inspections:checklist", args=[inspection.pk])
    detail = inspection.get_absolute_url()
    items = list(checklist_items_for(world.enterprise_x))
    assert len(items) >= 2

    page = client.get(detail).content.decode()
    assert 'name="all_ok"' in page and "/static/js/checklist.js" in page
    # The button belongs to a form of its own: Enter in the checklist never presses it.
    assert re.search(r'<button[^>]*form="checklist-all-ok"[^>]*data-all-ok', page)
    response = client.post(url, post_form(page, detail, url, has={"all_ok": "1"}), follow=True)

    assert response.redirect_chain[0][0] == f"{detail}#checklist"
    assert "已全部记为符合" in response.content.decode()
    assert sorted(inspection.checks.values_list("result", flat=True)) == ["passed"] * len(items)
    assert not inspection.hazards.exists()

    page = response.content.decode()
    data = post_form(page, detail, url)
    data[f"result_{items[1].pk}"] = ["failed"]
    data[f"note_{items[1].pk}"] = ["灭火器压力不足"]
    data.update(rectification_deadline=[str(TODAY + timedelta(days=15))], responsible_person=["王建国"])
    response = client.post(url, data, follow=True)

    assert "发现隐患 1 项" in response.content.decode()
    results = dict(inspection.checks.values_list("item_id", "result"))
    assert results == {item.pk: ("failed" if item == items[1] else "passed") for item in items}
    hazard = inspection.hazards.get()
    assert hazard.description == f"{items[1].text}：不符合。灭火器压力不足"
    assert InspectionCheck.objects.get(inspection=inspection, item=items[1]).hazard == hazard
    # The failed item is shown with its hazard, no longer as a choice; the rest may still be changed.
    page = response.content.decode()
    assert f'name="result_{items[1].pk}"' not in page and f'name="result_{items[0].pk}"' in page

    # The same page sent again (a fresh key, a stale tab): no second hazard.
    stale = {**post_form(page, detail, url), **{k: v for k, v in data.items() if k != once.FIELD}}
    stale[f"result_{items[1].pk}"] = ["failed"]
    client.post(url, stale)
    assert inspection.hazards.count() == 1 and Hazard.objects.count() == 1


def test_the_checklist_is_final_once_a_document_is_issued(client, world, inspector, inspector2, inspection):
    client.force_login(inspector)
    items = list(checklist_items_for(world.enterprise_x))
    url = reverse("inspections:checklist", args=[inspection.pk])
    client.post(url, {f"result_{item.pk}": "passed" for item in items} | {"all_ok": "1"})
    document_issue(
        kind=DocumentKind.INSPECTION_RECORD,
        enterprise=world.enterprise_x,
        actor=inspector,
        co_signer=inspector2,
        inspection=inspection,
        facts="现场检查",
    )

    page = client.get(inspection.get_absolute_url()).content.decode()
    assert 'name="all_ok"' not in page
    response = client.post(
        url,
        {f"result_{item.pk}": "passed" for item in items}
        | {f"result_{items[0].pk}": "failed", "rectification_deadline": str(TODAY), "responsible_person": "王"},
        follow=True,
    )
    assert "检查表不能再修改" in response.content.decode()
    assert not inspection.checks.filter(result="failed").exists() and not inspection.hazards.exists()


def finding(inspection, inspector, description, location, **extra):
    return inspection_add_finding(
        inspection=inspection,
        actor=inspector,
        location=location,
        description=description,
        rectification_deadline=TODAY + timedelta(days=20),
        responsible_person="王建国",
        **extra,
    )


@pytest.mark.parametrize("kind", [DocumentKind.RECTIFICATION_ORDER, DocumentKind.RECHECK_OPINION])
def test_the_order_and_recheck_forms_pre_tick_exactly_the_inspections_hazards(
    client, world, inspector, inspection, kind
):
    found = [
        finding(inspection, inspector, "配电箱前堆放杂物", "一号车间"),
        finding(inspection, inspector, "液氨储罐无泄漏报警", "冷库机房", level="major", **MAJOR_PLAN),
    ]
    other = make_hazard(enterprise=world.enterprise_x, reported_by=inspector, description="消防通道堵塞")
    client.force_login(inspector)

    url = reverse("documents:issue", args=[world.enterprise_x.pk, kind])
    page = client.get(f"{url}?inspection={inspection.pk}").content.decode()

    assert [checked(page, "hazards", h.pk) for h in (*found, other)] == [True, True, False]
    deadline = f"{TODAY + timedelta(days=20):%Y-%m-%d}"
    assert f"配电箱前堆放杂物（一号车间） · 一般事故隐患 · 期限 {deadline}" in page
    assert f"液氨储罐无泄漏报警（冷库机房） · 重大事故隐患 · 期限 {deadline}" in page
    assert f"{world.enterprise_x.name} · " not in page
    # Opened without an inspection, nothing is ticked for the inspector.
    page = client.get(url).content.decode()
    assert not any(checked(page, "hazards", h.pk) for h in (*found, other))


def test_a_foreign_inspection_in_the_query_is_a_404_not_anothers_hazards(client, world, inspector, inspector2):
    elsewhere = inspection_record(
        enterprise=world.enterprise_y, date=TODAY, inspectors=[inspector, inspector2], actor=inspector
    )
    client.force_login(inspector)
    url = reverse("documents:issue", args=[world.enterprise_x.pk, DocumentKind.RECTIFICATION_ORDER])
    assert client.get(f"{url}?inspection={elsewhere.pk}").status_code == 404


class Browser:
    """The test client as a person's browser: each get or post (its redirects followed) is one page load."""

    def __init__(self, client):
        self.client, self.loads = client, 0

    def get(self, url):
        return self._load(self.client.get(url, follow=True))

    def post(self, url, data):
        return self._load(self.client.post(url, data, follow=True))

    def _load(self, response):
        assert response.status_code == 200
        self.loads += 1
        return response.content.decode()


def test_the_inspectors_path_from_the_due_list_to_a_printed_order_takes_at_most_six_page_loads(
    client, world, inspector, inspector2
):
    client.force_login(inspector)
    browser = Browser(client)

    due = browser.get(reverse("enterprises:due"))
    new = start_link(world.enterprise_x)
    assert new in start_links(due)

    form = browser.get(new)
    data = post_form(form, new, new)
    data["inspectors"] = [str(inspector.pk), str(inspector2.pk)]
    detail = browser.post(new, data)
    inspection = Inspection.objects.get(enterprise=world.enterprise_x)

    # 全部符合 (the script ticks every item) and one exception, saved once.
    items = list(checklist_items_for(world.enterprise_x))
    checklist_url = reverse("inspections:checklist", args=[inspection.pk])
    data = post_form(detail, inspection.get_absolute_url(), checklist_url)
    assert all(data[f"result_{item.pk}"] == ["passed"] for item in items)
    data[f"result_{items[0].pk}"] = ["failed"]
    data.update(rectification_deadline=[str(TODAY + timedelta(days=15))], responsible_person=["王建国"])
    detail = browser.post(checklist_url, data)
    hazard = inspection.hazards.get()

    order_url = html.unescape(re.search(r'href="([^"]*/order/\?inspection=\d+)"', detail).group(1))
    order_form = browser.get(order_url)
    assert checked(order_form, "hazards", hazard.pk)
    data = post_form(order_form, order_url, order_url)
    data.update(co_signer=[str(inspector2.pk)], deadline=[str(TODAY + timedelta(days=15))])
    printed = browser.post(order_url, data)

    order = Document.objects.get(kind=DocumentKind.RECTIFICATION_ORDER)
    assert list(order.hazards.all()) == [hazard] and order.inspection == inspection
    assert items[0].text in printed and "data-print" in printed and order.number in printed
    assert browser.loads <= 6, browser.loads
