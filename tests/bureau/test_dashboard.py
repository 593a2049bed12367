"""The staff dashboard's "数字轨迹": each figure counted from records made here, for the period picked."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.dashboard.figures import campaigns_in_force, dashboard_figures
from bureau.figures import REGISTRY, Period
from enterprises.models import Industry, MajorHazardSource, ServiceMode
from hazards.models import SelfCheck
from inspections.accidents.models import Accountability
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.enforcement.approval import draft_save, draft_submit
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection
from inspections.registers.models import Expert, Talk
from tests.factories import make_enterprise, make_hazard
from tests.procedure import decided_case, filed_case, issue_for
from tests.totals import figure_values

TODAY = timezone.localdate()
START = TODAY - timedelta(days=60)
BEFORE = START - timedelta(days=1)
PERIOD = {"start": START.isoformat(), "end": TODAY.isoformat()}


def trail_figures(user, start=START, end=TODAY):
    """The dashboard's figures for `user` by label, as the page shows them."""
    shown = dashboard_figures(user, Period(start, end))
    return {f.label: f for panel in shown["panels"] for f in panel["figures"]} | {f.label: f for f in shown["cards"]}


def page_figures(response):
    """{label: value} of the figures the page shows, read from its HTML (the bureau's is kept as rendered)."""
    return {REGISTRY[key].label: value for key, value in figure_values(response).items() if key in REGISTRY}


def inspect(enterprise, day, inspectors, *, experts=(), campaign=None):
    inspection = Inspection.objects.create(enterprise=enterprise, date=day, campaign=campaign, created_by=inspectors[0])
    inspection.inspectors.set(inspectors)
    inspection.experts.set(experts)
    return inspection


def make_records(world, staff, inspector, inspector2, copies=1):
    """Known records in and out of the period; `copies` > 1 makes more of everything for the query-count test."""
    inspectors = [inspector, inspector2]
    x, y = world.enterprise_x, world.enterprise_y
    experts = [Expert.objects.create(name=f"专家{n}", specialty="危化品") for n in range(2)]
    for _ in range(copies):
        first = inspect(x, START, inspectors, experts=experts)
        inspect(y, TODAY, inspectors)
        inspect(y, START + timedelta(days=5), inspectors)
        inspect(x, BEFORE, inspectors, experts=experts[:1])  # outside the period
        closed = make_hazard(enterprise=x, reported_by=inspector, source="inspection", status="closed")
        open_ = make_hazard(enterprise=x, reported_by=inspector, source="inspection", status="rectifying")
        first.hazards.set([closed, open_])
    suspended = make_enterprise(grid_cell=world.village_a)
    document_issue(
        kind=DocumentKind.MEASURES_DECISION, enterprise=suspended, actor=inspector, co_signer=inspector2, suspends=True
    )
    decided_case(y, inspector, inspector2, fine=Decimal("20000"))
    for n in range(2):
        make_enterprise(grid_cell=world.village_a, key_supervision=True, name=f"重点{n}")
    for control in ["accepted", "accepted", "installing"]:
        MajorHazardSource.objects.create(
            enterprise=make_enterprise(grid_cell=world.village_b, industry=Industry.CHEMICALS),
            name="液氨储罐",
            level=MajorHazardSource.Level.THREE,
            control_system=control,
        )
    checked, checked_last_year = make_enterprise(grid_cell=world.village_a), make_enterprise(grid_cell=world.village_b)
    SelfCheck.objects.create(enterprise=checked, year=TODAY.year, month=TODAY.month, submitted_by=staff)
    SelfCheck.objects.create(enterprise=checked_last_year, year=BEFORE.year - 1, month=BEFORE.month, submitted_by=staff)
    make_enterprise(grid_cell=world.village_a, service_mode=ServiceMode.ALLIANCE, service_provider="制鞋行业互助联盟")
    for _ in range(2):
        make_enterprise(grid_cell=world.village_b, service_mode=ServiceMode.AGENCY, service_provider="安全服务公司")
    mine = make_enterprise(grid_cell=world.village_b, industry=Industry.NON_COAL_MINE)
    chemical = make_enterprise(grid_cell=world.village_b, industry=Industry.CHEMICALS)
    for enterprise, count in [(mine, 1), (chemical, 2)]:
        for _ in range(count):
            Talk.objects.create(
                enterprise=enterprise, head_name="负责人", date=TODAY, topics="安全投入", created_by=staff
            )
    campaign = Campaign.objects.create(
        name="涉氨制冷专项整治",
        start_date=START - timedelta(days=30),
        end_date=TODAY + timedelta(days=30),
        created_by=staff,
    )
    Campaign.objects.create(name="去年的整治", start_date=date(2000, 1, 1), end_date=BEFORE, created_by=staff)
    inspected = make_enterprise(grid_cell=world.village_a)
    CampaignTarget.objects.create(campaign=campaign, enterprise=x, surveyed_on=START)
    CampaignTarget.objects.create(campaign=campaign, enterprise=y, surveyed_on=START, completed_on=TODAY)
    CampaignTarget.objects.create(campaign=campaign, enterprise=inspected)
    inspect(inspected, BEFORE, inspectors, campaign=campaign)
    for kind, people, day in [
        ("criminal", 2, START),
        ("criminal", 4, TODAY),
        ("criminal", 9, BEFORE),
        ("discipline", 5, START),
        ("discipline", 9, TODAY),
        *[("bulletin", 1, TODAY) for _ in range(3)],
    ]:
        Accountability.objects.create(date=day, kind=kind, person_count=people, summary="追责", recorded_by=staff)
    return campaign


