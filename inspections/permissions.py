"""Who sees which inspection, document, case and talk (through their enterprise), and who may act."""

from django.shortcuts import get_object_or_404

from bureau.roles import Role, is_bureau, role_of
from enterprises.permissions import visible_enterprises
from inspections.enforcement.dishonest_models import DishonestListing
from inspections.enforcement.models import Case, Document
from inspections.inspection.models import Inspection
from inspections.registers.models import Talk


def _scoped(model, user):
    if is_bureau(user):
        return model.objects.all()
    return model.objects.filter(enterprise__in=visible_enterprises(user).values("pk"))


def visible_inspections(user):
    return _scoped(Inspection, user)


def visible_documents(user):
    return _scoped(Document, user)


def visible_cases(user):
    return _scoped(Case, user)


def visible_dishonest_listings(user):
    return _scoped(DishonestListing, user)


def visible_talks(user):
    return _scoped(Talk, user)


def get_inspection_for_user(user, pk):
    return get_object_or_404(visible_inspections(user), pk=pk)


def get_document_for_user(user, pk):
    return get_object_or_404(visible_documents(user), pk=pk)


def get_case_for_user(user, pk):
    return get_object_or_404(visible_cases(user), pk=pk)


def get_dishonest_listing_for_user(user, pk):
    return get_object_or_404(visible_dishonest_listings(user), pk=pk)


def is_inspector(user):
    return role_of(user) == Role.INSPECTOR


def can_manage_campaigns(user):
    return role_of(user) == Role.STAFF


def can_manage_experts(user):
    return role_of(user) in (Role.STAFF, Role.ADMIN)


def can_record_talks(user):
    return role_of(user) in (Role.STAFF, Role.INSPECTOR)


def can_see_enforcement(user):
    """Lists of inspections, cases and campaigns are the bureau's and the grid officers' (enterprises see their own on
    the dossier)."""
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR, Role.GRID_OFFICER)


def can_mark_targets(user):
    """Who marks a campaign's targets as done: the inspectors who visit them and the campaign's managers."""
    return is_inspector(user) or can_manage_campaigns(user)


def can_see_draws(user):
    """双随机 draws are the bureau's: an enterprise must not learn before the visit that it was drawn, and grid
    officers have no part in them (the published results are for everyone on /public/)."""
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR)


def can_manage_draws(user):
    """Who prepares and runs draws and keeps the roster: bureau staff and admins."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_see_plans(user):
    """The yearly plan is the bureau's working document: inspectors read it; to an enterprise or a grid officer
    it does not exist (404)."""
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR)


def can_manage_plans(user):
    """Who drafts, approves and revises the yearly plan: bureau staff and admins."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_handle_dishonesty(user):
    """Who proposes a serious-dishonesty listing and records its notice, the party's answer and a credit-repair
    application: the inspectors who handled the case and bureau staff."""
    return role_of(user) in (Role.STAFF, Role.INSPECTOR)


def can_decide_dishonesty(user):
    """Who decides a listing, publishes it and approves early removal: bureau staff and admins (never the proposer
    for the decision: the service checks that)."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_see_violation_library(user):
    """The violation library and its discretion benchmark are the bureau's working tool."""
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR)


def can_edit_violation_library(user):
    """Who revises the library (each save a new version): bureau staff and admins."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_decide_payment_arrangements(user):
    """Who approves deferring a fine or paying it in instalments (行政处罚法 第六十六条): bureau staff and admins,
    not the inspectors who recorded the application."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_approve_documents(user):
    """The person in charge who approves documents that need approval (立案审批表, 调查终结报告, 行政处罚决定书…):
    bureau staff and admins; the service also refuses the drafter."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)
