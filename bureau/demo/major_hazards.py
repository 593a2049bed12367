"""Demo listed supervision (挂牌督办), through the real services, then dated back so the board's trend moves:

- ent_b: a major hazard accepted and removed (验收摘牌) about three months ago, and one listed with two progress
  reports and its deadline ahead;
- a registry enterprise in another town: a major hazard found four months ago, listed, now past its deadline (逾期);
- the oldest open major hazard of the bulk rows in a third town: listed, due within two working days.

Idempotent: nothing is done once any listing exists."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from bureau.demo.dating import at
from bureau.demo.hazards import PLAN, demo_photo
from enterprises.models import Enterprise
from hazards.listing import listing_accept, listing_create, listing_note, listing_progress_report
from hazards.listing_models import ListingLevel, ListingProgress, MajorHazardListing
from hazards.models import Category, Hazard, HazardAction, HazardLevel, HazardOrigin, HazardStatus
from hazards.services import hazard_report, hazard_transition

# Who leads the supervision at each level (督办责任领导).
LEADERS = {ListingLevel.CITY: ("林志远", "副局长"), ListingLevel.COUNTY: ("陈海燕", "安全生产监督管理科科长")}


def _major(
    enterprise, actor, *, location, description, found, deadline, source=HazardOrigin.SELF_CHECK, responsible="倪邦国"
):
    """A major hazard reported by `actor`, its rectification started."""
    hazard = Hazard(
        enterprise=enterprise,
        source=source,
        found_on=found,
        location=location,
        description=description,
        category=Category.SITE,
        subcategory="chemicals",
        level=HazardLevel.MAJOR,
        rectification_deadline=deadline,
        responsible_person=responsible,
        measures="停用相关设施，按治理方案整改",
        suspension="partial",
        **PLAN,
    )
    hazard = hazard_report(hazard=hazard, actor=actor, photos=[demo_photo()])
    return hazard_transition(hazard=hazard, action="start", actor=actor, version=hazard.version)


def _list(hazard, staff, level, deadline, note=""):
    """`hazard` listed by `staff` at `level`, led by that level's leader."""
    leader_name, leader_post = LEADERS[level]
    return listing_create(
        hazard=hazard,
        actor=staff,
        level=level,
        leader_name=leader_name,
        leader_post=leader_post,
        deadline=deadline,
        note=note,
    )


def _date_back(hazard, days):
    """Each event of `hazard`, in the order made, moved to its day in `days` ({action: date}; the report on the day
    found); the listing and its progress with them."""
    for event in hazard.events.order_by("at", "id"):
        day = hazard.found_on if event.action == HazardAction.REPORT else days[event.action].pop(0)
        type(event).objects.filter(pk=event.pk).update(at=at(day, 9 + event.pk % 8))
    Hazard.objects.filter(pk=hazard.pk).update(reported_at=at(hazard.found_on, 9))


def _move_listing(listing, **dates):
    """The listing's dates set back (listed_at, deadline, accepted_at), its timeline note saying the new deadline."""
    MajorHazardListing.objects.filter(pk=listing.pk).update(**dates)
    listing.refresh_from_db()
    listing.hazard.events.filter(action=HazardAction.LIST).update(note=listing_note(listing))


