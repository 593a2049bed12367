"""Demo hazards: every state, some overdue, some major with their treatment plans.

The demo enterprise (ent_a) gets its hazards through the services, with photos
and full timelines; the rest of the registry gets bulk rows with matching events.
"""

import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from bureau.bulk import analyze, insert_rows, reserve_ids
from bureau.demo.dating import at
from enterprises.models import Enterprise
from hazards.models import (
    MAJOR_PLAN_FIELDS,
    SUBCATEGORIES,
    Category,
    Hazard,
    HazardAction,
    HazardEvent,
    HazardLevel,
    HazardOrigin,
    HazardStatus,
)
from hazards.services import hazard_chase, hazard_report, hazard_transition

LOCATIONS = ["喷涂车间", "打磨车间", "仓库", "配电房", "锅炉房", "熔炼炉旁", "胶粘工段", "罐区", "有限空间入口", "船台"]
FINDINGS = [
    ("除尘设施未正常运行，粉尘积聚", Category.SITE),
    ("消防通道堆放杂物", Category.SITE),
    ("电气线路私拉乱接", Category.SITE),
    ("危化品未分类存放，无安全标签", Category.SITE),
    ("安全防护罩缺失", Category.SITE),
    ("特种作业人员无证上岗", Category.BASIC),
    ("安全生产责任制未落实到岗位", Category.BASIC),
    ("未按规定开展应急演练", Category.BASIC),
    ("有限空间作业未审批", Category.BASIC),
]
PLAN = dict(
    zip(
        MAJOR_PLAN_FIELDS,
        [
            "彻底消除罐区泄漏隐患，恢复安全生产条件",
            "更换腐蚀管线及阀门，加装可燃气体报警装置",
            "企业自筹资金 12 万元，材料已订购",
            "由企业主要负责人牵头，设备科负责实施",
            "三十日内完成，完成后申请复查",
            "治理期间罐区停用，设置警戒区并落实应急预案",
        ],
        strict=True,
    )
)


def closed_at_after(found, deadline, today):
    """Closed a day before the deadline (or today, if that is still ahead): demo timelines stay in order."""
    day = max(found, min(deadline - timedelta(days=1), today))
    return at(day, 16)


def demo_photo(text_color=(200, 60, 40)):
    buffer = io.BytesIO()
    image = Image.new("RGB", (480, 360), (230, 230, 225))
    ImageDraw.Draw(image).rectangle([60, 60, 420, 300], outline=text_color, width=12)
    image.save(buffer, "JPEG")
    return SimpleUploadedFile("现场照片.jpg", buffer.getvalue(), content_type="image/jpeg")


def seed_named_hazards(*, enterprise, enterprise_user, inspector, grid_officer, today=None):
    """Three hazards of the demo enterprise, walked through the real services; the overdue one chased (催办) by the
    grid officer of its cell, so the enterprise's home shows it marked 已催办."""
    if enterprise.hazards.exists():
        return
    today = today or timezone.localdate()

    def report(location, description, days_ago, deadline_in, **extra):
        hazard = Hazard(
            enterprise=enterprise,
            source=HazardOrigin.SELF_CHECK,
            found_on=today - timedelta(days=days_ago),
            location=location,
            description=description,
            category=Category.SITE,
            subcategory="chemicals",
            rectification_deadline=today + timedelta(days=deadline_in),
            responsible_person="周晓东",
            measures="加盖密封，加强通风",
            **extra,
        )
        return hazard_report(hazard=hazard, actor=enterprise_user, photos=[demo_photo()])

    closed = report("胶粘车间", "溶剂油桶未加盖", 40, -10)
    for action, user, note, photos in [
        ("start", enterprise_user, "已安排整改", []),
        ("rectify", enterprise_user, "已加盖并设置通风", [demo_photo((40, 150, 60))]),
        ("close", inspector, "复查合格，予以销号", []),
    ]:
        closed = hazard_transition(
            hazard=closed, action=action, actor=user, version=closed.version, note=note, photos=photos
        )
    waiting = report("成品仓库", "消防通道堆放纸箱", 12, 5)
    waiting = hazard_transition(hazard=waiting, action="start", actor=enterprise_user, version=waiting.version)
    hazard_transition(
        hazard=waiting,
        action="rectify",
        actor=enterprise_user,
        version=waiting.version,
        note="纸箱已清理",
        photos=[demo_photo((40, 150, 60))],
    )
    overdue = report("配电房", "配电箱门损坏，线路裸露", 20, -3)
    hazard_transition(hazard=overdue, action="start", actor=enterprise_user, version=overdue.version)
    hazard_chase(hazard=overdue, actor=grid_officer, note="已逾期，请本周内完成整改并上传整改照片。")


