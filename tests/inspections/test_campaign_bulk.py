"""Campaign targets for clerks: the list filters by category, industry and name, shows each target's categories,
counts progress by category, and marks many targets at once.

A clerk marks every target of a filter (or of a page, or those ticked) with one step and one day in three page
loads: the list, the POST, the list it returns to. The day follows the single mark's rule; targets already marked
keep their day; a replayed POST changes nothing; only inspectors and staff mark, and only the campaign's targets
the filter selects on the server are reached."""

from datetime import date, timedelta

import pytest
from django.db import reset_queries
from django.urls import reverse
from django.utils import timezone

from bureau import once
from enterprises.models import Industry, SpecialCategory
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.services import campaign_generate_targets, campaign_save
from inspections.inspection.models import InspectionKind
from inspections.inspection.services import inspection_record
from tests.factories import make_enterprise
from tests.security.page_forms import post_form

TODAY = timezone.localdate()
AMMONIA, DUST = "ammonia_refrigeration", "dust"


def category(code):
    return SpecialCategory.objects.get(code=code)


def add_enterprises(world, ammonia=0, dust=0):
    """`ammonia` cold stores (涉氨制冷, machinery, town 1) and `dust` shoe makers (涉尘, town 2)."""
    for i in range(ammonia):
        make_enterprise(
            grid_cell=world.village_a, name=f"冷库{i:02d}", industry=Industry.MACHINERY
        ).special_categories.add(category(AMMONIA))
    for i in range(dust):
        make_enterprise(grid_cell=world.village_b, name=f"鞋厂{i:02d}", industry=Industry.SHOES).special_categories.add(
            category(DUST)
        )


def make_campaign(staff, *, start=TODAY - timedelta(days=60), end=TODAY + timedelta(days=60), name="冷链粉尘专项整治"):
    campaign = campaign_save(
        campaign=Campaign(name=name, start_date=start, end_date=end),
        special_categories=[category(AMMONIA), category(DUST)],
        industries=[],
        towns=[],
        actor=staff,
    )
    campaign_generate_targets(campaign=campaign, actor=staff)
    return campaign


@pytest.fixture
def big(world, staff):
    """57 targets: X (涉氨制冷 and 涉尘, town 1), Y (涉尘, town 2), 40 cold stores (town 1), 15 shoe makers (town 2)."""
    world.enterprise_x.special_categories.add(category(AMMONIA), category(DUST))
    world.enterprise_y.special_categories.add(category(DUST))
    add_enterprises(world, ammonia=40, dust=15)
    return make_campaign(staff)


def detail(campaign):
    return reverse("campaigns:detail", args=[campaign.pk])


def bulk_url(campaign):
    return reverse("campaigns:mark_targets", args=[campaign.pk])


def surveyed(campaign):
    return set(
        CampaignTarget.objects.filter(campaign=campaign, surveyed_on__isnull=False).values_list(
            "enterprise__name", flat=True
        )
    )


def names(client, campaign, **params):
    page = client.get(detail(campaign), params).context["page_obj"]
    return {t.enterprise.name for t in page.paginator.object_list}


class Loads:
    """A client that counts the pages it loads (each request, a redirect followed included)."""

    def __init__(self, client):
        self.client, self.count = client, 0

    def get(self, path, params=None):
        self.count += 1
        return self.client.get(path, params or {})

    def post_following(self, path, data):
        response = self.client.post(path, data, follow=True)
        self.count += 1 + len(response.redirect_chain)
        return response


def bulk_form(loads, campaign, query="", **data):
    """GET the list (with `query`), read its bulk form as a browser sends it, and fill in `data`."""
    path = detail(campaign) + (f"?{query}" if query else "")
    shown = loads.get(path)
    assert shown.status_code == 200
    form = post_form(shown.content.decode(), path, bulk_url(campaign))
    return {**form, **data}


# Filters and the category column ------------------------------------------------------------------------------


def test_the_filters_select_exactly(client, big, world, staff):
    client.force_login(staff)
    cold_stores = {f"冷库{i:02d}" for i in range(40)}
    shoe_makers = {f"鞋厂{i:02d}" for i in range(15)}

    assert names(client, big, category=AMMONIA) == cold_stores | {"企业X"}
    assert names(client, big, category=DUST) == shoe_makers | {"企业X", "企业Y"}
    assert names(client, big, industry=Industry.SHOES) == shoe_makers
    assert names(client, big, industry=Industry.MACHINERY) == cold_stores
    assert names(client, big, category=DUST, town=world.town1.code) == {"企业X"}
    assert names(client, big, q="冷库0") == {f"冷库0{i}" for i in range(10)}
    assert names(client, big, q=world.enterprise_y.credit_code.lower()) == {"企业Y"}
    assert names(client, big, q=world.enterprise_y.credit_code[:10]) == set()  # a code matches whole, a name in part
    assert names(client, big, category=AMMONIA, q="鞋厂") == set()


