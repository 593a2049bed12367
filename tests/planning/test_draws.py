"""Preparing and running a draw: what is recorded, what verifies, what is refused."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from bureau.once import AlreadyDone
from enterprises.models import EnterpriseStatus
from inspections.inspection.services import inspection_record
from inspections.planning import algorithm
from inspections.planning.models import Draw, DrawnEnterprise, OfficerConflict
from inspections.planning.progress import open_tasks
from inspections.planning.services import draw_run
from tests.planning.helpers import make_officer, make_pool, make_roster, prepared_draw, run_draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(db):
    return make_roster(4)


@pytest.fixture
def pool(world):
    return make_pool(world.village_a, 10)


def verify_output(draw):
    out = StringIO()
    try:
        call_command("draw_verify", str(draw.pk), stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_a_prepared_draw_shows_the_hash_of_a_seed_it_keeps_until_run(staff, roster, pool):
    draw = prepared_draw(staff)

    assert len(draw.seed) == 64 and draw.seed_hash == algorithm.seed_hash(draw.seed)
    assert draw.revealed_seed == "" and not draw.drawn.exists()
    # The pool is every operating enterprise, by credit code; the roster every officer on duty.
    assert draw.pool_codes == sorted(draw.pool_codes) and len(draw.pool_codes) == 12  # X, Y and the ten
    assert [o["certificate"] for o in draw.roster] == sorted(o.credential.certificate_number for o in roster)


def test_running_stores_the_result_the_algorithm_gives(staff, roster, pool):
    draw = run_draw(staff, count=4)
    draw.refresh_from_db()

    expected = algorithm.run_draw(draw.seed, draw.pool_codes, draw.roster_officers(), 4)
    assert [d.as_drawn() for d in draw.drawn.all()] == expected
    assert draw.revealed_seed == draw.seed
    assert verify_output(draw) == (0, "一致\n")


def test_running_twice_draws_once(staff, roster, pool):
    draw = run_draw(staff)
    with pytest.raises(AlreadyDone):
        draw_run(draw=draw, actor=staff)
    assert draw.drawn.count() == 4


def test_the_ratio_is_rounded_up(staff, roster, pool):
    draw = run_draw(staff, ratio_percent=Decimal("25"))
    assert draw.drawn.count() == 3  # ⌈25 % × 12⌉


def test_draw_verify_names_the_first_difference_of_a_changed_record(staff, roster, pool):
    draw = run_draw(staff)
    second = draw.drawn.get(position=2)
    # Behind the models' back, as someone with the database would: the rows themselves refuse an update.
    DrawnEnterprise._base_manager.filter(pk=second.pk).update(certificate_1=second.certificate_2, certificate_2="X1")

    code, out = verify_output(draw)

    assert code == 1
    assert f"第 2 家（{second.credit_code}）执法人员" in out


def test_draw_verify_catches_a_changed_pool_and_a_changed_seed(staff, roster, pool):
    draw = run_draw(staff)
    drawn_code = draw.drawn.first().credit_code
    tampered = [code for code in draw.pool_codes if code != drawn_code] + ["91330381MA00000000"]
    Draw._base_manager.filter(pk=draw.pk).update(pool_codes=tampered)
    assert verify_output(draw)[0] == 1
    Draw._base_manager.filter(pk=draw.pk).update(pool_codes=draw.pool_codes, seed="0" * 64)
    code, out = verify_output(draw)
    assert code == 1 and "与事先公布的摘要" in out


def test_a_draw_is_append_only(staff, roster, pool):
    draw = run_draw(staff)
    drawn = draw.drawn.first()
    draw.title = "改过的名称"
    for attempt in (draw.save, draw.delete, drawn.save, drawn.delete, draw.run.save):
        with pytest.raises(ValidationError):
            attempt()
    with pytest.raises(ValidationError):
        Draw.objects.filter(pk=draw.pk).update(title="改过的名称")
    with pytest.raises(ValidationError):
        DrawnEnterprise.objects.filter(draw=draw).delete()
    assert Draw.objects.get(pk=draw.pk).title == "2026年度第一批双随机抽查"


def test_conflicts_are_recorded_and_respected(staff, roster, pool):
    conflicted = roster[0]
    for enterprise in pool:
        OfficerConflict.objects.create(
            officer=conflicted, enterprise=enterprise, reason="近亲属任职", declared_on=timezone.localdate()
        )
    draw = run_draw(staff, count=12)

    assert sorted(draw.roster[0]["conflicts"]) == sorted(e.credit_code for e in pool)
    sent = DrawnEnterprise.objects.filter(draw=draw, enterprise__in=pool)
    assert sent.count() == 10
    assert not sent.filter(officer_1=conflicted).exists() and not sent.filter(officer_2=conflicted).exists()


def test_officers_on_leave_or_without_a_certificate_are_not_drawn(staff, roster, pool):
    make_officer("330300109999", on_leave=True)
    draw = prepared_draw(staff)
    assert len(draw.roster) == 4


def test_pairs_differ_while_the_roster_allows(staff, roster, pool):
    draw = run_draw(staff, count=6)  # four officers: six pairs
    assert len({frozenset((d.officer_1_id, d.officer_2_id)) for d in draw.drawn.all()}) == 6


def test_the_pool_leaves_out_closed_and_recently_inspected_enterprises(staff, roster, world, pool):
    pool[0].status = EnterpriseStatus.CLOSED
    pool[0].save()
    type(pool[1]).objects.filter(pk=pool[1].pk).update(last_inspected_on=timezone.localdate() - timedelta(days=10))
    draw = prepared_draw(staff, criteria={"towns": [world.town1.code], "recent_days": 30})
    assert pool[0].credit_code not in draw.pool_codes and pool[1].credit_code not in draw.pool_codes
    assert world.enterprise_y.credit_code not in draw.pool_codes  # another town
    assert len(draw.pool_codes) == 9


def test_a_redraw_states_why_and_replaces_once(staff, roster, pool):
    first = run_draw(staff)
    with pytest.raises(ValidationError, match="须说明原因"):
        prepared_draw(staff, replaces=first)
    redraw = prepared_draw(staff, replaces=first, redraw_reason="对象库条件选错")
    assert redraw.replaces == first and first.redraws.get() == redraw
    with pytest.raises(ValidationError, match="已由"):
        prepared_draw(staff, replaces=first, redraw_reason="再来一次")


def test_an_empty_pool_or_a_short_roster_is_refused(staff, world):
    with pytest.raises(ValidationError, match="不足两名"):
        prepared_draw(staff)
    make_roster(2)
    with pytest.raises(ValidationError, match="对象库为空"):
        prepared_draw(staff, criteria={"industries": ["fireworks"]})


def test_only_staff_and_admins_prepare_and_run(staff, inspector, roster, pool):
    with pytest.raises(PermissionDenied):
        prepared_draw(inspector)
    draw = prepared_draw(staff)
    with pytest.raises(PermissionDenied):
        draw_run(draw=draw, actor=inspector)


def test_a_drawn_pair_has_a_task_closed_by_their_inspection(staff, roster, pool):
    draw = run_draw(staff, count=1)
    drawn = draw.drawn.get()
    first, second = drawn.officer_1, drawn.officer_2
    assert list(open_tasks(first)) == [drawn] and list(open_tasks(second)) == [drawn]

    third = next(officer for officer in roster if officer not in (first, second))
    inspection_record(enterprise=drawn.enterprise, date=timezone.localdate(), inspectors=[first, third], actor=first)
    assert list(open_tasks(first)) == [drawn]  # one of the pair is not enough
    inspection_record(enterprise=drawn.enterprise, date=timezone.localdate(), inspectors=[first, second], actor=first)
    assert not open_tasks(first).exists() and not open_tasks(second).exists()


def test_a_replaced_draw_leaves_no_tasks(staff, roster, pool):
    draw = run_draw(staff, count=1)
    officer = draw.drawn.get().officer_1
    prepared_draw(staff, replaces=draw, redraw_reason="名录有误")
    assert not open_tasks(officer).exists()