HAZARD_COLUMNS = [
    "id",
    "enterprise_id",
    "source",
    "found_on",
    "location",
    "description",
    "category",
    "subcategory",
    "level",
    "rectification_deadline",
    "responsible_person",
    "measures",
    "funds",
    *PLAN,
    "suspension",
    "status",
    "version",
    "reported_by_id",
    "reported_at",
    "rectified_on",
    "closed_at",
]
EVENT_COLUMNS = ["hazard_id", "action", "from_status", "to_status", "actor_id", "at"]
STEPS = [
    (HazardAction.REPORT, "", HazardStatus.REPORTED),
    (HazardAction.START, HazardStatus.REPORTED, HazardStatus.RECTIFYING),
    (HazardAction.RECTIFY, HazardStatus.RECTIFYING, HazardStatus.RECTIFIED),
    (HazardAction.CLOSE, HazardStatus.RECTIFIED, HazardStatus.CLOSED),
]
VERSIONS = {HazardStatus.REPORTED: 1, HazardStatus.RECTIFYING: 2, HazardStatus.RECTIFIED: 3, HazardStatus.CLOSED: 4}


def _at(day, hour, now):
    """Half past `hour` on `day`, but never later than now."""
    return min(at(day, hour, 30), now)


def timeline(*, hazard_id, status, found, rectified_on, closed_at, actor_id, now):
    """The events that lead a bulk hazard to `status`, in order and never in the future: (reported_at, rows)."""
    reported = _at(found, 9, now)
    moments = [reported, min(reported + timedelta(days=1), now)]
    moments.append(max(moments[-1], _at(rectified_on, 15, now)) if rectified_on else None)
    moments.append(max(moments[-1], closed_at) if closed_at else None)
    rows = [
        (hazard_id, action, from_status, to_status, actor_id, moment)
        for (action, from_status, to_status), moment in zip(STEPS[: VERSIONS[status]], moments, strict=False)
    ]
    return reported, rows


def rectified_and_closed(status, found, deadline, today):
    """When a bulk hazard in `status` was rectified and closed (None for the steps it has not reached)."""
    rectified_on = (
        min(deadline - timedelta(days=2), today) if status in (HazardStatus.RECTIFIED, HazardStatus.CLOSED) else None
    )
    closed_at = closed_at_after(found, deadline, today) if status == HazardStatus.CLOSED else None
    return rectified_on, closed_at


def seed_hazards(*, count, seed, actor, today=None):
    """Bulk hazards over the registry in every state, with matching events; skipped when there are many already.

    Written with bureau.bulk (COPY on PostgreSQL): fast, and without audit history, which is fine for demo data.
    """
    if Hazard.objects.count() > 10:
        return
    rng = random.Random(seed)
    today = today or timezone.localdate()
    now = timezone.now()
    enterprise_ids = list(Enterprise.objects.values_list("pk", flat=True))
    first_id = reserve_ids(Hazard, count)
    events = []
    rows = (
        _hazard_row(rng, first_id + n, enterprise_ids, events, actor=actor, today=today, now=now) for n in range(count)
    )
    insert_rows(Hazard, HAZARD_COLUMNS, rows)
    insert_rows(HazardEvent, EVENT_COLUMNS, events)
    analyze(Hazard, HazardEvent)


def _hazard_row(rng, pk, enterprise_ids, events, *, actor, today, now):
    """One bulk hazard's row; its events go to `events`."""
    description, category = rng.choice(FINDINGS)
    major = rng.random() < 0.04
    status = rng.choices(list(HazardStatus), weights=[10, 25, 10, 55])[0]
    # Open hazards are mostly recent; closed ones span the year.
    found = today - timedelta(days=rng.randint(0, 360 if status == HazardStatus.CLOSED else 45))
    deadline = found + timedelta(days=rng.choice([7, 15, 30, 60]) * (3 if major else 1))
    enterprise_id = rng.choice(enterprise_ids)
    # Never 执法检查: a hazard of that origin comes from an inspection and is linked to it (demo.inspections and
    # demo.volume make those), so the figures of hazards found by inspections count exactly the visits' findings.
    origins = [HazardOrigin.SELF_CHECK, HazardOrigin.EXPERT, HazardOrigin.THIRD_PARTY, HazardOrigin.REPORT]
    source = rng.choices(origins, weights=[85, 5, 7, 3])[0]
    location = rng.choice(LOCATIONS)
    subcategory = rng.choice(SUBCATEGORIES[category])
    responsible = rng.choice("陈林黄张王李") + rng.choice("建国志强海燕丽华")
    funds = rng.choice([None, 500, 2000, 8000, 30000])
    rectified_on, closed_at = rectified_and_closed(status, found, deadline, today)
    reported_at, hazard_events = timeline(
        hazard_id=pk,
        status=status,
        found=found,
        rectified_on=rectified_on,
        closed_at=closed_at,
        actor_id=actor.pk,
        now=now,
    )
    events.extend(hazard_events)
    plan = PLAN.values() if major else [""] * len(PLAN)
    return (
        pk,
        enterprise_id,
        source,
        found,
        location,
        description,
        category,
        subcategory,
        HazardLevel.MAJOR if major else HazardLevel.GENERAL,
        deadline,
        responsible,
        "按要求落实整改",
        funds,
        *plan,
        "partial" if major else "none",
        status,
        VERSIONS[status],
        actor.pk,
        reported_at,
        rectified_on,
        closed_at,
    )