def test_the_dashboards_progress_parameter_keeps_its_meaning(client, big, world, staff, inspector, inspector2):
    # 已排查（含已检查）: surveyed, or visited by an inspection of the campaign.
    CampaignTarget.objects.filter(campaign=big, enterprise__name="冷库00").update(surveyed_on=TODAY)
    inspection_record(
        enterprise=world.enterprise_y,
        date=TODAY,
        inspectors=[inspector, inspector2],
        actor=inspector,
        kind=InspectionKind.CAMPAIGN,
        campaign=big,
    )
    client.force_login(staff)

    assert names(client, big, progress="reached") == {"冷库00", "企业Y"}
    assert names(client, big, progress="reached", category=AMMONIA) == {"冷库00"}
    assert names(client, big, progress="inspected") == {"企业Y"}


def test_each_row_shows_its_enterprises_categories(client, big, staff):
    client.force_login(staff)

    body = client.get(detail(big), {"q": "企业X"}).content.decode()

    row = body[body.index(">企业X<") :].split("</tr>")[0]
    assert "涉氨制冷" in row and "涉尘" in row


# Progress by category ------------------------------------------------------------------------------------------


def test_progress_by_category_counts_each_category_of_the_targets(client, big, world, staff):
    ammonia = CampaignTarget.objects.filter(campaign=big, enterprise__special_categories=category(AMMONIA))
    ammonia.update(surveyed_on=TODAY)
    ammonia.filter(enterprise__name__in=["冷库00", "冷库01"]).update(completed_on=TODAY)
    client.force_login(staff)

    response = client.get(detail(big))

    rows = {row["label"]: row for row in response.context["category_rows"]}
    assert [row["label"] for row in response.context["category_rows"]][:2] == ["涉尘", "涉氨制冷"]
    assert (rows["涉氨制冷"]["targets"], rows["涉氨制冷"]["surveyed"], rows["涉氨制冷"]["completed"]) == (41, 41, 2)
    assert (rows["涉尘"]["targets"], rows["涉尘"]["surveyed"], rows["涉尘"]["completed"]) == (17, 1, 0)  # X
    assert (rows["机械行业"]["targets"], rows["制鞋行业"]["targets"]) == (40, 15)
    body = response.content.decode()
    assert "涉氨制冷" in body and "41/41" in body
    # Each figure opens the targets it counts.
    assert f'href="?category={AMMONIA}&amp;progress=completed#targets">2/41' in body
    assert names(client, big, category=AMMONIA, progress="completed") == {"冷库00", "冷库01"}


# Bulk marking ---------------------------------------------------------------------------------------------------


def test_all_targets_a_filter_selects_are_marked_in_three_page_loads(client, big, world, inspector):
    first = CampaignTarget.objects.get(campaign=big, enterprise__name="冷库00")
    first.surveyed_on = TODAY - timedelta(days=3)
    first.save()
    client.force_login(inspector)
    loads = Loads(client)

    data = bulk_form(loads, big, f"category={AMMONIA}", scope="all", date=(TODAY - timedelta(days=1)).isoformat())
    response = loads.post_following(bulk_url(big), data)

    assert loads.count == 3
    assert response.redirect_chain[-1][0] == f"{detail(big)}?category={AMMONIA}"
    assert "已标记 40 家，1 家此前已标记" in response.content.decode()
    assert surveyed(big) == {f"冷库{i:02d}" for i in range(40)} | {"企业X"}
    first.refresh_from_db()
    assert first.surveyed_on == TODAY - timedelta(days=3)  # marked before: its day is kept
    days = set(
        CampaignTarget.objects.filter(campaign=big, surveyed_on__isnull=False).values_list("surveyed_on", flat=True)
    )
    assert days == {TODAY - timedelta(days=3), TODAY - timedelta(days=1)}


def test_a_page_of_targets_is_marked_in_three_page_loads(client, big, staff):
    client.force_login(staff)
    loads = Loads(client)

    data = bulk_form(loads, big, scope="page")
    response = loads.post_following(bulk_url(big), data)

    assert loads.count == 3
    assert "已标记 50 家，0 家此前已标记" in response.content.decode()
    marked = CampaignTarget.objects.filter(campaign=big, surveyed_on=TODAY)
    first_page = big.targets.order_by("enterprise__name", "pk")[:50]
    assert set(marked.values_list("pk", flat=True)) == {t.pk for t in first_page}
    assert CampaignTarget.objects.filter(campaign=big, surveyed_on__isnull=True).count() == 7


