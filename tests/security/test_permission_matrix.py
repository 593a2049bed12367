"""Every URL of the portal × every persona × GET and POST, with the answer each must get.

The table below is the rule. Each row names a URL (built from the world's objects, all of them enterprise X's)
and the status codes expected, one column per persona:

    anon   not signed in                      gA   grid officer of cell A (X is in A's subtree: in scope)
    admin  bureau admin                       gB   grid officer of cell B (X is not: out of scope)
    staff  bureau staff                       eX   enterprise user of X (its own objects)
    insp   inspector                          eY   enterprise user of Y (another's objects)

POSTs are empty or minimal: enough to show the access decision (403/404 for those who may not; 200 with the form
re-shown or 302 for those who may). Each request runs in a savepoint rolled back afterwards, so a POST that
succeeds changes nothing for the next persona.

Adding a URL to the portal without a row here fails test_every_url_is_in_the_matrix.
To add a row: build its URL from build_objects below (add the object it needs if missing), then write
the two lines of codes (columns: ano=anon, adm=admin, stf=staff, ins=insp). Run the test: a wrong cell prints
as "name GET persona: expected … got …".
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from bureau.accounts.services import notify
from bureau.assessment.bulletins import bulletin_draft
from bureau.assessment.scoring import compute_ranking
from bureau.assessment.services import bulletin_publish, pre_deduction_create
from bureau.models import CalendarDay
from bureau.quarters import Quarter
from bureau.roles import Role
from enterprises.models import Industry, MajorHazardSource
from grids.models import GridAssignment
from hazards.listing import listing_create
from hazards.models import MAJOR_PLAN_FIELDS, Hazard
from hazards.self_checks import self_check_submit
from hazards.services import hazard_report, hazard_request_extension
from inspections.accidents.services import accident_report, accountability_record, investigation_save
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.services import campaign_save
from inspections.enforcement.approval import draft_approve, draft_save
from inspections.enforcement.dishonest import dishonest_propose
from inspections.enforcement.dishonest_models import DishonestCondition
from inspections.enforcement.payment_services import payment_arrangement_apply
from inspections.enforcement.services import case_open, document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.enforcement.violation_models import Violation
from inspections.enforcement.violation_services import case_violation_add
from inspections.inspection.services import inspection_record
from inspections.planning.models import OfficerCredential
from inspections.planning.plan_models import PlanGroup, PlanMethod
from inspections.planning.plan_services import plan_save
from inspections.planning.publication import draw_publish
from inspections.planning.services import draw_prepare, draw_run
from inspections.registers.models import Expert
from inspections.registers.services import talk_record
from tests.conftest import make_world
from tests.factories import make_hazard, make_image, make_user
from tests.inspections.payment_helpers import decided_case, serve

MAJOR_PLAN = dict.fromkeys(MAJOR_PLAN_FIELDS, "按方案治理")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

PERSONAS = {
    "anon": None,
    "admin": "bureau_admin",
    "staff": "staff",
    "insp": "inspector",
    "gA": "grid_officer_a",
    "gB": "grid_officer_b",
    "eX": "enterprise_user_x",
    "eY": "enterprise_user_y",
}


@dataclass(frozen=True)
class Row:
    url: object  # a function of build_objects' namespace that returns the URL
    get: str  # expected codes, one per persona in PERSONAS order
    post: str
    data: dict | None = None  # the minimal POST; empty when None


def url(name, *args):
    """A URL built from build_objects' namespace: each arg is a function of it, or a constant."""
    return lambda o: reverse(name, args=[a(o) if callable(a) else a for a in args])


X = lambda o: o.enterprise.pk  # noqa: E731
HAZARD = lambda o: o.hazard.pk  # noqa: E731
ACCOUNT = lambda o: o.account.pk  # noqa: E731
CELL = lambda o: o.cell.code  # noqa: E731
QUARTER = lambda o: o.quarter.slug  # noqa: E731
INSPECTION = lambda o: o.inspection.pk  # noqa: E731
CASE = lambda o: o.case.pk  # noqa: E731
DECIDED_CASE = lambda o: o.decided_case.pk  # noqa: E731
LISTING = lambda o: o.listing.pk  # noqa: E731
FINED = lambda o: o.fined_case.pk  # noqa: E731
DRAFT = lambda o: o.draft.pk  # noqa: E731
FILING = lambda o: o.case.documents.get(kind="filing").pk  # noqa: E731
CAMPAIGN = lambda o: o.campaign.pk  # noqa: E731
DRAW = lambda o: o.draw.pk  # noqa: E731
OFFICER = lambda o: o.officer.pk  # noqa: E731
PLAN = lambda o: o.plan.pk  # noqa: E731
CALENDAR_DAY = lambda o: o.calendar_day.pk  # noqa: E731
VIOLATION = lambda o: o.violation.pk  # noqa: E731
CASE_VIOLATION = lambda o: o.case_violation.pk  # noqa: E731
ACCIDENT = lambda o: o.accident.pk  # noqa: E731
FOLLOW_UP = lambda o: o.follow_up.pk  # noqa: E731
MAJOR = lambda o: o.major_hazard.pk  # noqa: E731
MAJOR_LISTING = lambda o: o.major_listing.pk  # noqa: E731
CRITERION = "gm2023-4-4"
LISTING_FIELDS = {
    "level": "city",
    "leader_name": "林志远",
    "leader_post": "副局长",
    "deadline": str(timezone.localdate() + timedelta(days=30)),
}
# A deadline within the five years a deadline may reach (bureau.validators), so only the permission decides.
EXTENSION_REQUEST = {"requested_deadline": str(timezone.localdate() + timedelta(days=365)), "reason": "设备到货延迟"}

