"""Small factories for the draw tests: officers on the roster and a run draw."""

from bureau.roles import Role
from inspections.planning.models import OfficerCredential
from inspections.planning.services import draw_prepare, draw_run
from tests.factories import make_enterprise, make_user


def make_officer(certificate, *, on_leave=False, **fields):
    user = make_user(Role.INSPECTOR, **fields)
    OfficerCredential.objects.create(user=user, certificate_number=certificate, on_leave=on_leave)
    return user


def make_roster(count=4):
    return [make_officer(f"33030010{n:04d}") for n in range(1, count + 1)]


def make_pool(cell, count=12, **fields):
    return [make_enterprise(grid_cell=cell, **fields) for _ in range(count)]


def prepared_draw(actor, *, count=4, ratio_percent=None, criteria=None, **fields):
    return draw_prepare(
        title=fields.pop("title", "2026年度第一批双随机抽查"),
        year=2026,
        month=3,
        criteria=criteria or {},
        count=None if ratio_percent else count,
        ratio_percent=ratio_percent,
        actor=actor,
        **fields,
    )


def run_draw(actor, **options):
    draw = prepared_draw(actor, **options)
    draw_run(draw=draw, actor=actor)
    return draw