@pytest.fixture
def records(world, staff, inspector, inspector2):
    return make_records(world, staff, inspector, inspector2)


def test_each_figure_counts_its_records_in_the_period(records, world, staff):
    trail = trail_figures(staff)

    assert trail["检查生产经营单位"].value == 3
    assert trail["出动执法人员"].value == 6
    assert trail["查处各类隐患"].value == 2
    assert trail["已完成整改"].value == 1
    assert trail["责令暂时停产停业"].value == 1
    assert trail["立案处罚"].value == 1
    assert trail["处罚金额"].text == "2"
    assert trail["重点监管企业“一企一档”"].value == 2
    assert trail["重大危险源单位"].value == 3
    assert trail["自动化控制系统已验收"].value == 2
    assert trail["自动化控制系统安装中"].value == 1
    assert trail["自主开展隐患自查自报自改"].value == 1
    assert trail["在册生产经营单位"].value == 16
    assert trail["参加行业互助联盟"].value == 1
    assert trail["委托外包服务"].value == 2
    assert trail["专家参与检查和评审"].value == 2
    assert trail["与非煤矿山企业矿长谈心谈话"].value == 1
    assert trail["与危化品企业负责人谈心谈话"].value == 2
    assert trail["移送追究刑事责任"].value == 6
    assert trail["追究党政纪责任"].value == 14
    assert trail["追责问责情况通报"].value == 3
    [campaign] = campaigns_in_force(Period(START, TODAY))
    assert campaign == records
    assert (campaign.target_count, campaign.surveyed_count, campaign.inspected_count, campaign.completed_count) == (
        3,
        3,
        1,
        1,
    )


def test_each_figure_links_to_the_list_it_counts(records, staff):
    trail = trail_figures(staff)

    assert trail["重点监管企业“一企一档”"].url == "/enterprises/?in_registry=1&key_supervision=1"
    assert trail["重大危险源单位"].url == "/enterprises/sources/"
    assert trail["参加行业互助联盟"].url == "/enterprises/?in_registry=1&service_mode=alliance"
    assert trail["委托外包服务"].url == "/enterprises/?in_registry=1&service_mode=agency"
    assert trail["检查生产经营单位"].url == (
        f"/inspections/?date_after={START.isoformat()}&date_before={TODAY.isoformat()}"
    )
    assert trail["移送追究刑事责任"].url == (
        f"/accidents/follow-ups/?start={START.isoformat()}&end={TODAY.isoformat()}&kind=criminal"
    )
    assert all(f.url.startswith("/") for f in trail.values())


def test_the_accountability_list_shows_what_the_figure_counts(client, records, staff):
    client.force_login(staff)
    url = trail_figures(staff)["移送追究刑事责任"].url

    response = client.get(url)

    assert response.context["totals"]["criminal"] == 6
    assert [r.person_count for r in response.context["page_obj"]] == [4, 2]


# One query per source of figures (thirteen, the yearly plan's counts, the open case deadlines and the major hazard
# listings among them), the grade intervals of the due list and the holiday calendar (what "due soon" means): never
# more with more records.
def test_the_figures_take_a_fixed_number_of_queries(world, staff, inspector, inspector2, django_assert_max_num_queries):
    # One query per counted source (17 with the accidents' investigation deadlines), however many records there are.
    make_records(world, staff, inspector, inspector2)
    with django_assert_max_num_queries(17):
        small = trail_figures(staff)

    make_records(world, staff, inspector, inspector2, copies=5)
    with django_assert_max_num_queries(17):
        large = trail_figures(staff)

    assert large["检查生产经营单位"].value == small["检查生产经营单位"].value + 3 * 5
    assert len(campaigns_in_force(Period(START, TODAY))) == 2


# The page ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["bureau_admin", "staff", "inspector"])
def test_the_bureau_sees_the_trail_on_its_home_page(request, client, records, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("home"), PERIOD)

    body = response.content.decode()
    assert "数字轨迹" in body and "涉氨制冷专项整治" in body
    assert page_figures(response)["追究党政纪责任"] == 14
    assert 'href="/enterprises/?in_registry=1&amp;key_supervision=1" data-figure="enterprises.key_supervision"' in body


