"""A published draw with its inspections, and penalty decisions, for the public pages' tests."""

from django.test import Client

from inspections.enforcement.models import Document
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.services import inspection_record
from inspections.planning.models import OfficerCredential
from inspections.planning.publication import draw_publish
from tests.planning.helpers import make_pool, make_roster, run_draw


def published_draw(world, staff, *, pool=8, count=4):
    if not OfficerCredential.objects.exists():
        make_roster(4)
    make_pool(world.village_a, pool)
    draw = run_draw(staff, count=count)
    draw_publish(draw=draw, actor=staff)
    return draw


def inspect(drawn, *, day=None, officers=None):
    """An inspection of a drawn enterprise, by its pair unless told otherwise."""
    from django.utils import timezone

    inspectors = officers or [drawn.officer_1, drawn.officer_2]
    return inspection_record(
        enterprise=drawn.enterprise, date=day or timezone.localdate(), inspectors=inspectors, actor=inspectors[0]
    )


def penalty(enterprise, signer, n, **fields):
    """A penalty decision as issued (written directly: the service's rules are tested in tests/inspections)."""
    return Document.objects.create(
        kind=fields.pop("kind", DocumentKind.PENALTY_DECISION),
        number=f"瑞安监管罚〔2026〕{n}号",
        year=2026,
        sequence=n,
        enterprise=enterprise,
        issued_by=signer,
        **fields,
    )


def anonymous_get(path):
    """A GET by a visitor with no cookie at all."""
    return Client().get(path)
