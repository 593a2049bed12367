"""Draws: prepare one (pool and roster taken, the seed committed to by its hash), then run it (the seed revealed,
the drawn enterprises and their officers stored). Nothing here changes or deletes a draw: a redraw is a new one."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau.once import AlreadyDone
from enterprises.models import Enterprise
from inspections import permissions
from inspections.planning import algorithm
from inspections.planning.models import Draw, DrawnEnterprise, DrawRun
from inspections.planning.pool import pool_queryset, roster_snapshot


def _require_manager(actor):
    if not permissions.can_manage_draws(actor):
        raise PermissionDenied("只有局机关可以组织双随机抽取。")


def _check_size(count, ratio_percent):
    if (count is None) == (ratio_percent is None):
        raise ValidationError("请填写抽取家数或抽取比例（二选一）。")
    if count is not None and count < 1:
        raise ValidationError({"count": "抽取家数至少为 1。"})
    if ratio_percent is not None and not 0 < ratio_percent <= 100:
        raise ValidationError({"ratio_percent": "抽取比例应大于 0、不超过 100。"})


def _check_redraw(replaces, redraw_reason):
    if replaces is None:
        if redraw_reason:
            raise ValidationError({"redraw_reason": "只有重新抽取才填写原因。"})
        return
    if not redraw_reason:
        raise ValidationError({"redraw_reason": "重新抽取须说明原因。"})
    # Locked so that two redraws of one draw cannot both be made.
    replaced = Draw.objects.select_for_update().get(pk=replaces.pk)
    taken = replaced.redraws.first()
    if taken is not None:
        raise ValidationError({"replaces": f"该抽取已由第 {taken.pk} 号抽取重新抽取。"})


@transaction.atomic
def draw_prepare(
    *, title, year, month, criteria, count=None, ratio_percent=None, replaces=None, redraw_reason="", actor
):
    """A new draw: the pool and roster as they stand, and a fresh seed shown only as its SHA-256 until it runs."""
    _require_manager(actor)
    _check_size(count, ratio_percent)
    _check_redraw(replaces, redraw_reason)
    criteria = {**{"towns": [], "industries": [], "categories": [], "grades": [], "recent_days": None}, **criteria}
    pool = list(pool_queryset(criteria, timezone.localdate()).values_list("credit_code", "pk"))
    if not pool:
        raise ValidationError("对象库为空：没有符合条件的企业。")
    roster = roster_snapshot([pk for _, pk in pool])
    if len(roster) < 2:
        raise ValidationError("执法人员名录中可抽取的人员不足两名（须有执法证号、未休假）。")
    seed = secrets.token_hex(32)
    draw = Draw(
        title=title,
        year=year,
        month=month,
        criteria=criteria,
        pool_codes=[code for code, _ in pool],
        pool_ids=[pk for _, pk in pool],
        pool_size=len(pool),
        roster=roster,
        count=count,
        ratio_percent=ratio_percent,
        seed=seed,
        seed_hash=algorithm.seed_hash(seed),
        replaces=replaces,
        redraw_reason=redraw_reason,
        prepared_by=actor,
    )
    draw.full_clean()
    draw.save()
    return draw


@transaction.atomic
def draw_run(*, draw, actor):
    """Run a prepared draw: compute it from its record and store the result. Runs once; a second press is told so."""
    _require_manager(actor)
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    if DrawRun.objects.filter(draw=draw).exists():
        raise AlreadyDone(f"第 {draw.pk} 号抽取已执行。")
    drawn = algorithm.run_draw(draw.seed, draw.pool_codes, draw.roster_officers(), draw.size)
    enterprise_of = dict(zip(draw.pool_codes, draw.pool_ids, strict=True))
    user_of = {officer["certificate"]: officer["user_id"] for officer in draw.roster}
    wanted = {enterprise_of[d.credit_code] for d in drawn}
    if Enterprise.objects.filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError("对象库中有企业已被删除，无法执行，请重新抽取。")
    rows = []
    for position, result in enumerate(drawn, start=1):
        first, second = result.officers or ("", "")
        rows.append(
            DrawnEnterprise(
                draw=draw,
                position=position,
                enterprise_id=enterprise_of[result.credit_code],
                credit_code=result.credit_code,
                officer_1_id=user_of.get(first),
                certificate_1=first,
                officer_2_id=user_of.get(second),
                certificate_2=second,
            )
        )
    DrawnEnterprise.objects.bulk_create(rows, batch_size=1000)
    DrawRun.objects.create(draw=draw, run_by=actor, run_on=timezone.localdate())
    return draw
