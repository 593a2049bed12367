"""The quarterly ranking pages (季度排名): who may see and do what, computing, the table and its evidence."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bureau.assessment import tasks
from bureau.assessment.charts import bar_chart
from bureau.assessment.models import Bulletin, PreDeduction, Ranking, RankingRun, Restoration, Scheme
from bureau.assessment.scoring import compute_ranking
from bureau.assessment.services import pre_deduction_create, ranking_request
from bureau.navigation import nav_for
from bureau.quarters import Quarter
from inspections.accidents.models import Accident
from tests.assessment.builders import last_ended_quarter, rank_two_quarters
from tests.factories import make_cell, make_enterprise

LAST = last_ended_quarter()


@pytest.fixture
def ranked(world, staff):
    return rank_two_quarters(world, staff)


@pytest.fixture
def synchronous_tasks():
    """The task runs in the request instead of on a worker: these tests are about the pages, not about Celery."""

    def delay(run_id):
        tasks.compute_ranking_task(run_id)
        return SimpleNamespace(id=f"sync-{run_id}")

    with mock.patch("bureau.assessment.tasks.compute_ranking_task.delay", side_effect=delay) as patched:
        yield patched


def detail_url(quarter=LAST):
    return reverse("rankings:detail", args=[quarter.slug])


# Who may open what ------------------------------------------------------------------------------------------------

VIEWERS = ["bureau_admin", "staff", "inspector", "grid_officer_a"]


@pytest.mark.parametrize(("persona", "status"), [*[(p, 200) for p in VIEWERS], ("enterprise_user_x", 403)])
def test_rankings_are_for_the_bureau_and_grid_officers(request, client, ranked, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("rankings:list")).status_code == status
    assert client.get(detail_url()).status_code == status


@pytest.mark.parametrize("persona", ["bureau_admin", "inspector", "grid_officer_a", "enterprise_user_x"])
def test_only_staff_compute_deduct_restore_draft_and_record_accountability(request, client, ranked, staff, persona):
    deduction = pre_deduction_create(town=ranked.rows.first().town, quarter=LAST, points=2, reason="缺", actor=staff)
    client.force_login(request.getfixturevalue(persona))

    assert client.post(reverse("rankings:compute", args=[LAST.slug])).status_code == 403
    assert client.get(reverse("rankings:pre_deduction_create", args=[LAST.slug])).status_code == 403
    assert client.get(reverse("rankings:restore", args=[deduction.pk])).status_code == 403
    assert client.post(reverse("rankings:draft_bulletin", args=[LAST.slug])).status_code == 403
    assert client.get(reverse("accidents:follow_up_create")).status_code == 403
    assert not RankingRun.objects.exists() and not Bulletin.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("staff", 200), ("inspector", 200), ("grid_officer_a", 403)])
def test_staff_and_inspectors_record_accidents(request, client, world, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("accidents:create")).status_code == status
    # The assessment's old address of the form sends everyone there.
    assert client.get(reverse("rankings:accident_create"))["Location"] == reverse("accidents:create")


@pytest.mark.parametrize("slug", ["2026Q5", "2026Q0", "26Q3", "2026-3", "abcd"])
def test_a_malformed_quarter_is_a_404(client, staff, slug):
    client.force_login(staff)

    assert client.get(f"/rankings/{slug}/").status_code == 404


@pytest.mark.parametrize(
    "slug", ["9999Q4", "0000Q1", "0001Q1", "1999Q4", f"{timezone.localdate().year + 2}Q1", "٢٠٢٦Q1", "２０２６Q1"]
)
def test_a_quarter_outside_the_supported_years_is_the_portals_404_and_computes_nothing(staff, slug):
    client = Client(raise_request_exception=False)
    client.force_login(staff)

    for response in (
        client.get(f"/rankings/{slug}/"),
        client.post(f"/rankings/{slug}/compute/"),
        client.post(f"/rankings/{slug}/bulletin/"),
        client.get(f"/rankings/{slug}/pre-deductions/new/"),
    ):
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()
    assert not RankingRun.objects.exists()


def test_quarters_are_parsed_by_one_strict_rule():
    this_year = timezone.localdate().year
    assert Quarter.parse("2000Q1") == Quarter(2000, 1)
    assert Quarter.parse(f"{this_year + 1}Q4") == Quarter(this_year + 1, 4)
    for slug in ["1999Q4", f"{this_year + 2}Q1", "0001Q1", "9999Q4", "٢٠٢٦Q1", "2026Q1\x00", "2026Q1 2"]:
        with pytest.raises(ValueError):
            Quarter.parse(slug)
    assert Quarter(1, 1).slug == "0001Q1"  # a slug the URL pattern takes, so reversing never fails


def test_a_ranking_is_never_requested_for_an_unsupported_quarter(world, staff):
    with pytest.raises(ValidationError, match="年份超出系统支持的范围"):
        ranking_request(quarter=Quarter(1, 1), actor=staff)
    assert not RankingRun.objects.exists()


def test_a_missing_pre_deduction_is_a_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("rankings:restore", args=[999999])).status_code == 404


# The list of quarters ---------------------------------------------------------------------------------------------


def test_the_list_shows_each_quarters_state_newest_first(client, ranked, staff):
    failed_quarter = LAST.previous().previous()
    RankingRun.objects.create(
        year=failed_quarter.year,
        quarter=failed_quarter.number,
        status=RankingRun.Status.FAILED,
        message="尚未导入网格：没有可考核的镇街。",
    )
    running_quarter = failed_quarter.previous()
    RankingRun.objects.create(
        year=running_quarter.year, quarter=running_quarter.number, status=RankingRun.Status.RUNNING, progress=35
    )
    client.force_login(staff)

    response = client.get(reverse("rankings:list"))

    rows = response.context["rows"]
    quarters = [row["quarter"] for row in rows]
    assert quarters == sorted(quarters, reverse=True)
    assert quarters[0] == Quarter.containing(timezone.localdate())
    assert len([q for q in quarters if q.end < timezone.localdate()]) == 8
    states = {row["quarter"]: row["state"]["kind"] for row in rows}
    assert states[LAST] == states[LAST.previous()] == "ranked"
    assert (states[failed_quarter], states[running_quarter]) == ("failed", "running")
    assert states[running_quarter.previous()] == "none"
    body = response.content.decode()
    assert "尚未导入网格：没有可考核的镇街。" in body and "计算中 35%" in body
    assert body.count("计算排名</button>") >= 1 and body.count("重新计算排名</button>") == 2


def test_an_old_ranked_quarter_is_listed_even_beyond_eight(client, world, staff):
    old = LAST
    for _ in range(12):
        old = old.previous()
    Scheme.objects.create(name="旧考核办法", valid_from_year=old.year, valid_from_quarter=old.number)
    compute_ranking(old)
    client.force_login(staff)

    quarters = [row["quarter"] for row in client.get(reverse("rankings:list")).context["rows"]]

    assert old in quarters and old.next() not in quarters


def test_grid_officers_see_states_but_no_buttons(client, ranked, grid_officer_a):
    client.force_login(grid_officer_a)

    body = client.get(reverse("rankings:list")).content.decode()

    assert "已排名" in body and "计算排名" not in body


# Computing --------------------------------------------------------------------------------------------------------


def test_the_compute_button_runs_the_quarter_and_shows_the_result(
    client, world, staff, synchronous_tasks, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rankings:compute", args=[LAST.slug]))

    assert response.status_code == 302 and response["Location"] == detail_url()
    run = RankingRun.objects.get()
    assert (run.status, run.progress, run.task_id, run.requested_by) == ("done", 100, f"sync-{run.pk}", staff)
    assert Ranking.objects.filter(year=LAST.year, quarter=LAST.number).exists()
    page = client.get(response["Location"])
    assert [row["town"] for row in page.context["rows"]] == [world.town1, world.town2]
    assert '<meta http-equiv="refresh"' not in page.content.decode()
    assert "已开始计算" in page.content.decode()


def test_a_quarter_not_yet_over_cannot_be_computed(client, world, staff, synchronous_tasks):
    current = Quarter.containing(timezone.localdate())
    client.force_login(staff)

    response = client.post(reverse("rankings:compute", args=[current.slug]), follow=True)

    assert f"{current.label}尚未结束，不能计算排名。" in response.content.decode()
    assert not RankingRun.objects.exists() and not synchronous_tasks.called


def test_a_second_request_while_running_is_refused_with_a_message(client, world, staff, synchronous_tasks):
    RankingRun.objects.create(year=LAST.year, quarter=LAST.number, status=RankingRun.Status.QUEUED)
    client.force_login(staff)

    response = client.post(reverse("rankings:compute", args=[LAST.slug]), follow=True)

    assert "正在计算中，请稍候" in response.content.decode()
    assert RankingRun.objects.count() == 1


def test_while_running_the_page_shows_progress_and_refreshes_itself(client, ranked, staff):
    run = RankingRun.objects.create(year=LAST.year, quarter=LAST.number, status=RankingRun.Status.RUNNING, progress=40)
    client.force_login(staff)

    body = client.get(detail_url()).content.decode()

    head = body.split("</head>")[0]
    assert '<meta http-equiv="refresh" content="3">' in head
    assert '<progress class="run-progress" value="40" max="100">' in body and "计算中 40%" in body
    assert "<script>" not in body  # the refresh is a meta tag: the CSP forbids inline script

    RankingRun.objects.filter(pk=run.pk).update(status=RankingRun.Status.DONE, progress=100)
    assert '<meta http-equiv="refresh"' not in client.get(detail_url()).content.decode()


def test_a_failed_run_says_why_and_keeps_the_old_ranking(client, ranked, staff):
    RankingRun.objects.create(
        year=LAST.year,
        quarter=LAST.number,
        status=RankingRun.Status.FAILED,
        message="任务队列暂时不可用，排名未能开始计算，请稍后再试。现有排名保持不变。",
        finished_at=timezone.now(),
    )
    client.force_login(staff)

    response = client.get(detail_url())

    assert response.context["state"]["kind"] == "failed"
    assert "任务队列暂时不可用" in response.content.decode()
    assert len(response.context["rows"]) == 2


# The table --------------------------------------------------------------------------------------------------------


def test_the_table_shows_ranks_values_points_totals_and_changes(client, ranked, world, staff):
    client.force_login(staff)

    response = client.get(detail_url())

    rows = response.context["rows"]
    assert [(r["rank"], r["town"].name, r["total"], r["change_label"]) for r in rows] == [
        (1, "飞云街道", Decimal("45.00"), "↑1"),
        (2, "仙降街道", Decimal("42.00"), "↓1"),
    ]
    xianjiang = {cell["rule"]: cell for cell in rows[1]["cells"]}
    overdue = xianjiang["overdue_hazards"]
    assert (overdue["display"], overdue["points"], overdue["explanation"]) == (
        "1 项",
        Decimal("12.00"),
        "一般 0 项，重大 1 项",
    )
    assert overdue["url"] == f"/hazards/?town={world.town1.code}&overdue=1"
    due = xianjiang["inspections_due"]
    assert (due["display"], due["explanation"]) == ("0.0%", "检查 0 / 应检 1")
    assert due["url"] == f"/enterprises/due/?town={world.town1.code}"
    assert xianjiang["rectification_rate"]["display"] == "100.0%"
    assert xianjiang["grid_coverage"]["url"] == f"/grids/unassigned/?town={world.town1.code}"
    assert xianjiang["self_check_coverage"]["url"].startswith("/self-checks/?year=")
    body = response.content.decode()
    assert f'<a href="/hazards/?town={world.town1.code}&amp;overdue=1" title="一般 0 项，重大 1 项">1 项</a>' in body
    assert "↑1" in body and "↓1" in body


def test_the_chart_has_one_bar_per_town(client, world, staff):
    for n in range(3):
        make_cell(parent=world.city, name=f"新镇{n}")
    compute_ranking(LAST)
    client.force_login(staff)

    chart = str(client.get(detail_url()).context["chart"])

    assert chart.startswith("<svg") and chart.count('<rect class="chart-bar"') == 5
    assert "style=" not in chart and "<script" not in chart
    assert "仙降街道" in chart and "新镇2" in chart


def test_a_bar_chart_scales_bars_to_their_values():
    chart = bar_chart([("甲镇", Decimal("100")), ("乙镇", Decimal("50")), ("丙镇", Decimal("-10"))])

    widths = [float(part.split('"')[0]) for part in chart.split('width="')[2:]]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert chart.count('fill="#dc3545"') == 1  # the negative one


def test_the_trend_shows_each_towns_totals_over_the_ranked_quarters(client, ranked, world, staff):
    client.force_login(staff)

    trend = client.get(detail_url()).context["trend"]

    assert trend["columns"] == [LAST.previous(), LAST]
    lines = {line["town"]: line for line in trend["lines"]}
    assert lines[world.town1]["cells"] == [(Decimal("45.00"), 1), (Decimal("42.00"), 2)]
    assert lines[world.town2]["cells"] == [(Decimal("43.00"), 2), (Decimal("45.00"), 1)]
    assert str(lines[world.town1]["line"]).count("<circle") == 2


def test_the_quarter_page_lists_its_accidents(client, ranked, world, staff):
    Accident.objects.create(
        date=LAST.start + timedelta(days=3),
        enterprise=world.enterprise_x,
        deaths=1,
        summary="高处坠落",
        recorded_by=staff,
    )
    client.force_login(staff)

    response = client.get(detail_url())

    assert [a.summary for a in response.context["accidents"]] == ["高处坠落"]
    assert client.get(detail_url(LAST.previous())).context["accidents"][0].summary == "机械伤害"


def _build_towns(count, enterprises_per_town, staff):
    city = make_cell(code=f"C{count}", name="市")
    for n in range(count):
        town = make_cell(parent=city, name=f"镇{count}-{n}")
        village = make_cell(parent=make_cell(parent=town))
        for _ in range(enterprises_per_town):
            make_enterprise(grid_cell=village)
        pre_deduction_create(town=town, quarter=LAST, points=1, reason="预扣", actor=staff)
    compute_ranking(LAST.previous())
    compute_ranking(LAST)


def _queries_of_quarter_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url())
    assert response.status_code == 200
    return len(queries)


def test_the_quarter_pages_queries_do_not_grow_with_towns_or_enterprises(client, db, staff):
    client.force_login(staff)
    _build_towns(2, 1, staff)
    small = _queries_of_quarter_page(client)

    _build_towns(6, 4, staff)
    large = _queries_of_quarter_page(client)

    assert len(client.get(detail_url()).context["rows"]) == 8
    assert large == small


# Pre-deductions and their restoration ------------------------------------------------------------------------------


def test_staff_add_a_pre_deduction_through_the_form(client, ranked, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("rankings:pre_deduction_create", args=[LAST.slug]),
        {"town": world.town1.pk, "points": "3", "reason": "网格责任人未落实到位"},
    )

    assert response.status_code == 302 and response["Location"] == f"{detail_url()}#pre-deductions"
    deduction = PreDeduction.objects.get()
    assert (deduction.town, deduction.year, deduction.quarter, deduction.points) == (
        world.town1,
        LAST.year,
        LAST.number,
        Decimal("3"),
    )
    ledger = client.get(detail_url()).context["ledger"]
    assert [(e["town"], e["deducted"], e["outstanding"]) for e in ledger] == [(world.town1, 3, 3)]


def test_a_pre_deduction_needs_points_above_zero_and_a_reason(client, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("rankings:pre_deduction_create", args=[LAST.slug]), {"town": world.town1.pk, "points": "0"}
    )

    body = response.content.decode()
    assert response.status_code == 200 and "请填写预扣理由。" in body and "未保存" in body
    assert not PreDeduction.objects.exists()


@pytest.fixture
def deduction(world, staff):
    return pre_deduction_create(town=world.town1, quarter=LAST, points=Decimal("3"), reason="隐患整改率低", actor=staff)


def test_staff_approve_a_restoration_with_evidence(client, deduction, staff):
    client.force_login(staff)
    approved_on = (LAST.start + timedelta(days=30)).isoformat()

    response = client.post(
        reverse("rankings:restore", args=[deduction.pk]),
        {"points": "1", "evidence": "复查记录 FC-2026-018", "approved_on": approved_on},
    )

    assert response.status_code == 302
    restoration = Restoration.objects.get()
    assert (restoration.points, restoration.evidence, restoration.approved_by) == (1, "复查记录 FC-2026-018", staff)
    page = client.get(detail_url())
    assert page.context["ledger"][0]["outstanding"] == 2
    assert "复查记录 FC-2026-018" in page.content.decode()


def test_restoring_more_than_outstanding_is_refused_and_saves_nothing(client, deduction, staff):
    client.force_login(staff)
    url = reverse("rankings:restore", args=[deduction.pk])
    today = timezone.localdate().isoformat()
    client.post(url, {"points": "1", "evidence": "第一次整改", "approved_on": today})

    response = client.post(url, {"points": "2.5", "evidence": "第二次整改", "approved_on": today})

    assert response.status_code == 200
    assert "恢复分值不能超过尚未恢复的 2.0 分。" in response.content.decode()
    assert Restoration.objects.count() == 1


def test_a_restoration_cannot_be_dated_in_the_future(client, deduction, staff):
    client.force_login(staff)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(
        reverse("rankings:restore", args=[deduction.pk]), {"points": "1", "evidence": "整改", "approved_on": tomorrow}
    )

    assert "批准日期不能晚于今天。" in response.content.decode()
    assert not Restoration.objects.exists()


# Accidents --------------------------------------------------------------------------------------------------------


def test_an_accident_is_recorded_by_the_enterprises_credit_code(client, world, inspector):
    client.force_login(inspector)
    day = LAST.start + timedelta(days=20)

    response = client.post(
        reverse("accidents:create"),
        {
            "credit_code": world.enterprise_x.credit_code.lower(),
            "occurred_at": f"{day.isoformat()}T09:30",
            "kind": "poisoning",
            "deaths": "1",
            "serious_injuries": "0",
            "injuries": "2",
            "direct_loss": "0",
            "summary": "受限空间中毒",
        },
    )

    accident = Accident.objects.get()
    assert response.status_code == 302 and response["Location"] == accident.get_absolute_url()
    assert (accident.enterprise, accident.date, accident.deaths, accident.recorded_by) == (
        world.enterprise_x,
        day,
        1,
        inspector,
    )


def test_an_unknown_credit_code_is_refused(client, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("accidents:create"),
        {
            "credit_code": "91330381MA0000000X",
            "occurred_at": f"{LAST.start.isoformat()}T09:30",
            "kind": "other",
            "deaths": "0",
            "serious_injuries": "0",
            "injuries": "0",
            "direct_loss": "0",
            "summary": "x",
        },
    )

    assert "找不到与“91330381MA0000000X”相符的企业" in response.content.decode()
    assert not Accident.objects.exists()


# Bulletin draft ---------------------------------------------------------------------------------------------------


def test_staff_draft_a_bulletin_from_the_quarter_page(client, ranked, staff):
    client.force_login(staff)

    response = client.post(reverse("rankings:draft_bulletin", args=[LAST.slug]))

    bulletin = Bulletin.objects.get()
    assert response["Location"] == reverse("bulletins:detail", args=[bulletin.pk])
    assert bulletin.status == "draft" and bulletin.ranking == ranked and bulletin.created_by == staff
    assert bulletin.title == f"关于{LAST.label}各镇街安全生产工作考核情况的通报"


def test_a_quarter_without_ranking_has_no_bulletin_to_draft(client, world, staff):
    client.force_login(staff)

    assert client.post(reverse("rankings:draft_bulletin", args=[LAST.slug])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees"), [("staff", True), ("inspector", True), ("grid_officer_a", True), ("enterprise_user_x", False)]
)
def test_the_navigation_leads_to_rankings_and_bulletins(request, world, persona, sees):
    labels = [item["label"] for item in nav_for(request.getfixturevalue(persona))]

    assert ("季度排名" in labels, "通报" in labels) == (sees, sees)
