"""Every edit round-trips: an edit page saved without touching anything saves, and changes nothing.

For each edit page of the URL map (found by walking the resolver), the page is opened for a sample object as a user
who may edit it, its form read as a browser would submit it (inputs, chosen options, checked boxes, textareas,
hidden keys) and posted back unchanged. It must be accepted (a redirect, no form errors) and leave every table as
it was — the object, its related rows and their history alike: a save that changes nothing writes nothing. Only
the one-time submission key the form carries and the session may change.

A URL whose name or path marks it as an edit page must have a case in ROUND_TRIPS (how to reach its sample object
and who edits it) or a reason in NOT_EDIT_PAGES: a new edit page without a sample fails here, loudly.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from bureau.accounts.models import Profile
from bureau.models import CalendarDay
from enterprises.models import (
    Enterprise,
    EnterpriseStatus,
    InspectionInterval,
    MajorHazardSource,
    RiskGrade,
    ServiceMode,
    SpecialCategory,
)
from hazards.listing_models import MajorHazardListing
from inspections.accidents.models import Accident, Accountability
from inspections.campaigns.models import Campaign
from inspections.enforcement.procedure_models import DocumentDraft
from inspections.planning.models import OfficerCredential
from inspections.registers.models import Expert
from tests.security import test_permission_matrix as matrix
from tests.security.page_forms import post_form
from tests.security.test_replay import _state

MATRIX = matrix.MATRIX
# The permission matrix's personas and objects, made once for this module too (each test in a savepoint).
_built, built = matrix._built, matrix.built

# What in a URL's name or path marks a page that may change an existing object.
EDIT_MARK = re.compile(r"edit|update|change|contact|grade|source|assign|interval|setting", re.IGNORECASE)


@dataclass(frozen=True)
class RoundTrip:
    """Who edits, and what fills the sample object first (fill(objects)): every kind of value its form shows — a
    checked box, a chosen option, several lines, text to escape — so each is read back as it was sent. The URL is
    the permission matrix's, built from its sample objects."""

    persona: str
    fill: object = None


# Text a page must escape and give back as it was.
AWKWARD = '甲&乙 <丙> "丁"'


def full_enterprise(o):
    Enterprise.objects.filter(pk=o.enterprise.pk).update(
        address=f"仙降街道 1 号 {AWKWARD}",
        legal_representative="王建国",
        safety_contact="李明",
        safety_phone="0577-65000000",
        employees=35,
        status=EnterpriseStatus.SUSPENDED,
        uses_hazardous_chemicals=True,
        key_supervision=True,
        service_mode=ServiceMode.AGENCY,
        service_provider="温州安泰安全技术服务有限公司",
        association_member=True,
    )
    o.enterprise.special_categories.set(SpecialCategory.objects.order_by("pk")[:2])


def full_campaign(o):
    # Several lines (a browser sends them back as CRLF); none around them: every form strips those.
    Campaign.objects.filter(pk=o.campaign.pk).update(description=f"一、逐家排查\n\n二、限期整改 {AWKWARD}")
    o.campaign.special_categories.set(SpecialCategory.objects.order_by("pk")[:1])
    o.campaign.towns.set([o.enterprise.town])


def full_expert(o):
    Expert.objects.filter(pk=o.expert.pk).update(organization=AWKWARD, phone="13900000000", active=False)


def full_source(o):
    MajorHazardSource.objects.filter(pk=o.source.pk).update(
        control_system=MajorHazardSource.ControlSystem.ACCEPTED, registered_on=timezone.localdate()
    )


def named_account(o):
    # A name to escape, a phone, and the enterprise shown back by its credit code.
    get_user_model().objects.filter(pk=o.account.pk).update(first_name=AWKWARD)
    Profile.objects.filter(user=o.account).update(phone="13900000000")


def changed_interval(o):
    InspectionInterval.objects.update_or_create(grade=RiskGrade.RED, defaults={"days": 15})


def officer_on_leave(o):
    OfficerCredential.objects.filter(user=o.officer).update(on_leave=True)


def full_draft(o):
    """The sample report draft with every kind of value: several lines, awkward text, a fine, a sanction."""
    DocumentDraft.objects.filter(pk=o.draft.pk).update(
        facts=f"{AWKWARD}\n第二行",
        legal_basis="《中华人民共和国安全生产法》第一百零二条",
        requirements="限期改正",
        fine_amount=Decimal("20000.50"),
        sanction="suspension",
    )


def full_accident(o):
    """The sample report with a place to escape, several lines, a report time and who reported it."""
    Accident.objects.filter(pk=o.accident.pk).update(
        place=AWKWARD,
        summary=f"{AWKWARD}\n第二行",
        reported_at=o.accident.occurred_at + timedelta(minutes=30),
        reported_by="王建国",
    )


