"""Chasing (催办) an open hazard: who chased it and when, read from its timeline (a HazardEvent with action
`chase`). The write is services.hazard_chase; these are the reads the pages share."""

from datetime import datetime, time

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from hazards import permissions
from hazards.models import HazardAction, HazardEvent, HazardStatus

# Rectified hazards wait for the bureau's verification and closed ones are done: only these are the enterprise's
# to move, so only these are chased.
CHASEABLE_STATUSES = (HazardStatus.REPORTED, HazardStatus.RECTIFYING)


def day_start(day):
    """The first moment of `day` in the portal's time zone: "chased today" compares against it (index-friendly,
    unlike a cast of each timestamp to a date)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def chase_events():
    return HazardEvent.objects.filter(action=HazardAction.CHASE)


def todays_chase(hazard, today):
    """The chase of `hazard` made today, or None."""
    return chase_events().filter(hazard=hazard, at__gte=day_start(today)).select_related("actor").first()


def with_chases(hazards, today=None):
    """Each hazard with `last_chased_at` (its latest chase, or None) and `chased_today`: two subqueries, no more
    queries for a list."""
    today = today or timezone.localdate()
    chases = chase_events().filter(hazard=OuterRef("pk"))
    return hazards.annotate(
        last_chased_at=Subquery(chases.order_by("-at").values("at")[:1]),
        chased_today=Exists(chases.filter(at__gte=day_start(today))),
    )


def chase_message(hazard, chaser, note, today):
    """The notice the enterprise gets: who chased, the deadline and how far past it, the officer's note."""
    who = chaser.first_name or chaser.username
    days = (hazard.rectification_deadline - today).days
    when = f"已逾期 {-days} 天" if days < 0 else (f"还剩 {days} 天" if days else "今天到期")
    text = f"{who}催办隐患“{hazard.location}”：整改期限 {hazard.rectification_deadline:%Y-%m-%d}，{when}，请尽快整改。"
    return f"{text}{note}" if note else text


def chase_offer(user, hazard, events):
    """What the hazard's page offers `user` for chasing: None when they may not chase this enterprise (the
    enterprise itself among them, which is also not shown its own phone); else whether the hazard is open to a chase
    and today's chase, if any (then no button). Today's chase is found in `events`, the timeline the page shows
    anyway: no query of its own, whatever the hazard's state."""
    if not permissions.can_chase(user, hazard.enterprise):
        return None
    since = day_start(timezone.localdate())
    today = [e for e in events if e.action == HazardAction.CHASE and e.at >= since]
    return {"open": hazard.status in CHASEABLE_STATUSES, "today": today[0] if today else None}