def test_the_ticked_targets_are_marked_completed(client, big, world, inspector):
    ticked = list(CampaignTarget.objects.filter(campaign=big, enterprise__name__in=["鞋厂00", "鞋厂01"]))
    CampaignTarget.objects.filter(pk__in=[t.pk for t in ticked]).update(surveyed_on=TODAY - timedelta(days=5))
    client.force_login(inspector)
    loads = Loads(client)

    data = bulk_form(loads, big, "state=surveyed", scope="selected", step="completed", targets=[t.pk for t in ticked])
    response = loads.post_following(bulk_url(big), data)

    assert "整治完成" in response.content.decode() and "已标记 2 家，0 家此前已标记" in response.content.decode()
    completed = CampaignTarget.objects.filter(campaign=big, completed_on=TODAY)
    assert set(completed.values_list("enterprise__name", flat=True)) == {"鞋厂00", "鞋厂01"}
    # Each marked target has its own history row, by the one who marked it.
    history = CampaignTarget.history.filter(id__in=[t.pk for t in ticked], completed_on=TODAY)
    assert {h.history_user for h in history} == {inspector} and history.count() == 2


def test_completing_targets_not_yet_surveyed_is_refused_and_writes_nothing(client, big, staff):
    CampaignTarget.objects.filter(campaign=big, enterprise__name="冷库00").update(surveyed_on=TODAY)
    client.force_login(staff)
    loads = Loads(client)

    data = bulk_form(loads, big, "q=冷库0", scope="all", step="completed")
    body = loads.post_following(bulk_url(big), data).content.decode()

    assert "未更新：9 家不能标记，均未标记" in body and "尚未排查的单位不能标记为整治完成" in body
    assert not CampaignTarget.objects.filter(campaign=big, completed_on__isnull=False).exists()


def test_nothing_chosen_is_said(client, big, staff):
    client.force_login(staff)
    loads = Loads(client)

    body = loads.post_following(bulk_url(big), bulk_form(loads, big, scope="selected")).content.decode()

    assert "请先勾选要标记的整治对象" in body
    assert surveyed(big) == set()


# The day: the single mark's rule ---------------------------------------------------------------------------------


@pytest.fixture
def ended(world, staff):
    """A campaign that ended two years ago, with X and five cold stores as its targets."""
    world.enterprise_x.special_categories.add(category(AMMONIA))
    add_enterprises(world, ammonia=5)
    return make_campaign(staff, start=date(TODAY.year - 2, 3, 1), end=date(TODAY.year - 2, 6, 30), name="往年整治")


def post_all(client, campaign, **data):
    loads = Loads(client)
    return loads.post_following(bulk_url(campaign), bulk_form(loads, campaign, scope="all", **data)).content.decode()


def test_the_form_offers_the_single_marks_day(client, ended, inspector):
    client.force_login(inspector)
    form = bulk_form(Loads(client), ended)

    assert form["date"] == [ended.end_date.isoformat()]
    assert "late_reason" in form and once.FIELD in form


@pytest.mark.parametrize(
    ("day", "reason", "said"),
    [
        (
            lambda c: c.start_date - timedelta(days=1),
            "",
            lambda c: f"排查日期不能早于专项整治开始日期（{c.start_date}）",
        ),
        (lambda c: TODAY + timedelta(days=1), "补查", lambda c: "排查日期不能晚于今天"),
        (
            lambda c: c.end_date + timedelta(days=1),
            "  ",
            lambda c: f"排查日期晚于专项整治结束日期（{c.end_date}），请填写逾期原因",
        ),
        (lambda c: "2026-02-30", "", lambda c: "请填写正确的日期"),
    ],
    ids=["before-start", "future", "late-without-reason", "no-date"],
)
def test_a_day_the_single_mark_refuses_is_refused_for_all(client, ended, inspector, day, reason, said):
    client.force_login(inspector)
    when = day(ended)

    body = post_all(client, ended, date=str(when), late_reason=reason)

    assert said(ended) in body
    assert surveyed(ended) == set()


def test_a_late_day_with_a_reason_is_recorded_on_each_target(client, ended, inspector):
    client.force_login(inspector)
    day = ended.end_date + timedelta(days=10)

    body = post_all(client, ended, date=day.isoformat(), late_reason="企业停产，复产后补查")

    assert "已标记 6 家，0 家此前已标记" in body
    targets = CampaignTarget.objects.filter(campaign=ended)
    assert {(t.surveyed_on, t.late_reason) for t in targets} == {(day, "排查：企业停产，复产后补查")}