def test_a_grid_officer_keeps_the_watch_list_without_the_trail(client, records, grid_officer_a):
    client.force_login(grid_officer_a)

    response = client.get(reverse("home"))

    assert not response.context["figures_html"]["panels"] and response.context["watch"] is not None
    assert "数字轨迹" not in response.content.decode()


def test_an_enterprise_user_goes_to_the_dossier(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = client.get(reverse("home"))

    assert response.status_code == 302 and response["Location"] == reverse(
        "enterprises:detail", args=[world.enterprise_x.pk]
    )


def test_the_default_period_is_this_year_so_far(client, world, staff):
    client.force_login(staff)

    period = client.get(reverse("home")).context["period"]

    assert period == Period(date(TODAY.year, 1, 1), TODAY)


def test_the_period_narrows_the_figures(client, records, staff):
    client.force_login(staff)

    response = client.get(reverse("home"), {"start": TODAY.isoformat(), "end": TODAY.isoformat()})

    assert response.context["period"] == Period(TODAY, TODAY)
    assert page_figures(response)["检查生产经营单位"] == 1
    assert page_figures(response)["移送追究刑事责任"] == 4


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"start": "2026-13-01", "end": "2026-08-31"}, "起始日期格式应为 2026-01-01。"),
        ({"start": "2026-09-01", "end": "2026-08-31"}, "起始日期不能晚于截止日期。"),
        ({"start": "", "end": "2026-08-31"}, "请填写起始日期。"),
    ],
)
def test_bad_dates_say_why_and_fall_back_to_the_default(client, world, staff, params, error):
    client.force_login(staff)

    response = client.get(reverse("home"), params)

    assert error in response.content.decode()
    assert response.context["period"] == Period(date(TODAY.year, 1, 1), TODAY)


def test_a_write_shows_at_once_though_the_figures_are_kept(client, records, staff, world, inspector):
    """The bureau's figures are kept in the cache, but under a version every write replaces: none is stale."""
    client.force_login(staff)
    before = page_figures(client.get(reverse("home"), PERIOD))
    assert page_figures(client.get(reverse("home"), PERIOD))["检查生产经营单位"] == before["检查生产经营单位"]

    inspect(world.enterprise_x, TODAY, [inspector])
    make_enterprise(grid_cell=world.village_a, key_supervision=True)

    after = page_figures(client.get(reverse("home"), PERIOD))
    assert after["检查生产经营单位"] == before["检查生产经营单位"] + 1
    assert after["重点监管企业“一企一档”"] == before["重点监管企业“一企一档”"] + 1


def test_a_closed_enterprise_is_no_longer_counted_as_key_supervised(records, staff, world):
    closing = make_enterprise(grid_cell=world.village_a, key_supervision=True)
    before = trail_figures(staff)["重点监管企业“一企一档”"].value

    closing.status = "closed"
    closing.save()

    assert trail_figures(staff)["重点监管企业“一企一档”"].value == before - 1


def test_a_unit_with_sources_in_two_states_is_counted_once(records, staff, world):
    before = trail_figures(staff)
    unit = make_enterprise(grid_cell=world.village_b, industry=Industry.CHEMICALS)
    for control in ["accepted", "installing"]:
        MajorHazardSource.objects.create(
            enterprise=unit, name="储罐", level=MajorHazardSource.Level.FOUR, control_system=control
        )

    after = trail_figures(staff)

    assert after["重大危险源单位"].value == before["重大危险源单位"].value + 1
    assert after["自动化控制系统已验收"].value == before["自动化控制系统已验收"].value
    assert after["自动化控制系统安装中"].value == before["自动化控制系统安装中"].value + 1


def test_the_documents_waiting_for_approval_follow_a_submit_though_kept(client, world, staff, inspector, inspector2):
    """The approvals count is kept with the figures (the same for every staff member): a submit shows at once."""
    client.force_login(staff)

    def waiting():
        page = client.get(reverse("home")).content.decode()
        return int(re.search(r'data-todo="todo-approvals">.*?<span class="badge [^"]*">(\d+)</span>', page, re.S)[1])

    case = filed_case(world.enterprise_x, inspector, inspector2)
    issue_for(case, DocumentKind.INQUIRY_RECORD, inspector, inspector2, facts="询问当事人")
    before = waiting()
    assert waiting() == before  # now kept

    draft = draft_save(
        case=case, kind=DocumentKind.INVESTIGATION_REPORT, actor=inspector, co_signer=inspector2, facts="事实清楚"
    )
    draft_submit(draft=draft, actor=inspector)

    assert waiting() == before + 1