def full_follow_up(o):
    Accountability.objects.filter(pk=o.follow_up.pk).update(
        subject=AWKWARD, status="in_progress", started_on=timezone.localdate(), accident=o.accident
    )


ROUND_TRIPS = {
    "accidents:edit": RoundTrip("staff", full_accident),
    "accidents:follow_up_edit": RoundTrip("staff", full_follow_up),
    # A holiday (the radio checked) named with text to escape.
    "calendar:edit": RoundTrip(
        "staff", lambda o: CalendarDay.objects.filter(pk=o.calendar_day.pk).update(name=AWKWARD)
    ),
    "cases:draft_edit": RoundTrip("inspector", full_draft),
    "draws:roster_edit": RoundTrip("staff", officer_on_leave),
    # The sample draft has a drawn group (a ratio, checked months) beside the key ones.
    "plans:edit": RoundTrip("staff"),
    "enterprises:edit": RoundTrip("staff", full_enterprise),
    "enterprises:contact": RoundTrip("enterprise_user_x", full_enterprise),
    "enterprises:source_edit": RoundTrip("staff", full_source),
    "enterprises:intervals": RoundTrip("staff", changed_interval),
    "campaigns:edit": RoundTrip("staff", full_campaign),
    "inspections:expert_edit": RoundTrip("staff", full_expert),
    "users:edit": RoundTrip("staff", named_account),
    # The library entry with its levels (a blank level row offered below them); the case's violation as decided.
    "violations:edit": RoundTrip("staff"),
    "cases:violation_edit": RoundTrip("inspector"),
    # An industry item: its industries are checked boxes, read back as they were.
    "major_hazards:criterion_edit": RoundTrip("staff"),
    "major_hazards:edit": RoundTrip(
        "staff",
        lambda o: MajorHazardListing.objects.filter(pk=o.major_listing.pk).update(note=f"整改方案须报备\n{AWKWARD}"),
    ),
}

# URLs the marks above catch that are no page editing an existing object, with why.
NOT_EDIT_PAGES = {
    "enterprises:sources": "the register of major hazard sources: a list, edits nothing",
    "enterprises:source_create": "registers a new major hazard source (a creating form: see test_replay)",
    "enterprises:grade": "records a new dated grade decision with its reason; the same grade again is a new decision",
    "grids:assign": "adds an assignment row (assignments are history, never edited in place)",
    "grids:unassigned": "a list of the cells without a grid officer (the word is 'unassigned')",
    "grids:end_assignment": "a button ending an assignment on a date: a state change (see test_replay)",
    "password_change": "a new password, never shown back: there is nothing to round-trip",
    "password_change_done": "a page saying the password was changed",
}

# Rows a submit may add whatever it does: the form's one-time key and the session.
IGNORED_TABLES = {"accounts_submission", "django_session"}


def edit_url_names():
    """Named URLs of the portal whose name or path looks like an edit page (Django's admin aside)."""

    def walk(resolver, namespaces, prefix):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, namespaces + ([pattern.namespace] if pattern.namespace else []), route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = ":".join([*namespaces, pattern.name])
                if not name.startswith("admin:") and (EDIT_MARK.search(name) or EDIT_MARK.search(route)):
                    yield name

    return set(walk(get_resolver(), [], ""))


def test_every_edit_page_has_a_round_trip():
    names = edit_url_names()
    unknown = names - ROUND_TRIPS.keys() - NOT_EDIT_PAGES.keys()
    assert not unknown, f"edit pages without a sample in ROUND_TRIPS (or a reason in NOT_EDIT_PAGES): {sorted(unknown)}"
    stale = (ROUND_TRIPS.keys() | NOT_EDIT_PAGES.keys()) - names
    assert not stale, f"entries for URLs that are gone or no longer look like edit pages: {sorted(stale)}"


def _changed(before, after):
    return sorted(t for t in before.keys() | after.keys() if t not in IGNORED_TABLES and before.get(t) != after.get(t))


@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_an_edit_page_saved_unchanged_saves_and_changes_nothing(name, built):
    users, objects = built
    case = ROUND_TRIPS[name]
    if case.fill:
        case.fill(objects)
    client = Client()
    client.force_login(users[case.persona])
    path = MATRIX[name].url(objects)
    shown = client.get(path)
    assert shown.status_code == 200, f"{path} answered {shown.status_code}"
    data = post_form(shown.content.decode(), path, path)
    assert [k for k in data if k != "csrfmiddlewaretoken"], f"{path} shows an empty form"

    before = _state()
    saved = client.post(path, data)

    form = saved.context.get("form") if saved.context else None
    assert saved.status_code == 302, f"{path} refused its own values: {form.errors if form else saved.status_code}"
    assert _changed(before, _state()) == [], f"{path} saved unchanged changed these tables"
