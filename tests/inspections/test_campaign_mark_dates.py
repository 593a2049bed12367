"""A campaign target is marked with the day it was surveyed or completed, not always today.

The day is offered as today (or the campaign's last day once it has ended), must lie within the campaign and not
in the future; a day after the campaign's end is taken only with a written reason. A refused day writes nothing
and says why in Chinese."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.models import SpecialCategory
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.services import campaign_generate_targets, campaign_save
from tests.security.page_forms import post_form

TODAY = timezone.localdate()


def _campaign(world, staff, start, end):
    dust = SpecialCategory.objects.get(code="dust")
    world.enterprise_x.special_categories.add(dust)
    campaign = campaign_save(
        campaign=Campaign(name="涉尘专项整治", start_date=start, end_date=end),
        special_categories=[dust],
        industries=[],
        towns=[],
        actor=staff,
    )
    campaign_generate_targets(campaign=campaign, actor=staff)
    return campaign


@pytest.fixture
def ended(world, staff):
    """A campaign that ended two years ago, with X as its target."""
    return _campaign(world, staff, date(TODAY.year - 2, 3, 1), date(TODAY.year - 2, 6, 30))


@pytest.fixture
def running(world, staff):
    """A campaign that began sixty days ago and runs sixty more."""
    return _campaign(world, staff, TODAY - timedelta(days=60), TODAY + timedelta(days=60))


def target(campaign):
    return CampaignTarget.objects.get(campaign=campaign)


def mark(client, campaign, **data):
    url = reverse("campaigns:mark_target", args=[target(campaign).pk])
    return client.post(url, {"step": "surveyed", **data}, follow=True).content.decode()


def page_form(client, campaign, step="surveyed"):
    url = reverse("campaigns:detail", args=[campaign.pk])
    html = client.get(url).content.decode()
    return post_form(html, url, reverse("campaigns:mark_target", args=[target(campaign).pk]), {"step": step})


def test_the_form_offers_today_while_the_campaign_runs(client, running, inspector):
    client.force_login(inspector)

    form = page_form(client, running)

    assert form["date"] == [TODAY.isoformat()]
    assert "late_reason" not in form  # a running campaign cannot be marked late


def test_the_form_offers_the_last_day_of_an_ended_campaign_and_saving_it_as_shown_keeps_it(client, ended, inspector):
    client.force_login(inspector)

    form = page_form(client, ended)
    client.post(reverse("campaigns:mark_target", args=[target(ended).pk]), form)

    assert form["date"] == [ended.end_date.isoformat()]
    assert target(ended).surveyed_on == ended.end_date
    assert target(ended).late_reason == ""


def test_a_day_within_the_campaign_is_recorded_as_given(client, ended, inspector):
    client.force_login(inspector)
    day = date(ended.start_date.year, 4, 15)

    body = mark(client, ended, date=day.isoformat())

    assert f"已排查（{day}）" in body
    assert target(ended).surveyed_on == day


def test_a_day_before_the_campaign_began_is_refused(client, ended, inspector):
    client.force_login(inspector)

    body = mark(client, ended, date=(ended.start_date - timedelta(days=1)).isoformat())

    assert f"排查日期不能早于专项整治开始日期（{ended.start_date}）" in body
    assert target(ended).surveyed_on is None


def test_a_day_after_the_end_is_refused_without_a_reason(client, ended, inspector):
    client.force_login(inspector)

    body = mark(client, ended, date=(ended.end_date + timedelta(days=1)).isoformat(), late_reason="  ")

    assert f"排查日期晚于专项整治结束日期（{ended.end_date}），请填写逾期原因" in body
    assert target(ended).surveyed_on is None
    assert target(ended).late_reason == ""


def test_a_day_after_the_end_is_taken_with_a_reason_and_the_list_shows_it(client, ended, inspector):
    client.force_login(inspector)
    day = ended.end_date + timedelta(days=10)

    body = mark(client, ended, date=day.isoformat(), late_reason="企业停产，复产后补查")

    assert (target(ended).surveyed_on, target(ended).late_reason) == (day, "排查：企业停产，复产后补查")
    assert "逾期原因：排查：企业停产，复产后补查" in body  # the campaign page it returns to


def test_a_day_in_the_future_is_refused(client, running, inspector):
    client.force_login(inspector)

    body = mark(client, running, date=(TODAY + timedelta(days=1)).isoformat())

    assert "排查日期不能晚于今天" in body
    assert target(running).surveyed_on is None


def test_a_day_that_is_no_date_is_refused(client, running, inspector):
    client.force_login(inspector)

    body = mark(client, running, date="2026-02-30")

    assert "未更新：请填写正确的日期" in body
    assert target(running).surveyed_on is None


def test_completion_cannot_precede_the_survey(client, running, staff):
    client.force_login(staff)
    surveyed = TODAY - timedelta(days=5)
    mark(client, running, date=surveyed.isoformat())

    body = mark(client, running, step="completed", date=(surveyed - timedelta(days=1)).isoformat())

    assert f"整治完成日期不能早于排查日期（{surveyed}）" in body
    assert target(running).completed_on is None
    mark(client, running, step="completed", date=surveyed.isoformat())
    assert target(running).completed_on == surveyed


def test_the_list_shows_the_days_recorded(client, ended, inspector):
    client.force_login(inspector)
    surveyed, completed = date(ended.start_date.year, 4, 1), date(ended.start_date.year, 5, 20)
    mark(client, ended, date=surveyed.isoformat())
    mark(client, ended, step="completed", date=completed.isoformat())

    body = client.get(reverse("campaigns:detail", args=[ended.pk])).content.decode()

    assert surveyed.isoformat() in body and completed.isoformat() in body
    # No late reason recorded, none shown (the bulk form's own 逾期原因 field is an input, not a reason).
    assert "data-late-reason" not in body and "逾期原因：" not in body