def seed_major_hazard_listings(*, enterprise_b, ent_b, staff, today=None):
    if MajorHazardListing.objects.exists():
        return
    today = today or timezone.localdate()

    # Accepted and removed about three months ago.
    found = today - timedelta(days=150)
    removed = _major(
        enterprise_b,
        ent_b,
        location="液氨储罐区",
        description="液氨储罐区未设置泄漏报警和紧急切断装置",
        found=found,
        deadline=today - timedelta(days=90),
    )
    listing = _list(removed, staff, ListingLevel.CITY, today + timedelta(days=30), note="每半月报告一次整改进展。")
    listing_progress_report(listing=listing, actor=ent_b, text="报警装置已订购，储罐区已停用。")
    removed = hazard_transition(
        hazard=removed,
        action="rectify",
        actor=ent_b,
        version=removed.version,
        note="泄漏报警和紧急切断装置已安装调试",
        photos=[demo_photo((40, 150, 60))],
    )
    listing_accept(
        listing=listing,
        actor=staff,
        opinion="现场验收：报警与紧急切断装置运行正常，同意销号摘牌。",
        photos=[demo_photo((40, 150, 60))],
    )
    accepted = today - timedelta(days=85)
    _date_back(
        removed,
        {
            HazardAction.START: [found + timedelta(days=1)],
            HazardAction.LIST: [found + timedelta(days=8)],
            HazardAction.LISTING_PROGRESS: [found + timedelta(days=30)],
            HazardAction.RECTIFY: [accepted - timedelta(days=2)],
            HazardAction.UNLIST: [accepted],
        },
    )
    Hazard.objects.filter(pk=removed.pk).update(rectified_on=accepted - timedelta(days=2), closed_at=at(accepted, 16))
    _move_listing(
        listing,
        listed_at=at(found + timedelta(days=8)),
        deadline=accepted + timedelta(days=10),
        accepted_at=at(accepted, 16),
    )
    ListingProgress.objects.filter(listing=listing).update(reported_at=at(found + timedelta(days=30)))

    # Listed, with two progress reports, its deadline ahead.
    found = today - timedelta(days=40)
    listed = _major(
        enterprise_b,
        ent_b,
        location="喷涂车间",
        description="喷涂车间与仓库之间未设置防火分隔",
        found=found,
        deadline=today + timedelta(days=30),
    )
    listing = _list(listed, staff, ListingLevel.COUNTY, today + timedelta(days=25))
    reports = ["防火墙施工方案已报审。", "防火墙主体砌筑完成，防火门待安装。"]
    for text, photos in zip(reports, [[], [demo_photo((40, 150, 60))]], strict=True):
        listing_progress_report(listing=listing, actor=ent_b, text=text, photos=photos)
    days = [found + timedelta(days=12), found + timedelta(days=30)]
    _date_back(
        listed,
        {
            HazardAction.START: [found + timedelta(days=1)],
            HazardAction.LIST: [found + timedelta(days=5)],
            HazardAction.LISTING_PROGRESS: list(days),
        },
    )
    _move_listing(listing, listed_at=at(found + timedelta(days=5)))
    for report, day in zip(listing.progress.order_by("pk"), days, strict=True):
        ListingProgress.objects.filter(pk=report.pk).update(reported_at=at(day))

    # Overdue, in another town: found four months ago by an expert review, listed, deadline passed.
    elsewhere = Enterprise.objects.exclude(town=enterprise_b.town).exclude(Q(town__isnull=True)).order_by("pk").first()
    found = today - timedelta(days=120)
    overdue = _major(
        elsewhere,
        staff,
        location="粉尘涉爆车间",
        description="铝镁粉尘除尘系统未采用防爆措施，未设置锁气卸灰装置",
        found=found,
        deadline=today - timedelta(days=20),
        source=HazardOrigin.EXPERT,
        responsible="王建国",
    )
    listing = _list(
        overdue, staff, ListingLevel.CITY, today + timedelta(days=1), note="逾期未完成的，依法责令停产整顿。"
    )
    _date_back(
        overdue,
        {HazardAction.START: [found + timedelta(days=1)], HazardAction.LIST: [found + timedelta(days=10)]},
    )
    _move_listing(listing, listed_at=at(found + timedelta(days=10)), deadline=today - timedelta(days=12))

    # Due within two working days: the oldest open major hazard of the bulk rows in a third town.
    towns = [enterprise_b.town_id, elsewhere.town_id]
    candidate = (
        Hazard.objects.filter(level=HazardLevel.MAJOR, status__in=[HazardStatus.REPORTED, HazardStatus.RECTIFYING])
        .exclude(enterprise__town__in=towns)
        .order_by("found_on", "pk")
        .first()
    )
    if candidate is not None:
        _list(candidate, staff, ListingLevel.COUNTY, max(today + timedelta(days=1), candidate.found_on))