# Submit once, who may, which targets -----------------------------------------------------------------------------


def test_a_replayed_bulk_mark_changes_nothing_and_says_so(client, big, staff):
    client.force_login(staff)
    loads = Loads(client)
    data = bulk_form(loads, big, f"category={AMMONIA}", scope="all")
    loads.post_following(bulk_url(big), data)
    # Between the two submits a new target comes into the filter: the replay must not mark it.
    CampaignTarget.objects.filter(campaign=big, enterprise__name="冷库00").update(surveyed_on=None)
    before = list(CampaignTarget.objects.filter(campaign=big).values_list("pk", "surveyed_on").order_by("pk"))
    history = CampaignTarget.history.count()

    body = loads.post_following(bulk_url(big), data).content.decode()

    assert once.REPLAYED in body
    assert list(CampaignTarget.objects.filter(campaign=big).values_list("pk", "surveyed_on").order_by("pk")) == before
    assert CampaignTarget.history.count() == history


def test_grid_officers_see_no_boxes_and_may_not_post(client, big, world, grid_officer_a, staff):
    client.force_login(staff)
    data = bulk_form(Loads(client), big, scope="all")
    client.force_login(grid_officer_a)

    body = client.get(detail(big)).content.decode()
    posted = client.post(bulk_url(big), data)

    assert "企业X" in body  # their own targets are listed…
    assert 'name="targets"' not in body and bulk_url(big) not in body  # …without boxes or the bulk form
    assert posted.status_code == 403
    assert surveyed(big) == set()


def test_enterprise_users_may_not_post(client, big, enterprise_user_x):
    client.force_login(enterprise_user_x)

    assert client.post(bulk_url(big), {"scope": "all", "step": "surveyed", "date": TODAY}).status_code == 403
    assert surveyed(big) == set()


def test_only_the_campaigns_targets_are_reached(client, big, world, staff):
    other = make_campaign(staff, name="另一个整治")
    foreign = CampaignTarget.objects.get(campaign=other, enterprise=world.enterprise_x)
    client.force_login(staff)
    loads = Loads(client)

    # Another campaign's target ticked by a forged POST: not this campaign's, not reached.
    body = loads.post_following(bulk_url(big), bulk_form(loads, big, scope="selected", targets=[foreign.pk]))
    assert "没有选中整治对象" in body.content.decode()
    # All matching: this campaign's targets, never the other's.
    post_all(client, big)
    assert len(surveyed(big)) == 57
    assert surveyed(other) == set()


def test_a_forged_filter_marks_nothing(client, big, staff):
    client.force_login(staff)

    body = post_all(client, big, **{"match-town": "no-such-town"})

    assert "筛选条件有误" in body
    assert surveyed(big) == set()


def test_the_filter_is_counted_again_when_posted(client, big, staff):
    client.force_login(staff)
    loads = Loads(client)
    data = bulk_form(loads, big, f"category={AMMONIA}&state=pending", scope="all")
    # Surveyed by someone else after the page was shown: no longer 未排查, so not in the filter any more.
    CampaignTarget.objects.filter(campaign=big, enterprise__name="冷库00").update(surveyed_on=TODAY - timedelta(days=2))

    body = loads.post_following(bulk_url(big), data).content.decode()

    assert "已标记 40 家，0 家此前已标记" in body
    assert CampaignTarget.objects.get(campaign=big, enterprise__name="冷库00").surveyed_on == TODAY - timedelta(days=2)


# Queries do not grow with the targets ----------------------------------------------------------------------------


def test_the_page_and_the_bulk_mark_take_the_same_queries_for_more_targets(
    client, world, staff, django_assert_max_num_queries
):
    world.enterprise_x.special_categories.add(category(AMMONIA))
    add_enterprises(world, ammonia=3, dust=2)
    small = make_campaign(staff, name="小")
    add_enterprises(world, ammonia=40, dust=20)
    large = make_campaign(staff, name="大")
    assert (small.targets.count(), large.targets.count()) == (6, 66)
    client.force_login(staff)
    client.get(detail(small))  # the session and caches warm up

    def measured(campaign):
        # The connection's query log keeps the last 9000 only, and building the campaigns filled it: emptied, the
        # counts below are the requests' own.
        reset_queries()
        with django_assert_max_num_queries(60) as page:
            client.get(detail(campaign))
        data = bulk_form(Loads(client), campaign, scope="all")
        reset_queries()
        with django_assert_max_num_queries(60) as post:
            client.post(bulk_url(campaign), data)
        return len(page.captured_queries), len(post.captured_queries)

    few = measured(small)
    many = measured(large)

    assert many == few
    assert large.targets.filter(surveyed_on=TODAY).count() == 66
