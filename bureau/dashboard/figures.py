"""What the home page shows, as keys of the figure registry (bureau.figures): the page counts nothing itself."""

from functools import partial

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from bureau.figures import AS_OF_TODAY, IN_PERIOD, count_values, kept_values
from bureau.figures import shown as shown_figures
from bureau.roles import Role, is_bureau, role_of
from hazards.chases import CHASEABLE_STATUSES, with_chases
from hazards.permissions import visible_hazards
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.progress import campaigns_with_progress, target_visited

HOME = ["enterprises.registered", "hazards.open", "hazards.overdue", "enterprises.due"]
HOME_BUREAU = [*HOME, "grids.cells"]

# The "数字轨迹" panels of the bureau's dashboard: (heading, whether they count a period or today, keys).
PANELS = [
    (
        "监督检查与执法",
        IN_PERIOD,
        [
            "inspections.visits",
            "inspections.inspector_visits",
            "hazards.found_by_inspection",
            "hazards.rectified_of_found",
            "documents.suspended_enterprises",
            "cases.opened",
            "documents.fines",
        ],
    ),
    ("案件期限", AS_OF_TODAY, ["cases.deadlines_overdue", "cases.deadlines_due_soon"]),
    ("重大隐患挂牌督办", AS_OF_TODAY, ["major_hazards.open", "major_hazards.listed", "major_hazards.listing_overdue"]),
    (
        "一企一档、重大危险源与社会化服务",
        AS_OF_TODAY,
        [
            "enterprises.key_supervision",
            "enterprises.source_units",
            "enterprises.sources_accepted",
            "enterprises.sources_installing",
            "enterprises.alliance",
            "enterprises.agency",
        ],
    ),
    (
        "企业自查、专家会诊与谈心谈话",
        IN_PERIOD,
        ["self_checks.filed", "inspections.expert_visits", "talks.non_coal_mine", "talks.chemicals"],
    ),
    ("责任追究", IN_PERIOD, ["accountability.criminal", "accountability.discipline", "accountability.bulletin"]),
    ("事故调查期限", AS_OF_TODAY, ["accidents.report_overdue", "accidents.report_soon"]),
    ("年度监督检查计划", AS_OF_TODAY, ["plans.planned", "plans.done_routine", "plans.done_random"]),
]


def dashboard_figures(user, period=None):
    """The home cards and, for the bureau, the panels of `period`: every figure counted in one call, so figures
    of one source share a query."""
    home = HOME_BUREAU if is_bureau(user) else HOME
    panels = PANELS if (is_bureau(user) and period) else []
    keys = [*home, *(key for _, _, panel in panels for key in panel)]
    count = partial(count_values, keys, user, period)
    # The bureau's roles each see the whole city, the same for every user of the role: their values may be kept
    # (bureau.figures.kept_values) until the next write. A grid officer's few cells are counted afresh.
    values = kept_values(role_of(user), period, keys, count) if is_bureau(user) else count()
    shown = {figure.key: figure for figure in shown_figures(keys, values, period)}
    return {
        "cards": [shown[key] for key in home],
        "panels": [
            {"heading": heading, "span": span, "figures": [shown[key] for key in panel]}
            for heading, span, panel in panels
        ],
    }


def officer_watch_list(user, days=7):
    """A grid officer's chase list: overdue hazards, then those due within `days`, in their cells."""
    if role_of(user) != Role.GRID_OFFICER:
        return None
    today = timezone.localdate()
    hazards = with_chases(visible_hazards(user).select_related("enterprise"), today)
    overdue = list(hazards.overdue(today).order_by("rectification_deadline")[:20])
    due_soon = list(hazards.due_within(days, today).order_by("rectification_deadline")[:20])
    for hazard in overdue + due_soon:
        # 催办 on the row itself: every hazard on the list is in the officer's cells, so only the state and today's
        # chase decide (hazards.services.hazard_chase checks again).
        hazard.chaseable = hazard.status in CHASEABLE_STATUSES
    return {"overdue": overdue, "due_soon": due_soon, "days": days}


CAMPAIGN_COLUMNS = ["pk", "name", "target_count", "surveyed_count", "inspected_count", "completed_count"]


def kept_campaigns(user, period):
    """The campaign panel's rows (plain values), kept like the figures until the next write: its correlated counts
    over the targets are the page's dearest query at city scale."""

    def count():
        return [{column: getattr(c, column) for column in CAMPAIGN_COLUMNS} for c in campaigns_in_force(period)]

    return kept_values(role_of(user), period, ["campaigns"], count)


def campaigns_in_force(period):
    """Campaigns in force during the period with their targets surveyed, inspected and completed: one query."""
    surveyed = (
        CampaignTarget.objects.filter(campaign=OuterRef("pk"))
        .filter(target_visited() | Q(surveyed_on__isnull=False))
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    in_force = Campaign.objects.filter(start_date__lte=period.end, end_date__gte=period.start)
    return list(campaigns_with_progress(in_force).annotate(surveyed_count=Coalesce(Subquery(surveyed), 0)))
