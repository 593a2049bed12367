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
To add a row: build its URL from the `objects` fixture below (add the object it needs if missing), then write
the two lines of codes (columns: ano=anon, adm=admin, stf=staff, ins=insp). Run the test: a wrong cell prints
as "name GET persona: expected … got …".
"""

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from bureau.accounts.services import notify
from bureau.assessment.bulletins import bulletin_draft
from bureau.assessment.quarters import Quarter
from bureau.assessment.scoring import compute_ranking
from bureau.assessment.services import bulletin_publish, pre_deduction_create
from enterprises.models import MajorHazardSource
from grids.models import GridAssignment
from hazards.models import Hazard
from hazards.self_checks import self_check_submit
from hazards.services import hazard_report, hazard_request_extension
from tests.factories import make_image

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
# URLs of apps still being built: while they have no rows the completeness test says so instead of failing.
PENDING_NAMESPACES = ("inspections", "documents", "cases", "campaigns")


@dataclass(frozen=True)
class Row:
    url: object  # a function of the `objects` fixture that returns the URL
    get: str  # expected codes, one per persona in PERSONAS order
    post: str
    data: dict | None = None  # the minimal POST; empty when None


def url(name, *args):
    """A URL built from the `objects` fixture: each arg is a function of it, or a constant."""
    return lambda o: reverse(name, args=[a(o) if callable(a) else a for a in args])


X = lambda o: o.enterprise.pk  # noqa: E731
HAZARD = lambda o: o.hazard.pk  # noqa: E731
CELL = lambda o: o.cell.code  # noqa: E731
QUARTER = lambda o: o.quarter.slug  # noqa: E731
EXTENSION_REQUEST = {"requested_deadline": "2099-12-31", "reason": "设备到货延迟"}

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
    "rankings:accident_create":      Row(url("rankings:accident_create"),
                                                                   get="302 403 200 200 403 403 403 403",
                                                                  post="302 403 200 200 403 403 403 403"),
    "rankings:accountability_list":  Row(url("rankings:accountability_list"),
                                                                   get="302 200 200 200 403 403 403 403",
                                                                  post="302 200 200 200 403 403 403 403"),
    "rankings:accountability_create": Row(url("rankings:accountability_create"),
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
    pending = {n for n in missing if n.split(":")[0] in PENDING_NAMESPACES}
    assert not (missing - pending), f"URLs without a row in MATRIX: {sorted(missing - pending)}"
    assert not stale, f"Rows in MATRIX for URLs that no longer exist: {sorted(stale)}"
    if pending:
        pytest.xfail(f"URLs of apps being built, not in MATRIX yet (add their rows): {', '.join(sorted(pending))}")


@pytest.fixture
def objects(world, grid_officer_a, enterprise_user_x, staff):
    """The objects the URLs point at: all of them enterprise X's (or in X's cell), and the last quarter's ranking
    with a pre-deduction of X's town and a published bulletin."""
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
    return SimpleNamespace(
        enterprise=enterprise,
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


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_the_expected_answer(request, name, objects):
    row = MATRIX[name]
    path = row.url(objects)
    users = {p: request.getfixturevalue(f) if f else None for p, f in PERSONAS.items()}
    wrong = []
    for method, expected_codes in (("GET", row.get), ("POST", row.post)):
        expected = dict(zip(PERSONAS, expected_codes.split(), strict=True))
        for persona, user in users.items():
            got = _answer(user, method, path, row.data if method == "POST" else None)
            if str(got) != expected[persona]:
                wrong.append(f"{name} {method} {persona}: expected {expected[persona]}, got {got}")
    assert not wrong, f"{path}\n" + "\n".join(wrong)
