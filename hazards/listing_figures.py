"""The figures (bureau.figures) of major hazards and their listed supervision: the dashboard's three and every
number of the board at /major-hazards/. A board cell narrows one of these figures by town or industry, adding that
filter to the same list (see hazards.listing_board)."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from bureau.figures import AS_OF_TODAY, Figure, register
from hazards.figures import hazards_seen
from hazards.listing import visible_listings
from hazards.listing_models import ListingStatus, listing_overdue_q
from hazards.models import OPEN_STATUSES, HazardLevel

MAJOR = Q(level=HazardLevel.MAJOR)
OPEN_MAJOR = MAJOR & Q(status__in=OPEN_STATUSES)
LISTED = Q(listing__status=ListingStatus.ACTIVE)
OPEN_MAJOR_PARAMS = {"level": HazardLevel.MAJOR, "open": "1"}

# Age since found (发现日期), in days: (filter value, label, oldest, youngest) — None where open-ended.
AGE_BUCKETS = [("le30", "≤30 天", 30, None), ("31_90", "31–90 天", 90, 31), ("gt90", ">90 天", None, 91)]
AGE_WORDS = {"le30": "不超过 30 天", "31_90": "31 至 90 天", "gt90": "超过 90 天"}


def age_q(bucket, today):
    """Hazards found within the age bucket `bucket` on `today` (age = today − 发现日期)."""
    _, _, oldest, youngest = next(b for b in AGE_BUCKETS if b[0] == bucket)
    q = Q()
    if oldest is not None:
        q &= Q(found_on__gte=today - timedelta(days=oldest))
    if youngest is not None:
        q &= Q(found_on__lte=today - timedelta(days=youngest))
    return q


def day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def open_on_q(day):
    """Found by `day` and not closed by its end: open at the end of that day (the trend's month ends)."""
    return Q(found_on__lte=day) & (Q(closed_at__isnull=True) | Q(closed_at__gte=day_start(day + timedelta(days=1))))


def closed_between_q(start, end):
    return Q(closed_at__gte=day_start(start), closed_at__lt=day_start(end + timedelta(days=1)))


def listings_seen(viewer, period):
    return visible_listings(viewer)


def _hazards(key, label, basis, where, params, span=AS_OF_TODAY, warning=False):
    return Figure(
        key=key,
        label=label,
        unit="项",
        basis=basis,
        source=hazards_seen,
        where=where,
        list_name="hazards:list",
        list_params=params,
        span=span,
        cell_path="enterprise__grid_cell__path",
        warning=warning,
    )


def _age_figure(bucket, label):
    return _hazards(
        f"major_hazards.age_{bucket}",
        f"未销号重大隐患（发现{AGE_WORDS[bucket]}）",
        f"重大事故隐患中尚未销号、发现日期距今{AGE_WORDS[bucket]}的。",
        lambda period: OPEN_MAJOR & age_q(bucket, timezone.localdate()),
        lambda period: {**OPEN_MAJOR_PARAMS, "age": bucket},
    )


def register_figures():
    register(
        _hazards(
            "major_hazards.open",
            "重大隐患未销号",
            "隐患等级为重大事故隐患、状态为已上报、整改中或已整改（尚未销号）的隐患。",
            lambda period: OPEN_MAJOR,
            lambda period: OPEN_MAJOR_PARAMS,
        ),
        _hazards(
            "major_hazards.open_listed",
            "未销号重大隐患（已挂牌）",
            "尚未销号的重大事故隐患中，正在挂牌督办（督办中）的。",
            lambda period: OPEN_MAJOR & LISTED,
            lambda period: {**OPEN_MAJOR_PARAMS, "listed": "1"},
        ),
        _hazards(
            "major_hazards.open_unlisted",
            "未销号重大隐患（未挂牌）",
            "尚未销号的重大事故隐患中，没有挂牌督办的。",
            lambda period: OPEN_MAJOR & ~LISTED,
            lambda period: {**OPEN_MAJOR_PARAMS, "listed": "0"},
        ),
        *(_age_figure(bucket, label) for bucket, label, *_ in AGE_BUCKETS),
        _hazards(
            "major_hazards.open_at_end",
            "月末未销号重大隐患",
            "发现日期不晚于时段末日、且当日结束时尚未销号的重大事故隐患（时段末日的存量）。",
            lambda period: MAJOR & open_on_q(period.end),
            lambda period: {"level": HazardLevel.MAJOR, "open_on": period.end.isoformat()},
            span="时段末",
        ),
        _hazards(
            "major_hazards.found",
            "新增重大隐患",
            "发现日期在时段内的重大事故隐患。",
            lambda period: MAJOR & Q(found_on__range=(period.start, period.end)),
            lambda period: {"level": HazardLevel.MAJOR, **period.params("found_after", "found_before")},
            span="时段内",
        ),
        _hazards(
            "major_hazards.closed",
            "销号重大隐患",
            "销号时间在时段内的重大事故隐患（挂牌督办的经验收摘牌销号）。",
            lambda period: MAJOR & closed_between_q(period.start, period.end),
            lambda period: {"level": HazardLevel.MAJOR, **period.params("closed_after", "closed_before")},
            span="时段内",
        ),
        Figure(
            key="major_hazards.listed",
            label="挂牌督办中",
            unit="项",
            basis="已列入挂牌督办、尚未验收摘牌（督办中）的重大事故隐患。",
            source=listings_seen,
            where=lambda period: Q(status=ListingStatus.ACTIVE),
            list_name="major_hazards:listings",
            list_params=lambda period: {"status": ListingStatus.ACTIVE},
            span=AS_OF_TODAY,
        ),
        Figure(
            key="major_hazards.listing_overdue",
            label="挂牌督办逾期",
            unit="项",
            basis="督办中且已过督办期限、尚未验收摘牌的挂牌督办。",
            source=listings_seen,
            where=lambda period: listing_overdue_q(timezone.localdate()),
            list_name="major_hazards:listings",
            list_params=lambda period: {"overdue": "1"},
            span=AS_OF_TODAY,
            warning=True,
        ),
    )
