"""Server time and queries of the key pages, in-process with Django's test Client, DEBUG off.

Each page: a few warm-up requests, then REPEATS timed requests end to end (URL resolution, middleware, view,
template), then one more request inside CaptureQueriesContext for the number of queries. The enterprise list's
cache is off here: its figures are those of a list computed afresh.
"""

import math
import statistics
import time

WARM_UPS = 3
REPEATS = 30


def key_pages():
    """[(label, url)] of the key pages on the seeded data, the heaviest object of each kind where there is a choice."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from bureau.assessment.models import Bulletin, Ranking
    from bureau.quarters import Quarter
    from enterprises.models import Enterprise, RiskGrade
    from grids.models import GridCell
    from hazards.models import Hazard, HazardStatus
    from inspections.planning.plan_models import SupervisionPlan

    # The dossier with the most hazards among those that show every section (talks, documents, inspections), so
    # the page is as full at every scale and its query count compares.
    full = Enterprise.objects.filter(talks__isnull=False, documents__isnull=False, inspections__isnull=False)
    busiest = (
        Hazard.objects.filter(enterprise__in=full.values("pk"))
        .values("enterprise")
        .annotate(n=Count("pk"))
        .order_by("-n", "enterprise")
        .first()
    ) or Hazard.objects.values("enterprise").annotate(n=Count("pk")).order_by("-n", "enterprise").first()
    town = (
        Enterprise.objects.values("town").annotate(n=Count("pk")).order_by("-n", "town").values_list("town", flat=True)
    )[0]
    town = GridCell.objects.get(pk=town)
    hazard = (
        Hazard.objects.filter(status=HazardStatus.CLOSED, documents__isnull=False).order_by("pk").first()
        or Hazard.objects.order_by("pk").first()
    )
    # The newest ranked quarter: the demo leaves the quarter just ended for staff to rank.
    newest = Ranking.objects.order_by("-year", "-quarter").first()
    quarter = Quarter(newest.year, newest.quarter) if newest else Quarter.last_ended(timezone.localdate())
    bulletin = Bulletin.objects.filter(status=Bulletin.Status.PUBLISHED).order_by("-pk").first()
    from inspections.planning.publication import published_draws

    published = published_draws().first()
    # Data seeded before the plan or the publication existed has neither: `--reseed` brings them.
    plan = SupervisionPlan.objects.approved().order_by("-year").first()
    return [
        ("首页（数据看板）", reverse("home")),
        ("企业名录", reverse("enterprises:list")),
        ("企业名录（按镇街+等级筛选）", reverse("enterprises:list") + f"?town={town.code}&grade={RiskGrade.YELLOW}"),
        ("一企一档", reverse("enterprises:detail", args=[busiest["enterprise"]])),
        ("隐患列表", reverse("hazards:list")),
        ("隐患详情", reverse("hazards:detail", args=[hazard.pk])),
        ("重大隐患挂牌督办看板", reverse("major_hazards:board")),
        ("网格树", reverse("grids:tree")),
        ("网格（镇街）", reverse("grids:detail", args=[town.code])),
        (f"季度排名 {quarter.slug}", reverse("rankings:detail", args=[quarter])),
        ("季度通报", reverse("bulletins:detail", args=[bulletin.pk])),
        ("待检企业", reverse("enterprises:due")),
        ("事故列表", reverse("accidents:list")),
        ("事故后续处理", reverse("accidents:follow_ups")),
        ("重大事故隐患判定标准", reverse("major_hazards:criteria")),
        ("挂牌督办清单", reverse("major_hazards:listings")),
        ("监督检查列表", reverse("inspections:list")),
        ("执法文书登记簿", reverse("documents:register")),
        # The public pages (一公开), as anyone sees them: the index, a published draw with its results, the
        # published penalty decisions.
        ("双随机抽查公示（公开首页）", reverse("public:index")),
        *([("双随机公示（抽取与结果）", reverse("public:draw", args=[published.pk]))] if published else []),
        ("行政处罚信息公示", reverse("public:penalties")),
        *([("年度监督检查计划", plan.get_absolute_url())] if plan else []),
    ]


def percentile(values, share):
    """Nearest-rank percentile: of 30 timings, p95 is the 29th smallest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(repeats=REPEATS, username="staff"):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    assert not settings.DEBUG, "the bench measures with DEBUG off"
    # The registry list's body would come from the cache after the first request: time what computing it costs
    # (the first request after any change to the registry). The throughput part measures it cached and not.
    settings.REGISTRY_LIST_CACHE = False
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    results = []
    for label, url in key_pages():
        for _ in range(WARM_UPS):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{label} {url}: {response.status_code}")
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        results.append(
            {
                "label": label,
                "url": url,
                "p50": round(statistics.median(timings), 1),
                "p95": round(percentile(timings, 0.95), 1),
                "queries": len(queries),
                "bytes": len(response.content),
            }
        )
    return results
