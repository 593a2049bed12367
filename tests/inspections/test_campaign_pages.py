"""The special-campaign pages (专项整治): who may see and change what, the form, targets and progress."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.navigation import nav_for
from enterprises.models import Industry, SpecialCategory
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.services import campaign_generate_targets, campaign_save
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import InspectionKind
from inspections.inspection.services import inspection_add_finding, inspection_record
from tests.factories import make_enterprise

TODAY = timezone.localdate()


def make_campaign(staff, *, name="涉尘专项整治", categories=("dust",), industries=(), towns=()):
    return campaign_save(
        campaign=Campaign(name=name, start_date=date(2026, 3, 1), end_date=date(2026, 12, 31)),
        special_categories=list(SpecialCategory.objects.filter(code__in=categories)),
        industries=list(industries),
        towns=list(towns),
        actor=staff,
    )


def dusty(enterprise):
    enterprise.special_categories.add(SpecialCategory.objects.get(code="dust"))
    return enterprise


@pytest.fixture
def campaign(world, staff):
    """A dust campaign with X (town 1) and Y (town 2) as its targets."""
    dusty(world.enterprise_x)
    dusty(world.enterprise_y)
    campaign = make_campaign(staff)
    campaign_generate_targets(campaign=campaign, actor=staff)
    return campaign


def target_of(campaign, enterprise):
    return CampaignTarget.objects.get(campaign=campaign, enterprise=enterprise)


def form_data(**overrides):
    data = {
        "name": "危化品罐区专项整治",
        "description": "逐家排查罐区，限期整改。",
        "start_date": "2026-08-25",
        "end_date": "2026-12-31",
        "special_categories": [SpecialCategory.objects.get(code="chemical_tank_area").pk],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# Who may open what: (persona, list, detail, create, edit).
MATRIX = [
    ("bureau_admin", 200, 200, 403, 403),
    ("staff", 200, 200, 200, 200),
    ("inspector", 200, 200, 403, 403),
    ("grid_officer_a", 200, 200, 403, 403),
    ("enterprise_user_x", 403, 403, 403, 403),
]


@pytest.mark.parametrize(("persona", "list_status", "detail_status", "create_status", "edit_status"), MATRIX)
def test_each_role_opens_only_its_pages(
    request, client, campaign, persona, list_status, detail_status, create_status, edit_status
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("campaigns:list")).status_code == list_status
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == detail_status
    assert client.get(reverse("campaigns:create")).status_code == create_status
    assert client.get(reverse("campaigns:edit", args=[campaign.pk])).status_code == edit_status


@pytest.mark.parametrize(
    ("persona", "generate_status", "mark_status"),
    [
        ("bureau_admin", 403, 403),
        ("staff", 302, 302),
        ("inspector", 403, 302),
        ("grid_officer_a", 403, 403),
        ("grid_officer_b", 403, 404),  # X's target is outside cell B: it does not exist for them
        ("enterprise_user_x", 403, 403),
    ],
)
def test_only_staff_generate_and_only_inspectors_and_staff_mark(
    request, client, campaign, world, persona, generate_status, mark_status
):
    client.force_login(request.getfixturevalue(persona))
    target = target_of(campaign, world.enterprise_x)

    generate = client.post(reverse("campaigns:generate_targets", args=[campaign.pk]))
    mark = client.post(reverse("campaigns:mark_target", args=[target.pk]), {"step": "surveyed"})

    assert (generate.status_code, mark.status_code) == (generate_status, mark_status)
    target.refresh_from_db()
    assert (target.surveyed_on == TODAY) is (mark_status == 302)


def test_a_missing_campaign_or_target_is_a_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("campaigns:detail", args=[999999])).status_code == 404
    assert client.get(reverse("campaigns:edit", args=[999999])).status_code == 404
    assert client.post(reverse("campaigns:mark_target", args=[999999]), {"step": "surveyed"}).status_code == 404


def test_get_is_not_allowed_on_the_actions(client, campaign, staff, world):
    client.force_login(staff)
    dusty(make_enterprise(grid_cell=world.village_a))  # a target a POST would add

    assert client.get(reverse("campaigns:generate_targets", args=[campaign.pk])).status_code == 405
    assert campaign.targets.count() == 2
    assert not CampaignTarget.objects.filter(surveyed_on__isnull=False).exists()


def test_only_staff_see_the_new_button(client, world, staff, inspector):
    client.force_login(staff)
    assert "新建专项整治" in client.get(reverse("campaigns:list")).content.decode()

    client.force_login(inspector)
    assert "新建专项整治" not in client.get(reverse("campaigns:list")).content.decode()


def test_the_navigation_offers_campaigns_to_grid_officers_not_enterprises(world, grid_officer_a, enterprise_user_x):
    assert "专项整治" in [item["label"] for item in nav_for(grid_officer_a)]
    assert "专项整治" not in [item["label"] for item in nav_for(enterprise_user_x)]


def test_the_tank_area_campaign_is_created_through_the_form(client, world, staff):
    client.force_login(staff)

    response = client.post(reverse("campaigns:create"), form_data())

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert [c.code for c in campaign.special_categories.all()] == ["chemical_tank_area"]
    assert campaign.industries == []
    assert not campaign.towns.exists()  # the whole city
    assert campaign.created_by == staff
    assert "全市" in client.get(response["Location"]).content.decode()


def test_three_places_two_kinds_one_industry_is_created_through_the_form(client, world, staff):
    codes = ["dust", "confined_space", "spray_coating", "ammonia_refrigeration", "shipbuilding", "metallurgy"]
    client.force_login(staff)

    client.post(
        reverse("campaigns:create"),
        form_data(
            name="“三场所两企业一行业”专项整治",
            start_date="2026-03-01",
            special_categories=list(SpecialCategory.objects.filter(code__in=codes).values_list("pk", flat=True)),
            industries=[Industry.METALLURGY, Industry.SHIPBUILDING],
            towns=[world.town1.pk],
        ),
    )

    campaign = Campaign.objects.get()
    assert set(campaign.special_categories.values_list("code", flat=True)) == set(codes)
    assert campaign.industries == ["metallurgy", "shipbuilding"]
    assert list(campaign.towns.all()) == [world.town1]
    body = client.get(reverse("campaigns:list")).content.decode()
    assert "有限空间" in body and "冶金行业" in body and "仙降街道" in body


def test_an_end_before_the_start_is_refused_in_chinese(client, world, staff):
    client.force_login(staff)

    response = client.post(reverse("campaigns:create"), form_data(start_date="2026-08-25", end_date="2026-08-01"))

    assert response.status_code == 200
    assert "结束日期不能早于开始日期。" in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_campaign_without_scope_is_refused(client, world, staff):
    client.force_login(staff)

    response = client.post(reverse("campaigns:create"), form_data(special_categories=None))

    assert "请至少选择一个特殊类别或行业，作为整治范围。" in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_unknown_industry_is_refused(client, world, staff):
    client.force_login(staff)

    response = client.post(reverse("campaigns:create"), form_data(industries=["gold_mining"]))

    assert response.status_code == 200
    assert "gold_mining" in response.content.decode()  # Django: 选择一个有效的选项。gold_mining 不在可用的选项中。
    assert not Campaign.objects.exists()


def test_staff_edit_a_campaign(client, world, staff):
    campaign = make_campaign(staff, towns=[world.town1])
    client.force_login(staff)

    response = client.post(
        reverse("campaigns:edit", args=[campaign.pk]),
        form_data(name="涉尘涉爆专项整治", special_categories=[SpecialCategory.objects.get(code="dust").pk]),
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "涉尘涉爆专项整治"
    assert campaign.start_date == date(2026, 8, 25)
    assert not campaign.towns.exists()  # no town ticked: now the whole city
    assert campaign.created_by == staff


def test_a_bad_edit_changes_nothing(client, world, staff):
    campaign = make_campaign(staff)
    client.force_login(staff)

    response = client.post(reverse("campaigns:edit", args=[campaign.pk]), form_data(name="改名", end_date="2026-01-01"))

    assert "结束日期不能早于开始日期。" in response.content.decode()
    campaign.refresh_from_db()
    assert (campaign.name, campaign.end_date) == ("涉尘专项整治", date(2026, 12, 31))


def test_the_target_list_is_generated_from_the_page(client, world, staff):
    dusty(world.enterprise_x)
    dusty(make_enterprise(grid_cell=world.village_b))
    make_enterprise(grid_cell=world.village_a)  # no dust: not a target
    campaign = make_campaign(staff)
    client.force_login(staff)

    response = client.post(reverse("campaigns:generate_targets", args=[campaign.pk]), follow=True)

    assert "新增整治对象 2 家" in response.content.decode()
    assert campaign.targets.count() == 2

    dusty(make_enterprise(grid_cell=world.village_a))
    response = client.post(reverse("campaigns:generate_targets", args=[campaign.pk]), follow=True)
    assert "新增整治对象 1 家" in response.content.decode()
    assert campaign.targets.count() == 3


def test_a_target_is_surveyed_then_completed(client, campaign, world, inspector):
    target = target_of(campaign, world.enterprise_x)
    client.force_login(inspector)
    url = reverse("campaigns:mark_target", args=[target.pk])

    response = client.post(url, {"step": "surveyed"})
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    client.post(url, {"step": "completed"})

    target.refresh_from_db()
    assert (target.surveyed_on, target.completed_on) == (TODAY, TODAY)


def test_an_unsurveyed_target_cannot_be_completed(client, campaign, world, inspector):
    target = target_of(campaign, world.enterprise_x)
    client.force_login(inspector)

    response = client.post(reverse("campaigns:mark_target", args=[target.pk]), {"step": "completed"}, follow=True)

    assert "尚未排查的单位不能标记为整治完成" in response.content.decode()
    target.refresh_from_db()
    assert target.completed_on is None


def test_marking_again_keeps_the_first_date(client, campaign, world, inspector):
    target = target_of(campaign, world.enterprise_x)
    CampaignTarget.objects.filter(pk=target.pk).update(surveyed_on=date(2026, 4, 1))
    client.force_login(inspector)

    response = client.post(reverse("campaigns:mark_target", args=[target.pk]), {"step": "surveyed"}, follow=True)

    assert "已于 2026-04-01 排查" in response.content.decode()
    target.refresh_from_db()
    assert target.surveyed_on == date(2026, 4, 1)


def test_marking_returns_to_the_filtered_page_but_never_off_site(client, campaign, world, inspector):
    target = target_of(campaign, world.enterprise_x)
    client.force_login(inspector)
    url = reverse("campaigns:mark_target", args=[target.pk])
    here = reverse("campaigns:detail", args=[campaign.pk]) + "?state=pending&page=1"

    assert client.post(url, {"step": "surveyed", "next": here})["Location"] == here
    response = client.post(url, {"step": "completed", "next": "https://evil.example/"})
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])


def test_an_unknown_step_changes_nothing(client, campaign, world, inspector):
    target = target_of(campaign, world.enterprise_x)
    client.force_login(inspector)

    client.post(reverse("campaigns:mark_target", args=[target.pk]), {"step": "surveyed_on"})

    target.refresh_from_db()
    assert target.surveyed_on is None


def test_the_progress_table_counts_the_campaigns_work(client, world, staff, inspector, inspector2):
    for enterprise in (world.enterprise_x, world.enterprise_y, make_enterprise(grid_cell=world.village_a)):
        dusty(enterprise)
    campaign = make_campaign(staff, name="涉尘专项整治")
    campaign_generate_targets(campaign=campaign, actor=staff)
    # One campaign inspection of X by two inspectors, finding one hazard put under a rectification order.
    inspection = inspection_record(
        enterprise=world.enterprise_x,
        date=TODAY,
        inspectors=[inspector, inspector2],
        actor=inspector,
        kind=InspectionKind.CAMPAIGN,
        campaign=campaign,
    )
    hazard = inspection_add_finding(
        inspection=inspection,
        actor=inspector,
        location="抛光车间",
        description="除尘系统未接地",
        rectification_deadline=TODAY + timedelta(days=15),
        responsible_person="李明",
    )
    document_issue(
        kind=DocumentKind.RECTIFICATION_ORDER,
        enterprise=world.enterprise_x,
        actor=inspector,
        co_signer=inspector2,
        inspection=inspection,
        hazards=[hazard],
        deadline=TODAY + timedelta(days=15),
    )
    # Y was surveyed and completed without an inspection of this campaign.
    CampaignTarget.objects.filter(campaign=campaign, enterprise=world.enterprise_y).update(
        surveyed_on=TODAY, completed_on=TODAY
    )
    client.force_login(staff)

    response = client.get(reverse("campaigns:detail", args=[campaign.pk]))

    rows = {row["town"]: row for row in response.context["rows"]}
    town1, town2, total = rows[world.town1], rows[world.town2], response.context["total"]
    assert (town1["targets"], town1["surveyed"], town1["inspected_units"], town1["completed"]) == (2, 1, 1, 0)
    assert (town1["visits"], town1["inspector_visits"], town1["found"], town1["rectified"]) == (1, 2, 1, 0)
    assert (town1["orders"], town1["suspensions"]) == (1, 0)
    assert (town2["targets"], town2["surveyed"], town2["inspected_units"], town2["completed"]) == (1, 1, 0, 1)
    assert (total["targets"], total["surveyed"], total["completed"], total["orders"]) == (3, 2, 1, 1)
    body = response.content.decode()
    assert "合计" in body and "出动执法人员(人次)" in body and "限期整改指令书" in body
    # The list's one-line progress agrees with the table.
    listed = client.get(reverse("campaigns:list")).context["page_obj"][0]
    assert (listed.target_count, listed.inspected_count, listed.completed_count) == (3, 1, 1)


def test_a_grid_officer_sees_the_totals_but_only_their_own_targets(client, campaign, world, grid_officer_a):
    client.force_login(grid_officer_a)

    response = client.get(reverse("campaigns:detail", args=[campaign.pk]))

    assert [t.enterprise for t in response.context["page_obj"]] == [world.enterprise_x]
    assert response.context["total"]["targets"] == 2
    assert "已排查</button>" not in response.content.decode()  # no buttons for them


def test_grid_officers_cannot_mark_even_their_own_targets(client, campaign, world, grid_officer_a):
    target = target_of(campaign, world.enterprise_x)
    client.force_login(grid_officer_a)

    assert client.post(reverse("campaigns:mark_target", args=[target.pk]), {"step": "surveyed"}).status_code == 403


def test_targets_filter_by_state_and_town(client, campaign, world, staff):
    CampaignTarget.objects.filter(enterprise=world.enterprise_y).update(surveyed_on=TODAY)
    client.force_login(staff)
    url = reverse("campaigns:detail", args=[campaign.pk])

    def names(**params):
        return [t.enterprise.name for t in client.get(url, params).context["page_obj"]]

    assert names() == ["企业X", "企业Y"]
    assert names(state="pending") == ["企业X"]
    assert names(state="surveyed") == ["企业Y"]
    assert names(state="completed") == []
    assert names(town=world.town2.code) == ["企业Y"]


def test_the_target_list_pages_by_fifty(client, world, staff):
    for _ in range(51):
        dusty(make_enterprise(grid_cell=world.village_a))
    campaign = make_campaign(staff)
    campaign_generate_targets(campaign=campaign, actor=staff)
    client.force_login(staff)

    page = client.get(reverse("campaigns:detail", args=[campaign.pk]), {"page": 2}).context["page_obj"]

    assert (page.number, len(page), page.paginator.count) == (2, 1, 51)


def test_the_list_takes_the_same_queries_for_more_campaigns(
    client, world, staff, inspector, inspector2, django_assert_max_num_queries
):
    dusty(world.enterprise_x)
    dusty(world.enterprise_y)

    def add_campaigns(n):
        for i in range(n):
            campaign = make_campaign(staff, name=f"专项整治{i}", towns=[world.town1, world.town2])
            campaign_generate_targets(campaign=campaign, actor=staff)
            inspection_record(
                enterprise=world.enterprise_x,
                date=TODAY,
                inspectors=[inspector, inspector2],
                actor=inspector,
                kind=InspectionKind.CAMPAIGN,
                campaign=campaign,
            )

    client.force_login(staff)
    add_campaigns(2)
    client.get(reverse("campaigns:list"))  # the session and caches warm up
    with django_assert_max_num_queries(20) as few:
        response = client.get(reverse("campaigns:list"))
    assert len(response.context["page_obj"]) == 2

    add_campaigns(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("campaigns:list"))
    assert len(response.context["page_obj"]) == 10
    assert {(c.target_count, c.inspected_count) for c in response.context["page_obj"]} == {(2, 1)}