# fmt: off
MATRIX = {
    #                                                                   ano adm stf ins gA  gB  eX  eY
    "home":                          Row(url("home"),              get="302 200 200 200 200 200 302 302",
                                                                  post="302 200 200 200 200 200 302 302"),
    "login":                         Row(url("login"),             get="200 302 302 302 302 302 302 302",
                                                                  post="200 302 302 302 302 302 302 302"),
    "logout":                        Row(url("logout"),            get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 302 302 302 302 302"),
    "password_change":               Row(url("password_change"),   get="302 200 200 200 200 200 200 200",
                                                                  post="302 200 200 200 200 200 200 200"),
    "password_change_done":          Row(url("password_change_done"),
                                                                   get="302 200 200 200 200 200 200 200",
                                                                  post="302 405 405 405 405 405 405 405"),
    "healthz":                       Row(url("healthz"),           get="200 200 200 200 200 200 200 200",
                                                                  post="405 405 405 405 405 405 405 405"),
    "admin:index":                   Row(url("admin:index"),       get="302 200 302 302 302 302 302 302",
                                                                  post="302 200 302 302 302 302 302 302"),
    # Grids: X sits in a village under cell A.
    "grids:tree":                    Row(url("grids:tree"),        get="302 200 200 200 200 200 404 404",
                                                                  post="302 200 200 200 200 200 404 404"),
    "grids:unassigned":              Row(url("grids:unassigned"),  get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "grids:detail":                  Row(url("grids:detail", CELL),
                                                                   get="302 200 200 200 200 404 404 404",
                                                                  post="302 200 200 200 200 404 404 404"),
    "grids:assign":                  Row(url("grids:assign", CELL),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 403 403 403 404 404 404"),
    "grids:end_assignment":          Row(url("grids:end_assignment", CELL, lambda o: o.assignment.pk),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 403 403 403 404 404 404"),
    # Notifications: the notice belongs to X's user.
    "notifications:list":            Row(url("notifications:list"),
                                                                   get="302 200 200 200 200 200 200 200",
                                                                  post="302 200 200 200 200 200 200 200"),
    "notifications:mark_all_read":   Row(url("notifications:mark_all_read"),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 302 302 302 302 302"),
    "notifications:open":            Row(url("notifications:open", lambda o: o.notification.pk),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 404 404 404 404 404 302 404"),
    # Enterprises: the registry is for the bureau and grid officers; the dossier for whoever may see X.
    "enterprises:list":              Row(url("enterprises:list"),  get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "enterprises:export_csv":        Row(url("enterprises:export_csv"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 200 200 200 200 200 403 403"),
    "enterprises:export_xlsx":       Row(url("enterprises:export_xlsx"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 200 200 200 200 200 403 403"),
    "enterprises:create":            Row(url("enterprises:create"),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "enterprises:import":            Row(url("enterprises:import"),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "enterprises:import_template":   Row(url("enterprises:import_template"),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 405 405 405 405 405 405 405"),
    "enterprises:due":               Row(url("enterprises:due"),   get="302 200 200 200 200 200 403 403",
                                                                  post="302 200 200 200 200 200 403 403"),
    # Suggestions under an enterprise box: every role, each searching only what it may see (an enterprise its own).
    "enterprises:suggest":           Row(lambda o: reverse("enterprises:suggest") + "?q=企业",
                                                                   get="302 200 200 200 200 200 200 200",
                                                                  post="302 405 405 405 405 405 405 405"),
    "enterprises:sources":           Row(url("enterprises:sources"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "enterprises:intervals":         Row(url("enterprises:intervals"),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "enterprises:detail":            Row(url("enterprises:detail", X),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    "enterprises:edit":              Row(url("enterprises:edit", X),
                                                                   get="302 200 200 403 403 404 403 404",
                                                                  post="302 200 200 403 403 404 403 404"),
    "enterprises:contact":           Row(url("enterprises:contact", X),
                                                                   get="302 200 200 403 403 404 200 404",
                                                                  post="302 200 200 403 403 404 200 404"),
    "enterprises:grade":             Row(url("enterprises:grade", X),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 404 403 404"),
    "enterprises:source_create":     Row(url("enterprises:source_create", X),
                                                                   get="302 200 200 200 403 404 403 404",
                                                                  post="302 200 200 200 403 404 403 404"),
    "enterprises:source_edit":       Row(url("enterprises:source_edit", X, lambda o: o.source.pk),
                                                                   get="302 200 200 200 403 404 403 404",
                                                                  post="302 200 200 200 403 404 403 404"),
    # Self-checks: each enterprise files its own; the bureau and grid officers oversee.
    "self_checks:list":              Row(url("self_checks:list"),  get="302 200 200 200 200 200 200 200",
                                                                  post="302 200 200 200 200 200 200 200"),
    "self_checks:submit":            Row(url("self_checks:submit"),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 403 403 403 302 302"),
    "self_checks:coverage":          Row(url("self_checks:coverage"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "self_checks:detail":            Row(url("self_checks:detail", lambda o: o.self_check.pk),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    "self_checks:statistics":        Row(url("self_checks:statistics"),
                                                                   get="302 200 200 200 200 200 200 200",
                                                                  post="302 200 200 200 200 200 200 200"),
    "self_checks:statistics_submit": Row(url("self_checks:statistics_submit"),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 403 403 403 302 302"),
    # Hazards: X's hazard, reported by X, with a photo and a pending extension request.
    "hazards:list":                  Row(url("hazards:list"),      get="302 200 200 200 200 200 200 200",
                                                                  post="302 405 405 405 405 405 405 405"),
    "hazards:new":                   Row(url("hazards:new"),       get="302 403 200 200 403 403 200 200",
                                                                  post="302 403 200 200 403 403 200 200"),
    "hazards:detail":                Row(url("hazards:detail", HAZARD),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    "hazards:transition":            Row(url("hazards:transition", HAZARD, "start"),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 404 302 404",
                                                                  data={"version": "1"}),
    # 催办: the grid officer of X's cell, inspectors and staff; not admins, not the enterprise itself.
    "hazards:chase":                 Row(url("hazards:chase", HAZARD),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 302 404 403 404"),
    "hazards:request_extension":     Row(url("hazards:request_extension", HAZARD),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 403 403 404 302 404",
                                                                  data=EXTENSION_REQUEST),
    "hazards:decide_extension":      Row(url("hazards:decide_extension", lambda o: o.extension.pk),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 404 403 404",
                                                                  data={"approve": "1"}),
    "hazards:photo":                 Row(url("hazards:photo", lambda o: o.photo.pk),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    # 挂牌督办: the board and the listings are the supervisors' (the bureau and grid officers); staff and admins list
    # and accept; X's own users report progress. MAJOR: an open major hazard of X; MAJOR_LISTING: another, listed.
    "major_hazards:board":           Row(url("major_hazards:board"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 405 405"),
    "major_hazards:listings":        Row(url("major_hazards:listings"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "major_hazards:create":          Row(url("major_hazards:create", MAJOR),
                                                                   get="302 200 200 403 403 404 403 404",
                                                                  post="302 302 302 403 403 404 403 404",
                                                                  data=LISTING_FIELDS),
    "major_hazards:edit":            Row(url("major_hazards:edit", MAJOR_LISTING),
                                                                   get="302 200 200 403 403 404 403 404",
                                                                  post="302 200 200 403 403 404 403 404"),
    "major_hazards:progress":        Row(url("major_hazards:progress", MAJOR_LISTING),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 403 403 404 302 404",
                                                                  data={"text": "已停用"}),
    "major_hazards:accept":          Row(url("major_hazards:accept", MAJOR_LISTING),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 404 403 404",
                                                                  data={"opinion": "验收合格"}),
    # Inspections: an inspection of X by two inspectors; the lists are the bureau's and the grid officers', inspectors
    # record. The checklist and findings are the inspectors' (403 for others in scope, 404 out of it).
    "inspections:list":              Row(url("inspections:list"),  get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "inspections:inspector_visits":  Row(url("inspections:inspector_visits"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "inspections:create":            Row(url("inspections:create"),
                                                                   get="302 403 403 200 403 403 403 403",
                                                                  post="302 403 403 200 403 403 403 403"),
    "inspections:detail":            Row(url("inspections:detail", INSPECTION),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    "inspections:checklist":         Row(url("inspections:checklist", INSPECTION),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 302 403 404 403 404"),
    "inspections:add_finding":       Row(url("inspections:add_finding", INSPECTION),
                                                                   get="302 403 403 200 403 404 403 404",
                                                                  post="302 403 403 200 403 404 403 404"),
    # Experts: the bureau reads the registry; admins and staff manage it.
    "inspections:experts":           Row(url("inspections:experts"),
                                                                   get="302 200 200 200 403 403 403 403",
                                                                  post="302 405 405 405 403 403 403 403"),
    "inspections:expert_visits":     Row(url("inspections:expert_visits"),
                                                                   get="302 200 200 200 403 403 403 403",
                                                                  post="302 405 405 405 403 403 403 403"),
    "inspections:expert_create":     Row(url("inspections:expert_create"),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "inspections:expert_edit":       Row(url("inspections:expert_edit", lambda o: o.expert.pk),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    # Talks: listed within each user's scope (gB and eY see none of X's); staff and inspectors record them.
    "inspections:talks":             Row(url("inspections:talks"), get="302 200 200 200 200 200 200 200",
                                                                  post="302 405 405 405 405 405 405 405"),
    "inspections:talk_create":       Row(url("inspections:talk_create"),
                                                                   get="302 403 200 200 403 403 403 403",
                                                                  post="302 403 200 200 403 403 403 403"),
    # Documents: X's inspection record, readable by whoever may see X; only inspectors issue (checked before the
    # enterprise is looked up, so out of scope is a 403 too).
    # The lists of documents are the bureau's and the grid officers' (their cells), as the case list.
    "documents:register":            Row(url("documents:register"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "documents:suspensions":         Row(url("documents:suspensions"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "documents:fines":               Row(url("documents:fines"),   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "documents:detail":              Row(url("documents:detail", lambda o: o.document.pk),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    "documents:issue":               Row(url("documents:issue", X, "record"),
                                                                   get="302 403 403 200 403 403 403 403",
                                                                  post="302 403 403 200 403 403 403 403"),
    # Cases: X's case, just filed; the list is the bureau's and the grid officers'; inspectors open and advance.
    "cases:list":                    Row(url("cases:list"),        get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "cases:detail":                  Row(url("cases:detail", CASE),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    # 一事一册: whoever sees the case reads its volume and its PDF.
    "cases:volume":                  Row(url("cases:volume", CASE),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 405 405 405 405 405 405 405"),
    "cases:volume_pdf":              Row(url("cases:volume_pdf", CASE),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 405 405 405 405 405 405 405"),
    "cases:open":                    Row(url("cases:open", X),     get="302 403 403 200 403 403 403 403",
                                                                  post="302 403 403 200 403 403 403 403"),
    # After the decision (X's fined case, served, with an application pending): inspectors record payments,
    # applications and the court's ruling; bureau staff and admins decide the application.
    "cases:payment_record":          Row(url("cases:payment_record", FINED),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 302 403 404 403 404"),
    "cases:arrangement_apply":       Row(url("cases:arrangement_apply", FINED),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 302 403 404 403 404"),
    "cases:arrangement_decide":      Row(url("cases:arrangement_decide", FINED, lambda o: o.arrangement.pk),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 404 403 404"),
    "cases:ruling_record":           Row(url("cases:ruling_record", FINED),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 302 403 404 403 404"),
    # The 超期 list: open case deadlines in the viewer's scope, read like the case list.
    "cases:deadlines":               Row(url("cases:deadlines"),   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    # The holiday calendar: the bureau reads it; staff and admins keep it.
    "calendar:year":                 Row(url("calendar:year"),     get="302 200 200 200 403 403 403 403",
                                                                  post="302 405 405 405 405 405 405 405"),
    "calendar:create":               Row(url("calendar:create"),   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "calendar:edit":                 Row(url("calendar:edit", CALENDAR_DAY),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "calendar:delete":               Row(url("calendar:delete", CALENDAR_DAY),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 403 403 403"),
    # The serious-dishonesty list: X's decided case (no listing yet) and a listing just proposed on another. The
    # list is the bureau's and the grid officers'; inspectors and staff propose and record; staff and admins decide.
    "cases:dishonest:list":          Row(url("cases:dishonest:list"),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "cases:dishonest:detail":        Row(url("cases:dishonest:detail", LISTING),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    "cases:dishonest:propose":       Row(url("cases:dishonest:propose", DECIDED_CASE),
                                                                   get="302 403 200 200 403 403 403 403",
                                                                  post="302 403 200 200 403 403 403 403"),
    "cases:dishonest:notify":        Row(url("cases:dishonest:notify", LISTING),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 404 403 404"),
    "cases:dishonest:answer":        Row(url("cases:dishonest:answer", LISTING),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 404 403 404"),
    "cases:dishonest:repair":        Row(url("cases:dishonest:repair", LISTING),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 404 403 404"),
    "cases:dishonest:decide":        Row(url("cases:dishonest:decide", LISTING),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 404 403 404"),
    "cases:dishonest:publish":       Row(url("cases:dishonest:publish", LISTING),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 404 403 404"),
    "cases:dishonest:remove":        Row(url("cases:dishonest:remove", LISTING),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 404 403 404"),
    # The violations found in X's case (one decided for the unit): the inspectors' (403 for others in scope, 404
    # out of it).
    "cases:violations":              Row(url("cases:violations", CASE),
                                                                   get="302 403 403 200 403 404 403 404",
                                                                  post="302 403 403 200 403 404 403 404"),
    "cases:violation_edit":          Row(url("cases:violation_edit", CASE, CASE_VIOLATION),
                                                                   get="302 403 403 200 403 404 403 404",
                                                                  post="302 403 403 200 403 404 403 404"),
    "cases:violation_remove":        Row(url("cases:violation_remove", CASE, CASE_VIOLATION),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 302 403 404 403 404"),
    # The national major-hazard criteria: reference data every signed-in role reads.
    "major_hazards:criteria":        Row(url("major_hazards:criteria"),
                                                                   get="302 200 200 200 200 200 200 200",
                                                                  post="302 405 405 405 405 405 405 405"),
    # Staff and admins correct an item (CRITERION: an industry item whose wording is not yet confirmed).
    "major_hazards:criterion_edit":  Row(url("major_hazards:criterion_edit", CRITERION),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    # The violation library: the bureau reads it, staff and admins revise it.
    "violations:list":               Row(url("violations:list"),   get="302 200 200 200 403 403 403 403",
                                                                  post="302 405 405 405 403 403 403 403"),
    "violations:detail":             Row(url("violations:detail", VIOLATION),
                                                                   get="302 200 200 200 403 403 403 403",
                                                                  post="302 200 200 200 403 403 403 403"),
    "violations:edit":               Row(url("violations:edit", VIOLATION),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    # The procedure: drafts are the bureau's working papers (not the enterprise's); inspectors draft, serve and
    # record the party's choice; the person in charge (staff, admin) approves. The sample draft is not submitted:
    # approving or returning it is told so (302); a new report draft is refused while it is pending (200).
    "cases:drafts":                  Row(url("cases:drafts"),      get="302 200 200 403 403 403 403 403",
                                                                  post="302 405 405 403 403 403 403 403"),
    "cases:draft":                   Row(url("cases:draft", CASE, DRAFT),
                                                                   get="302 200 200 200 200 404 403 403",
                                                                  post="302 200 200 200 200 404 403 403"),
    "cases:draft_new":               Row(url("cases:draft_new", CASE, "report"),
                                                                   get="302 403 403 200 403 403 403 403",
                                                                  post="302 403 403 200 403 403 403 403"),
    "cases:draft_edit":              Row(url("cases:draft_edit", CASE, DRAFT),
                                                                   get="302 403 403 200 403 403 403 403",
                                                                  post="302 403 403 200 403 403 403 403"),
    "cases:draft_submit":            Row(url("cases:draft_submit", CASE, DRAFT),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 403 302 403 403 403 403"),
    "cases:draft_approve":           Row(url("cases:draft_approve", CASE, DRAFT),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 403 403 403"),
    "cases:draft_return":            Row(url("cases:draft_return", CASE, DRAFT),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 403 403 403"),
    "cases:serve":                   Row(url("cases:serve", CASE, FILING),
                                                                   get="302 403 403 200 403 403 403 403",
                                                                  post="302 403 403 200 403 403 403 403"),
    "cases:party":                   Row(url("cases:party", CASE, "waiver"),
                                                                   get="302 403 403 200 403 403 403 403",
                                                                  post="302 403 403 200 403 403 403 403"),
    # Campaigns: X is a target. The bureau and grid officers read; staff manage; inspectors and staff mark targets.
    "campaigns:list":                Row(url("campaigns:list"),    get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "campaigns:create":              Row(url("campaigns:create"),  get="302 403 200 403 403 403 403 403",
                                                                  post="302 403 200 403 403 403 403 403"),
    "campaigns:detail":              Row(url("campaigns:detail", CAMPAIGN),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 200 200 200 200 200 403 403"),
    "campaigns:edit":                Row(url("campaigns:edit", CAMPAIGN),
                                                                   get="302 403 200 403 403 403 403 403",
                                                                  post="302 403 200 403 403 403 403 403"),
    "campaigns:generate_targets":    Row(url("campaigns:generate_targets", CAMPAIGN),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 403 403 403 403 403"),
    "campaigns:mark_target":         Row(url("campaigns:mark_target", lambda o: o.target.pk),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 404 403 403"),
    # Bulk marks: campaigns are not scoped (grid officers read every one), so who may not mark gets a 403.
    "campaigns:mark_targets":        Row(url("campaigns:mark_targets", CAMPAIGN),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 403 403 403"),
    # 双随机 draws: the bureau's alone (to an enterprise or a grid officer they do not exist: 404); staff and admins
    # prepare and run them. The sample draw has run, so running it again is told so (302).
    "draws:list":                    Row(url("draws:list"),        get="302 200 200 200 404 404 404 404",
                                                                  post="302 405 405 405 404 404 404 404"),
    "draws:create":                  Row(url("draws:create"),      get="302 200 200 403 404 404 404 404",
                                                                  post="302 200 200 403 404 404 404 404"),
    "draws:detail":                  Row(url("draws:detail", DRAW),
                                                                   get="302 200 200 200 404 404 404 404",
                                                                  post="302 200 200 200 404 404 404 404"),
    "draws:run":                     Row(url("draws:run", DRAW),   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 404 404 404 404"),
    "draws:record":                  Row(url("draws:record", DRAW),
                                                                   get="302 200 200 200 404 404 404 404",
                                                                  post="302 200 200 200 404 404 404 404"),
    # Publishing (公示) a run draw on /public/: staff and admins; the sample draw is published, so again is told so.
    "draws:publish":                 Row(url("draws:publish", DRAW),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 404 404 404 404"),
    # The roster: the bureau reads it, staff and admins keep it; the sample officer is the inspector.
    "draws:roster":                  Row(url("draws:roster"),      get="302 200 200 200 404 404 404 404",
                                                                  post="302 200 200 200 404 404 404 404"),
    "draws:roster_edit":             Row(url("draws:roster_edit", OFFICER),
                                                                   get="302 200 200 403 404 404 404 404",
                                                                  post="302 200 200 403 404 404 404 404"),
    "draws:conflict_declare":        Row(url("draws:conflict_declare", OFFICER),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 404 404 404 404"),
    # The yearly plan: the bureau reads it, staff and admins draft, approve and revise it (to an enterprise or a
    # grid officer it does not exist: 404). The sample plan is this year's draft; revising a draft is refused (302).
    "plans:list":                    Row(url("plans:list"),        get="302 200 200 200 404 404 404 404",
                                                                  post="302 200 200 200 404 404 404 404"),
    "plans:create":                  Row(url("plans:create"),      get="302 200 200 403 404 404 404 404",
                                                                  post="302 200 200 403 404 404 404 404"),
    "plans:planned":                 Row(url("plans:planned"),     get="302 200 200 200 404 404 404 404",
                                                                  post="302 200 200 200 404 404 404 404"),
    "plans:over_planned":            Row(url("plans:over_planned"),
                                                                   get="302 200 200 200 404 404 404 404",
                                                                  post="302 200 200 200 404 404 404 404"),
    "plans:detail":                  Row(url("plans:detail", PLAN),
                                                                   get="302 200 200 200 404 404 404 404",
                                                                  post="302 200 200 200 404 404 404 404"),
    "plans:edit":                    Row(url("plans:edit", PLAN),  get="302 200 200 403 404 404 404 404",
                                                                  post="302 200 200 403 404 404 404 404"),
    "plans:approve":                 Row(url("plans:approve", PLAN),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 404 404 404 404"),
    "plans:revise":                  Row(url("plans:revise", PLAN),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 404 404 404 404"),
    # Accounts (/accounts/users/): staff and admins; the sample account is X's enterprise user.
    "users:list":                    Row(url("users:list"),        get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "users:create":                  Row(url("users:create"),      get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "users:edit":                    Row(url("users:edit", ACCOUNT),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "users:deactivate":              Row(url("users:deactivate", ACCOUNT),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 403 403 403"),
    "users:issue":                   Row(url("users:issue"),       get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "users:reset":                   Row(url("users:reset", X),    get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 404 403 404"),
    # Audit: admins only.
    "audit:list":                    Row(url("audit:list"),        get="302 200 403 403 403 403 403 403",
                                                                  post="302 405 405 405 405 405 405 405"),
    "audit:sign_ins":                Row(url("audit:sign_ins"),    get="302 200 403 403 403 403 403 403",
                                                                  post="302 405 403 403 403 403 403 403"),
    # Quarterly rankings: the bureau and grid officers see them; staff compute, deduct, restore and draft.
    "rankings:list":                 Row(url("rankings:list"),     get="302 200 200 200 200 200 403 403",
                                                                  post="302 200 200 200 200 200 403 403"),
    "rankings:detail":               Row(url("rankings:detail", QUARTER),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 200 200 200 200 200 403 403"),
    "rankings:compute":              Row(url("rankings:compute", QUARTER),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 403 403 403 403 403"),
    "rankings:pre_deduction_create": Row(url("rankings:pre_deduction_create", QUARTER),
                                                                   get="302 403 200 403 403 403 403 403",
                                                                  post="302 403 200 403 403 403 403 403"),
    "rankings:restore":              Row(url("rankings:restore", lambda o: o.pre_deduction.pk),
                                                                   get="302 403 200 403 403 403 403 403",
                                                                  post="302 403 200 403 403 403 403 403"),
    "rankings:draft_bulletin":       Row(url("rankings:draft_bulletin", QUARTER),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 403 403 403 403 403"),
    # The assessment's old addresses of accidents and accountability: redirects to /accidents/ for everyone.
    "rankings:accident_create":      Row(url("rankings:accident_create"),
                                                                   get="302 302 302 302 302 302 302 302",
                                                                  post="302 302 302 302 302 302 302 302"),
    "rankings:accountability_list":  Row(url("rankings:accountability_list"),
                                                                   get="302 302 302 302 302 302 302 302",
                                                                  post="302 302 302 302 302 302 302 302"),
    "rankings:accountability_create": Row(url("rankings:accountability_create"),
                                                                   get="302 302 302 302 302 302 302 302",
                                                                  post="302 302 302 302 302 302 302 302"),
    # Accidents: X's, read through visible_enterprises; recorded by staff and inspectors; the investigation
    # report approved (and its period extended) by staff and admins; follow-ups name people: the bureau's only.
    "accidents:list":                Row(url("accidents:list"),    get="302 200 200 200 200 200 200 200",
                                                                  post="302 405 405 405 405 405 405 405"),
    "accidents:create":              Row(url("accidents:create"),  get="302 403 200 200 403 403 403 403",
                                                                  post="302 403 200 200 403 403 403 403"),
    "accidents:detail":              Row(url("accidents:detail", ACCIDENT),
                                                                   get="302 200 200 200 200 404 200 404",
                                                                  post="302 200 200 200 200 404 200 404"),
    "accidents:edit":                Row(url("accidents:edit", ACCIDENT),
                                                                   get="302 403 200 200 403 403 403 403",
                                                                  post="302 403 200 200 403 403 403 403"),
    "accidents:supplement":          Row(url("accidents:supplement", ACCIDENT),
                                                                   get="302 403 200 200 403 403 403 403",
                                                                  post="302 403 200 200 403 403 403 403"),
    "accidents:investigation":       Row(url("accidents:investigation", ACCIDENT),
                                                                   get="302 403 200 200 403 403 403 403",
                                                                  post="302 403 200 200 403 403 403 403"),
    "accidents:extend":              Row(url("accidents:extend", ACCIDENT),
                                                                   get="302 200 200 403 403 403 403 403",
                                                                  post="302 200 200 403 403 403 403 403"),
    "accidents:submit":              Row(url("accidents:submit", ACCIDENT),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 302 403 403 403 403"),
    "accidents:approve":             Row(url("accidents:approve", ACCIDENT),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 403 403 403"),
    "accidents:return":              Row(url("accidents:return", ACCIDENT),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 302 302 403 403 403 403 403"),
    "accidents:follow_ups":          Row(url("accidents:follow_ups"),
                                                                   get="302 200 200 200 403 403 403 403",
                                                                  post="302 200 200 200 403 403 403 403"),
    "accidents:follow_up_create":    Row(url("accidents:follow_up_create"),
                                                                   get="302 403 200 403 403 403 403 403",
                                                                  post="302 403 200 403 403 403 403 403"),
    "accidents:accident_follow_up_create": Row(url("accidents:accident_follow_up_create", ACCIDENT),
                                                                   get="302 403 200 403 403 403 403 403",
                                                                  post="302 403 200 403 403 403 403 403"),
    "accidents:follow_up_edit":      Row(url("accidents:follow_up_edit", FOLLOW_UP),
                                                                   get="302 403 200 403 403 403 403 403",
                                                                  post="302 403 200 403 403 403 403 403"),
    # Bulletins: a published one (drafts are staff's only: see tests/assessment/test_bulletins.py).
    "bulletins:list":                Row(url("bulletins:list"),    get="302 200 200 200 200 200 403 403",
                                                                  post="302 405 405 405 405 405 403 403"),
    "bulletins:detail":              Row(url("bulletins:detail", lambda o: o.bulletin.pk),
                                                                   get="302 200 200 200 200 200 403 403",
                                                                  post="302 200 200 200 200 200 403 403"),
    "bulletins:publish":             Row(url("bulletins:publish", lambda o: o.bulletin.pk),
                                                                   get="302 405 405 405 405 405 405 405",
                                                                  post="302 403 302 403 403 403 403 403"),
    "bulletins:correct":             Row(url("bulletins:correct", lambda o: o.bulletin.pk),
                                                                   get="302 403 200 403 403 403 403 403",
                                                                  post="302 403 200 403 403 403 403 403"),
    # The public pages (一公开): everyone, signed in or not, reads them; nothing is posted to them.
    "public:index":                  Row(url("public:index"),      get="200 200 200 200 200 200 200 200",
                                                                  post="405 405 405 405 405 405 405 405"),
    "public:draw":                   Row(url("public:draw", DRAW), get="200 200 200 200 200 200 200 200",
                                                                  post="405 405 405 405 405 405 405 405"),
    "public:directory":              Row(url("public:directory", DRAW),
                                                                   get="200 200 200 200 200 200 200 200",
                                                                  post="405 405 405 405 405 405 405 405"),
    "public:record":                 Row(url("public:record", DRAW),
                                                                   get="200 200 200 200 200 200 200 200",
                                                                  post="405 405 405 405 405 405 405 405"),
    "public:verify_script":          Row(url("public:verify_script"),
                                                                   get="200 200 200 200 200 200 200 200",
                                                                  post="405 405 405 405 405 405 405 405"),
    "public:penalties":              Row(url("public:penalties"),  get="200 200 200 200 200 200 200 200",
                                                                  post="405 405 405 405 405 405 405 405"),
    "public:dishonest":              Row(url("public:dishonest"),  get="200 200 200 200 200 200 200 200",
                                                                  post="405 405 405 405 405 405 405 405"),
}
# fmt: on


def portal_url_names():
    """Every named URL pattern of the portal, namespaced; of Django admin's own only its index."""

    def walk(resolver, namespaces):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, namespaces + ([pattern.namespace] if pattern.namespace else []))
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield ":".join([*namespaces, pattern.name])

    names = set(walk(get_resolver(), []))
    return {n for n in names if not n.startswith("admin:") or n == "admin:index"}


def test_every_url_is_in_the_matrix():
    names = portal_url_names()
    missing = names - MATRIX.keys()
    stale = MATRIX.keys() - names
    assert not missing, f"URLs without a row in MATRIX: {sorted(missing)}"
    assert not stale, f"Rows in MATRIX for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The personas and objects, made once for the module in a transaction rolled back at its end: each row's test
    runs in a savepoint within it (the `db` fixture), so what one row's requests change is gone for the next."""
    media = tmp_path_factory.mktemp("matrix-media")
    settings = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS)
    with django_db_blocker.unblock(), settings, transaction.atomic():
        world = make_world()
        users = {
            "bureau_admin": make_user(Role.ADMIN, username="admin1"),
            "staff": make_user(Role.STAFF, username="staff1"),
            "inspector": make_user(Role.INSPECTOR, username="inspector1"),
            "inspector2": make_user(Role.INSPECTOR, username="inspector2"),
            "grid_officer_a": make_user(Role.GRID_OFFICER, username="grid_a", grid_cell=world.cell_a),
            "grid_officer_b": make_user(Role.GRID_OFFICER, username="grid_b", grid_cell=world.cell_b),
            "enterprise_user_x": make_user(Role.ENTERPRISE, username="ent_x", enterprise=world.enterprise_x),
            "enterprise_user_y": make_user(Role.ENTERPRISE, username="ent_y", enterprise=world.enterprise_y),
        }
        objects = build_objects(world, users)
        yield media, users, objects
        transaction.set_rollback(True)


@pytest.fixture
def built(db, settings, _built):
    """(users by fixture name, objects), with MEDIA_ROOT where the module's photo was saved."""
    media, users, objects = _built
    settings.MEDIA_ROOT = media
    return users, objects


def build_objects(world, users):
    """The objects the URLs point at: all of them enterprise X's (or in X's cell), and the last quarter's ranking
    with a pre-deduction of X's town and a published bulletin."""
    grid_officer_a, enterprise_user_x = users["grid_officer_a"], users["enterprise_user_x"]
    staff, inspector, inspector2 = users["staff"], users["inspector"], users["inspector2"]
    today = timezone.localdate()
    quarter = Quarter.containing(today).previous()
    ranking = compute_ranking(quarter)
    enterprise = world.enterprise_x
    hazard = hazard_report(
        hazard=Hazard(
            enterprise=enterprise,
            found_on=today,
            location="喷涂车间",
            description="通风设施损坏",
            category="site",
            subcategory="equipment",
            rectification_deadline=today + timedelta(days=10),
            responsible_person="王建国",
        ),
        actor=enterprise_user_x,
        photos=[make_image()],
    )
    extension = hazard_request_extension(
        hazard=hazard, actor=enterprise_user_x, requested_deadline=today + timedelta(days=30), reason="等待配件"
    )
    notify(user=enterprise_user_x, key="matrix", message="测试通知", url="/")
    inspection = inspection_record(
        enterprise=enterprise, date=today, inspectors=[inspector, inspector2], actor=inspector, summary="例行检查"
    )
    campaign = campaign_save(
        campaign=Campaign(name="危化品专项整治", start_date=today, end_date=today + timedelta(days=90)),
        special_categories=[],
        industries=[Industry.values[0]],
        towns=[],
        actor=staff,
    )
    expert = Expert.objects.create(name="陈工", specialty="危险化学品")
    case = case_open(enterprise=enterprise, title="未按规定开展应急演练", actor=inspector, co_signer=inspector2)
    violation = Violation.objects.get(code="AQ102")
    # The filing approved (a document to serve), a site record, and the investigation report drafted (not submitted).
    draft_approve(draft=case.drafts.get(), actor=staff)
    document_issue(
        kind=DocumentKind.SITE_RECORD, enterprise=enterprise, case=case, actor=inspector, co_signer=inspector2
    )
    draft = draft_save(
        case=case, kind=DocumentKind.INVESTIGATION_REPORT, actor=inspector, co_signer=inspector2, fine_amount=20000
    )
    accident = accident_report(
        enterprise=enterprise, occurred_at=timezone.now() - timedelta(days=3), kind="machinery", deaths=1,
        summary="机械伤害", actor=inspector,
    )  # fmt: skip
    investigation_save(accident=accident, actor=inspector, leader="调查组长")
    major_hazard, listed = (
        make_hazard(enterprise=enterprise, reported_by=staff, level="major", status="rectifying", **MAJOR_PLAN)
        for _ in range(2)
    )
    return SimpleNamespace(
        accident=accident,
        follow_up=accountability_record(
            accident=accident, date=today, kind="discipline", person_count=1, summary="追责", actor=staff
        ),
        major_hazard=major_hazard,
        major_listing=listing_create(
            hazard=listed,
            actor=staff,
            level="city",
            leader_name="林志远",
            leader_post="副局长",
            deadline=today + timedelta(days=30),
        ),
        violation=violation,
        case_violation=case_violation_add(
            case=case,
            version=violation.current,
            party_kind="unit",
            circumstances=["lighter_remedied"],
            fine=Decimal(10000),
            actor=inspector,
        ),
        draw=_run_draw(staff, inspector, inspector2),
        plan=_draft_plan(staff),
        officer=inspector,
        enterprise=enterprise,
        account=enterprise_user_x,
        cell=world.village_a,
        assignment=GridAssignment.objects.create(
            cell=world.village_a, user=grid_officer_a, start_date=today - timedelta(days=30)
        ),
        notification=enterprise_user_x.notifications.get(key="matrix"),
        source=MajorHazardSource.objects.create(enterprise=enterprise, name="液氨储罐", level=2),
        self_check=self_check_submit(
            enterprise=enterprise,
            year=today.year,
            month=today.month,
            found_nothing=False,
            note="",
            actor=enterprise_user_x,
        ),
        hazard=hazard,
        photo=hazard.photos.get(),
        extension=extension,
        quarter=quarter,
        pre_deduction=pre_deduction_create(town=world.town1, quarter=quarter, points=2, reason="预扣", actor=staff),
        bulletin=bulletin_publish(bulletin=bulletin_draft(ranking=ranking, actor=staff), actor=staff),
        inspection=inspection,
        document=document_issue(
            kind=DocumentKind.INSPECTION_RECORD,
            enterprise=enterprise,
            actor=inspector,
            co_signer=inspector2,
            inspection=inspection,
            facts="现场检查情况良好",
        ),
        **_fined_case(enterprise, inspector, inspector2),
        calendar_day=CalendarDay.objects.update_or_create(
            date=date(today.year + 3, 10, 1), defaults={"kind": CalendarDay.Kind.HOLIDAY, "name": "国庆节"}
        )[0],
        decided_case=decided_case(enterprise, inspector, inspector2)[0],
        listing=dishonest_propose(
            case=decided_case(enterprise, inspector, inspector2)[0],
            condition=DishonestCondition.OTHER_SERIOUS,
            facts="拒不整改重大事故隐患",
            actor=inspector,
        ),
        case=case,
        draft=draft,
        campaign=campaign,
        target=CampaignTarget.objects.create(campaign=campaign, enterprise=enterprise),
        expert=expert,
        talk=talk_record(
            enterprise=enterprise,
            head_name="王总",
            date=today,
            interviewers=[inspector],
            topics="落实安全生产主体责任",
            actor=inspector,
        ),
    )


def _fined_case(enterprise, inspector, inspector2):
    """A case decided with a fine, its decision served five days ago, an application to defer it pending."""
    fined_case, decision = decided_case(enterprise, inspector, inspector2)
    serve(decision, timezone.localdate() - timedelta(days=5), inspector)
    arrangement = payment_arrangement_apply(
        case=fined_case,
        kind="deferral",
        reason="资金周转困难",
        until=timezone.localdate() + timedelta(days=60),
        actor=inspector,
    )
    return {"fined_case": fined_case, "arrangement": arrangement}


def _run_draw(staff, *officers):
    """A draw that has run and is published, over every enterprise, with the two inspectors on the roster."""
    for n, officer in enumerate(officers, start=1):
        OfficerCredential.objects.create(user=officer, certificate_number=f"3303001000{n:02d}")
    draw = draw_prepare(title="双随机抽查", year=2026, month=3, criteria={}, count=1, actor=staff)
    draw_run(draw=draw, actor=staff)
    draw_publish(draw=draw, actor=staff)  # so that its public pages answer
    return draw


def _draft_plan(staff):
    """This year's draft plan: key groups by interval, the blue drawn in two months."""
    lines = {group: (PlanMethod.KEY, None, []) for group in PlanGroup.values}
    lines[PlanGroup.BLUE] = (PlanMethod.GENERAL, Decimal("10"), [3, 9])
    year = timezone.localdate().year
    return plan_save(
        year=year, title="安全生产监督检查计划", capacity_per_officer=8, repeat_days=30, lines=lines, actor=staff
    )


def _answer(user, method, path, data):
    """The status code `user` gets, in a savepoint rolled back afterwards so nothing it changes lasts."""
    with transaction.atomic():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(path) if method == "GET" else client.post(path, data or {})
        transaction.set_rollback(True)
    return response.status_code


@pytest.fixture(autouse=True)
def _no_worker_ping(monkeypatch):
    """/healthz asks the Celery workers and waits 0.5 s for an answer none gives here: eight times a row. Who may
    open it is this test's question; tests/deploy/test_healthz.py has the health."""
    from bureau.dashboard import health

    monkeypatch.setattr(health, "_workers", lambda: 1)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_the_expected_answer(name, built):
    by_fixture, objects = built
    row = MATRIX[name]
    path = row.url(objects)
    users = {p: by_fixture[f] if f else None for p, f in PERSONAS.items()}
    wrong = []
    for method, expected_codes in (("GET", row.get), ("POST", row.post)):
        expected = dict(zip(PERSONAS, expected_codes.split(), strict=True))
        for persona, user in users.items():
            got = _answer(user, method, path, row.data if method == "POST" else None)
            if str(got) != expected[persona]:
                wrong.append(f"{name} {method} {persona}: expected {expected[persona]}, got {got}")
    assert not wrong, f"{path}\n" + "\n".join(wrong)
