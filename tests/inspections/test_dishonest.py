"""严重失信主体名单: a decided case proposed, the party told and heard, the bureau's decision, publication for the
term, early removal after credit repair; the public page shows only published entries in term today."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bureau.models import CalendarDay
from bureau.once import AlreadyDone
from inspections.enforcement import dishonest
from inspections.enforcement.dishonest_models import DishonestCondition, DishonestListing
from inspections.enforcement.services import case_open
from tests.inspections.test_case_volume import make_case
from tests.public.helpers import anonymous_get

Status = DishonestListing.Status


@pytest.fixture
def case(world, inspector, inspector2):
    return make_case(world, inspector, inspector2)


def propose(case, actor):
    return dishonest.dishonest_propose(
        case=case, condition=DishonestCondition.OTHER_SERIOUS, facts="拒不整改重大事故隐患", actor=actor
    )


def listed(case, inspector, staff, *, publish=True):
    """Proposed, told today, the answer received, listed by staff."""
    listing = propose(case, inspector)
    today = timezone.localdate()
    listing = dishonest.dishonest_notify(listing=listing, served_on=today, actor=inspector)
    listing = dishonest.dishonest_answer(listing=listing, answer="已整改", answered_on=today, actor=inspector)
    return dishonest.dishonest_decide(listing=listing, listed=True, note="", publish=publish, actor=staff)


def public_page():
    return anonymous_get(reverse("public:dishonest")).content.decode()


def test_a_listed_enterprise_is_public_for_three_years_then_leaves(case, inspector, staff, world):
    listing = listed(case, inspector, staff)

    third_anniversary = listing.starts_on.replace(year=listing.starts_on.year + 3)
    assert listing.status == Status.LISTED and listing.ends_on == third_anniversary - timedelta(days=1)
    assert world.enterprise_x.name in public_page()
    with time_machine.travel(listing.ends_on, tick=False):
        assert world.enterprise_x.name in public_page()
    with time_machine.travel(listing.ends_on + timedelta(days=1), tick=False):
        assert world.enterprise_x.name not in public_page()


def test_early_removal_after_credit_repair_takes_it_off_the_list(case, inspector, staff, world):
    listing = listed(case, inspector, staff)
    with pytest.raises(ValidationError, match="满12个月"):
        dishonest.dishonest_repair_apply(
            listing=listing, application="已整改并培训", applied_on=timezone.localdate(), actor=inspector
        )
    year_later = listing.repair_possible_from()
    with time_machine.travel(year_later, tick=False):
        listing = dishonest.dishonest_repair_apply(
            listing=listing, application="已整改并培训", applied_on=year_later, actor=inspector
        )
        assert world.enterprise_x.name in public_page()
        removed = dishonest.dishonest_remove(listing=listing, actor=staff)
        assert removed.status == Status.REMOVED and removed.removed_on == year_later
        assert world.enterprise_x.name not in public_page()
        with pytest.raises(AlreadyDone):
            dishonest.dishonest_remove(listing=listing, actor=staff)


def test_an_unpublished_or_unlisted_entry_never_shows(case, inspector, staff, world):
    listing = listed(case, inspector, staff, publish=False)

    assert world.enterprise_x.name not in public_page()
    dishonest.dishonest_publish(listing=listing, actor=staff)
    assert world.enterprise_x.name in public_page()


def test_only_a_decided_case_may_be_proposed_and_only_once(world, inspector, inspector2, staff, case):
    filed = case_open(enterprise=world.enterprise_x, title="另案", actor=inspector, co_signer=inspector2)
    with pytest.raises(ValidationError, match="已作出处罚决定"):
        propose(filed, inspector)
    assert filed.dishonest_listings.count() == 0
    propose(case, inspector)
    with pytest.raises(AlreadyDone):
        propose(case, inspector)


def test_the_answer_period_is_five_working_days_from_the_notice(case, inspector, staff):
    # Served on a Friday before a (test) holiday Monday: Tue to Sat (a working Saturday) are the five days.
    friday = date(2026, 5, 15)
    CalendarDay.objects.update_or_create(date=date(2026, 5, 18), defaults={"kind": CalendarDay.Kind.HOLIDAY})
    CalendarDay.objects.update_or_create(date=date(2026, 5, 23), defaults={"kind": CalendarDay.Kind.WORKDAY})
    with time_machine.travel(friday, tick=False):
        listing = propose(case, inspector)
        listing = dishonest.dishonest_notify(listing=listing, served_on=friday, actor=inspector)
    assert listing.answer_due_on == date(2026, 5, 23)
    with time_machine.travel(date(2026, 5, 22), tick=False), pytest.raises(ValidationError, match="期满后再决定"):
        dishonest.dishonest_decide(listing=listing, listed=True, note="", publish=True, actor=staff)
    with time_machine.travel(date(2026, 5, 25), tick=False):
        with pytest.raises(ValidationError, match="陈述申辩须在"):
            dishonest.dishonest_answer(listing=listing, answer="迟到", answered_on=date(2026, 5, 25), actor=inspector)
        decided = dishonest.dishonest_decide(listing=listing, listed=False, note="情节较轻", publish=False, actor=staff)
    assert decided.status == Status.NOT_LISTED and decided.starts_on is None


def test_the_proposer_never_decides_and_enterprises_never_act(case, inspector, staff, bureau_admin, enterprise_user_x):
    listing = dishonest.dishonest_notify(listing=propose(case, staff), served_on=timezone.localdate(), actor=inspector)
    with pytest.raises(PermissionDenied):
        propose(case, enterprise_user_x)
    with pytest.raises(PermissionDenied):
        dishonest.dishonest_decide(listing=listing, listed=True, note="", publish=True, actor=inspector)
    with pytest.raises(ValidationError, match="提议人不能"):
        dishonest.dishonest_decide(listing=listing, listed=True, note="", publish=True, actor=staff)
    listing.refresh_from_db()
    assert listing.status == Status.NOTIFIED


def test_the_pages_walk_the_procedure(client, case, inspector, staff, world):
    client.force_login(inspector)
    assert reverse("cases:dishonest:propose", args=[case.pk]) in client.get(case.get_absolute_url()).content.decode()
    response = client.post(
        reverse("cases:dishonest:propose", args=[case.pk]),
        {"condition": DishonestCondition.UNLICENSED, "facts": "无证生产"},
    )
    listing = DishonestListing.objects.get()
    assert response.status_code == 302 and response["Location"] == listing.get_absolute_url()
    today = timezone.localdate()
    notice = {"served_on": today.isoformat(), "expected_status": "proposed"}
    client.post(reverse("cases:dishonest:notify", args=[listing.pk]), notice)
    listing.refresh_from_db()
    assert listing.status == Status.NOTIFIED and listing.notice_served_on == today
    # A second click of the same button changes nothing, and says so.
    response = client.post(reverse("cases:dishonest:notify", args=[listing.pk]), notice, follow=True)
    assert "已告知" in response.content.decode()
    assert DishonestListing.objects.get().answer_due_on == listing.answer_due_on
    answer = {"answer": "已停产整改", "answered_on": today.isoformat(), "expected_status": "notified"}
    client.post(reverse("cases:dishonest:answer", args=[listing.pk]), answer)
    client.force_login(staff)
    client.post(
        reverse("cases:dishonest:decide", args=[listing.pk]),
        {"listed": "1", "publish": "on", "note": "", "expected_status": "notified"},
    )
    listing.refresh_from_db()
    assert listing.status == Status.LISTED and listing.published
    listing_page = client.get(reverse("cases:dishonest:list")).content.decode()
    assert 'data-total="1"' in listing_page
    dossier = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()
    assert "列入安全生产严重失信主体名单" in dossier and str(listing.ends_on) in dossier


def test_the_public_page_masks_a_natural_person(case, inspector, staff, world):
    world.enterprise_x.credit_code = "92330381MA2H000011"
    world.enterprise_x.legal_representative = "张三丰"
    world.enterprise_x.name = "瑞安市张三丰五金店"
    world.enterprise_x.save()
    listed(case, inspector, staff)

    html = public_page()

    assert "张三丰" not in html and "瑞安市张**五金店" in html


def test_the_dossier_grade_section_shows_a_listing_in_term_to_the_party(
    client, case, inspector, staff, world, enterprise_user_x
):
    listing = listed(case, inspector, staff, publish=False)
    dossier = reverse("enterprises:detail", args=[world.enterprise_x.pk])
    client.force_login(enterprise_user_x)

    html = client.get(dossier).content.decode()

    grade_section = html.index("四色等级及调整记录")
    assert html.index("列入安全生产严重失信主体名单", grade_section) > grade_section
    # The party sees its own listing, published or not, but not the bureau's working page.
    assert reverse("cases:dishonest:detail", args=[listing.pk]) not in html
    with time_machine.travel(listing.ends_on + timedelta(days=1), tick=False):
        assert "列入安全生产严重失信主体名单" not in client.get(dossier).content.decode()
