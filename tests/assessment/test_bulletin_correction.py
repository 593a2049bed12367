"""Once a quarter's bulletin is published a new draft is refused; a correction (更正通报) names the bulletin it
supersedes and why, and once published stands as the quarter's bulletin while the corrected one stays reachable."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from bureau import once
from bureau.assessment import bulletins as bulletin_module
from bureau.assessment.bulletins import bulletin_correction_draft, bulletin_draft
from bureau.assessment.models import Bulletin
from bureau.assessment.services import bulletin_publish
from tests.assessment.test_bulletins import Q3, hand_built_ranking


@pytest.fixture
def ranking(db):
    return hand_built_ranking()


@pytest.fixture
def published(ranking, staff):
    return bulletin_publish(bulletin=bulletin_draft(ranking=ranking, actor=staff), actor=staff)


def correct_and_publish(bulletin, staff, reason="漏计一起生产安全事故"):
    return bulletin_publish(
        bulletin=bulletin_correction_draft(corrects=bulletin, reason=reason, actor=staff), actor=staff
    )


# Refusals ---------------------------------------------------------------------------------------------------------


def test_a_draft_for_a_quarter_whose_bulletin_is_published_is_refused_and_nothing_written(published, ranking, staff):
    with pytest.raises(ValidationError) as refused:
        bulletin_draft(ranking=ranking, actor=staff)

    assert refused.value.messages == [
        f"{Q3.label}的通报已发布（{published.number}），不能再起草新的通报；如需更正，请起草更正通报。"
    ]
    assert list(Bulletin.objects.all()) == [published]


def test_the_quarter_page_refuses_the_draft_and_offers_the_correction(client, published, staff):
    client.force_login(staff)

    response = client.post(reverse("rankings:draft_bulletin", args=[Q3.slug]), follow=True)

    body = response.content.decode()
    assert "的通报已发布" in body and "请起草更正通报" in body
    assert reverse("bulletins:correct", args=[published.pk]) in body and "起草更正通报" in body
    assert reverse("rankings:draft_bulletin", args=[Q3.slug]) not in body
    assert Bulletin.objects.count() == 1


def test_a_second_draft_of_a_quarter_is_refused_pointing_to_the_first(client, ranking, staff):
    first = bulletin_draft(ranking=ranking, actor=staff)
    client.force_login(staff)

    with pytest.raises(ValidationError, match="已有一份通报草稿"):
        bulletin_draft(ranking=ranking, actor=staff)
    page = client.get(reverse("rankings:detail", args=[Q3.slug])).content.decode()

    assert list(Bulletin.objects.all()) == [first]
    assert "查看通报草稿" in page and reverse("bulletins:detail", args=[first.pk]) in page


def test_a_correction_draft_is_refused_while_another_draft_waits(published, staff):
    bulletin_correction_draft(corrects=published, reason="总分有误", actor=staff)

    with pytest.raises(ValidationError, match="已有一份通报草稿"):
        bulletin_correction_draft(corrects=published, reason="再次更正", actor=staff)
    assert Bulletin.objects.count() == 2


def test_a_correction_needs_its_reason(client, published, staff):
    client.force_login(staff)

    response = client.post(reverse("bulletins:correct", args=[published.pk]), {"reason": "  "})

    assert response.status_code == 200 and "请填写更正原因。" in response.content.decode()
    with pytest.raises(ValidationError, match="请填写更正原因"):
        bulletin_correction_draft(corrects=published, reason="", actor=staff)
    assert Bulletin.objects.count() == 1


def test_a_leftover_plain_draft_cannot_be_published_over_the_published_bulletin(published, ranking, staff):
    # Drafted before the rule (two drafts of one quarter were allowed then): it may no longer be published.
    leftover = Bulletin.objects.create(ranking=ranking, title="旧草稿", body="正文", created_by=staff)

    with pytest.raises(ValidationError, match="现行通报是"):
        bulletin_publish(bulletin=leftover, actor=staff)
    leftover.refresh_from_db()
    assert (leftover.status, leftover.number) == ("draft", "")


# The correction ---------------------------------------------------------------------------------------------------


def test_the_correction_flow_from_the_form_to_the_published_correction(client, published, staff, grid_officer_a):
    client.force_login(staff)
    form_page = client.get(reverse("bulletins:correct", args=[published.pk]))
    assert form_page.status_code == 200 and published.number in form_page.content.decode()

    response = client.post(reverse("bulletins:correct", args=[published.pk]), {"reason": "东山街道预扣分录入有误"})

    correction = Bulletin.objects.get(corrects=published)
    assert response["Location"] == reverse("bulletins:detail", args=[correction.pk])
    assert (correction.status, correction.number, correction.ranking_id) == ("draft", "", published.ranking_id)
    assert correction.correction_reason == "东山街道预扣分录入有误"
    assert correction.title == f"关于{Q3.label}各镇街安全生产工作考核情况的更正通报"
    opening = correction.body.split("\n\n")[0]
    assert f"《{published.title}》（{published.number}）需予更正，更正原因：东山街道预扣分录入有误。" in opening

    client.post(reverse("bulletins:publish", args=[correction.pk]))
    correction.refresh_from_db()
    assert correction.status == "published" and correction.number.endswith("〕2号")

    client.force_login(grid_officer_a)
    old_page = client.get(reverse("bulletins:detail", args=[published.pk])).content.decode()
    assert "已被更正" in old_page and reverse("bulletins:detail", args=[correction.pk]) in old_page
    assert correction.number in old_page
    new_page = client.get(reverse("bulletins:detail", args=[correction.pk])).content.decode()
    assert f'data-corrects="{published.pk}"' in new_page
    assert published.number in new_page and f"{published.published_at:%Y}年" in new_page
    assert "更正原因：东山街道预扣分录入有误" in new_page and "已被更正" not in new_page
    listed = client.get(reverse("bulletins:list"))
    assert list(listed.context["page_obj"]) == [correction]
    assert reverse("bulletins:detail", args=[published.pk]) in listed.content.decode()


def test_the_quarter_page_shows_the_corrected_one_as_such(client, published, staff):
    correction = correct_and_publish(published, staff)
    client.force_login(staff)

    page = client.get(reverse("rankings:detail", args=[Q3.slug]))

    assert page.context["current_bulletin"] == correction
    assert "已被更正" in page.content.decode()
    assert reverse("bulletins:correct", args=[correction.pk]) in page.content.decode()


def test_a_second_correction_corrects_the_correction(client, published, staff):
    first = correct_and_publish(published, staff)

    with pytest.raises(ValidationError, match="不是现行通报"):
        bulletin_correction_draft(corrects=published, reason="又错了", actor=staff)
    second = correct_and_publish(first, staff, reason="第二次更正")

    assert (second.corrects, first.corrects) == (first, published)
    assert list(Bulletin.objects.current()) == [second]
    client.force_login(staff)
    assert list(client.get(reverse("bulletins:list")).context["page_obj"]) == [second]
    for superseded, by in ((published, first), (first, second)):
        page = client.get(reverse("bulletins:detail", args=[superseded.pk]))
        assert page.status_code == 200 and page.context["corrected_by"] == by


def test_a_published_bulletin_is_never_deleted(published, staff):
    correct_and_publish(published, staff)

    with pytest.raises(Exception, match="protected"):
        published.delete()
    assert Bulletin.objects.filter(pk=published.pk, status="published").exists()


def test_a_replayed_correction_form_makes_one_correction(client, published, staff):
    client.force_login(staff)
    data = {"reason": "总分有误", once.FIELD: once.new_key()}

    first = client.post(reverse("bulletins:correct", args=[published.pk]), data)
    second = client.post(reverse("bulletins:correct", args=[published.pk]), data, follow=True)

    assert Bulletin.objects.filter(corrects=published).count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert once.REPLAYED in second.content.decode()


# Two at once ------------------------------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_drafts_of_one_quarter_at_once_make_one(staff, monkeypatch):
    ranking = hand_built_ranking()
    started = threading.Barrier(2, timeout=10)
    snapshot = bulletin_module.ranking_snapshot

    def slow_snapshot(ranking):
        # Both would have passed the "no draft yet" check before either saves, but for the quarter's lock.
        time.sleep(0.5)
        return snapshot(ranking)

    monkeypatch.setattr(bulletin_module, "ranking_snapshot", slow_snapshot)
    outcomes = []

    def draft():
        try:
            started.wait()
            bulletin_draft(ranking=ranking, actor=staff)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=draft) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[1] == "ok" and "已有一份通报草稿" in sorted(outcomes)[0], outcomes
    assert Bulletin.objects.filter(ranking=ranking).count() == 1
