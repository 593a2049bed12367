"""seed_demo: every app's demo data in order, in one transaction (the composition root may import every app)."""

import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bureau.demo.accidents import seed_accidents
from bureau.demo.assessment import seed_assessment
from bureau.demo.criteria import seed_criterion_hazards
from bureau.demo.dishonest import seed_dishonest_listing
from bureau.demo.draws import seed_draws
from bureau.demo.enterprises import seed_named_enterprises, seed_named_grades, seed_registry
from bureau.demo.grids import seed_assignments, seed_grid
from bureau.demo.hazards import seed_hazards, seed_named_hazards
from bureau.demo.inspections import seed_enforcement
from bureau.demo.major_hazards import seed_major_hazard_listings
from bureau.demo.plans import seed_plan
from bureau.demo.publication import seed_draw_results
from bureau.demo.self_checks import seed_self_checks
from bureau.demo.users import DEMO_PASSWORD, seed_users
from bureau.demo.volume import seed_inspection_volume
from enterprises import due_summary, summary
from enterprises.registry_cache import reference_changed
from hazards import deadline_summary, major_summary, trend_summary
from hazards import summary as hazard_summary
from inspections.planning import done_summary as inspection_summary

# Records per scale; the grid is always the real one (1,875 cells). `small` is what `make run` loads: the seed's
# story exactly (521 visits, …). The larger scales keep the story and add bulk volume around it:
#   enterprises      the registry (besides the two named ones)
#   hazards          bulk hazards over the registry, every state (inspections add the ones they find)
#   inspections      enterprise-visits in the last year, the story's 536 included
#   key_supervision  key-supervision enterprises (一企一档); major_sources: major hazard source units
#   months/quarters  self-checks filed per month, statistics per ended quarter, going back this far
#   experts, talks   more of them for the volume
SCALES = {
    "small": {
        "enterprises": 400,
        "hazards": 1200,
        "inspections": 536,
        "key_supervision": 36,
        "major_sources": 8,
        "months": 12,
        "quarters": 4,
        "experts": 0,
        "talks": 0,
    },
    "city": {
        "enterprises": 20_000,
        "hazards": 100_000,
        "inspections": 20_000,
        "key_supervision": 36,
        "major_sources": 8,
        "months": 12,
        "quarters": 4,
        "experts": 40,
        "talks": 120,
    },
    "province": {
        "enterprises": 1_000_000,
        "hazards": 1_000_000,
        "inspections": 200_000,
        "key_supervision": 1_800,
        "major_sources": 400,
        "months": 6,
        "quarters": 2,
        "experts": 400,
        "talks": 2_000,
    },
}
STORY_INSPECTIONS = 536  # bureau.demo.inspections: 521 visits and the tank-area campaign's 15


def seed_demo(*, scale, seed, verbosity, stdout):
    """Fill the database with demo data (idempotent); returns the demo sign-ins as (username, role label, name)."""
    counts = SCALES[scale]
    today = timezone.localdate()
    started = time.monotonic()

    def step(label, func, **kwargs):
        """Run one part; with -v 2, say how long it took (the benchmark reads this)."""
        began = time.monotonic()
        result = func(**kwargs)
        if verbosity > 1:
            stdout.write(f"  {label}: {time.monotonic() - began:.1f} s")
        return result

    with transaction.atomic():
        enterprises, users = _seed_grid_and_people(step, seed=seed, stdout=stdout)
        _seed_records(step, enterprises=enterprises, counts=counts, seed=seed, today=today)
    # The triggers kept the summary rows through every bulk step; recounted once anyway after a bulk load (cheap,
    # one GROUP BY), so a demo database restored from elsewhere comes out right too.
    step("企业计数汇总", summary.rebuild)
    step("隐患计数汇总", hazard_summary.rebuild)
    step("检查计数汇总", inspection_summary.rebuild)
    step("未销号隐患整改期限汇总", deadline_summary.rebuild)
    step("未销号重大隐患汇总", major_summary.rebuild)
    step("重大隐患按日汇总", trend_summary.rebuild)
    step("最近检查日期汇总", due_summary.rebuild)
    reference_changed()  # the demo writes in bulk: no list or filter form cached before it may be served after it
    if verbosity > 1:
        stdout.write(f"  合计: {time.monotonic() - started:.1f} s")
    return users


def _seed_grid_and_people(step, *, seed, stdout):
    """The grid, the two named enterprises, the demo users and the grid officers; returns (enterprises, users)."""
    User = get_user_model()
    grid = step("网格", seed_grid, stdout=stdout)
    enterprises = seed_named_enterprises(grid=grid)
    users = seed_users(enterprise_a=enterprises[0], enterprise_b=enterprises[1])
    step(
        "网格责任人",
        seed_assignments,
        grid=grid,
        grid_a=User.objects.get(username="grid_a"),
        grid_b=User.objects.get(username="grid_b"),
        actor=User.objects.get(username="admin"),
        password=DEMO_PASSWORD,
        seed=seed,
    )
    return enterprises, users


def _seed_records(step, *, enterprises, counts, seed, today):
    """Grades, the registry, hazards, inspections, self-checks, enforcement and the assessment, in that order."""
    User = get_user_model()
    staff = User.objects.get(username="staff")
    seed_named_grades(enterprises=enterprises, actor=staff)
    step(
        "企业名录",
        seed_registry,
        count=counts["enterprises"],
        seed=seed,
        actor=staff,
        key_supervision=counts["key_supervision"],
        major_sources=counts["major_sources"],
    )
    seed_named_hazards(
        enterprise=enterprises[0],
        enterprise_user=User.objects.get(username="ent_a"),
        inspector=User.objects.get(username="inspector"),
        grid_officer=User.objects.get(username="grid_a"),
    )
    step("隐患", seed_hazards, count=counts["hazards"], seed=seed, actor=staff)
    # The volume's findings come before the self-checks and statistics, which count them.
    step(
        "全年检查（批量）",
        seed_inspection_volume,
        count=counts["inspections"] - STORY_INSPECTIONS,
        seed=seed,
        experts=counts["experts"],
        talks=counts["talks"],
    )
    step(
        "自查与季度统计",
        seed_self_checks,
        seed=seed,
        today=today,
        months=counts["months"],
        quarters=counts["quarters"],
        unfiled=[enterprises[0].pk],  # ent_a's: its user can file this month's self-check
    )
    step("执法（数字轨迹）", seed_enforcement, seed=seed)
    step("严重失信主体名单", seed_dishonest_listing)
    step("考核排名与通报", seed_assessment, seed=seed, today=today)
    step("事故与后续处理", seed_accidents, today=today)
    step("双随机抽取", seed_draws, today=today)
    step("双随机结果公示", seed_draw_results, today=today)
    step("年度监督检查计划", seed_plan, today=today)
    step("重大事故隐患（按判定标准）", seed_criterion_hazards, today=today)
    step(
        "重大隐患挂牌督办",
        seed_major_hazard_listings,
        enterprise_b=enterprises[1],
        ent_b=User.objects.get(username="ent_b"),
        staff=staff,
        today=today,
    )
