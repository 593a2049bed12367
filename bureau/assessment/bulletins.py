"""Quarterly bulletins (通报): a draft written from a ranking's figures, its table frozen with it.

The text is generated from the snapshot, never typed: every number in it is a figure of the table printed with it.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from bureau.assessment.models import Bulletin, IndicatorRule, IndicatorScore, Ranking, RankingRow
from bureau.assessment.permissions import can_manage_assessment
from bureau.assessment.tables import change_label, ranking_rows

NUMERALS = "一二三四五六七八九十"
# How many towns, as a count reads in Chinese: 前两名, not 前二名.
COUNTS = {1: "一", 2: "两", 3: "三"}
CENT = Decimal("0.01")


def _s(value):
    return None if value is None else str(value)


def ranking_for_page():
    """A ranking with everything its table needs, in a fixed number of queries whatever the number of towns."""
    return Ranking.objects.select_related("scheme").prefetch_related(
        Prefetch("scheme__indicators"),
        Prefetch(
            "rows",
            queryset=RankingRow.objects.select_related("town").prefetch_related(
                Prefetch("scores", queryset=IndicatorScore.objects.order_by("indicator__position", "indicator_id"))
            ),
        ),
    )


def ranking_snapshot(ranking):
    """The ranking table as JSON (Decimals as strings): what a bulletin prints, however the ranking changes later."""
    ranking = ranking_for_page().get(pk=ranking.pk)
    quarter = ranking.quarter_obj
    indicators = list(ranking.scheme.indicators.all())
    rows = ranking_rows(ranking, indicators, quarter, links=False)
    return {
        "quarter": quarter.slug,
        "label": quarter.label,
        "scheme": ranking.scheme.name,
        "computed_at": ranking.computed_at.isoformat(),
        "indicators": [{"rule": i.rule, "name": i.name, "weight": _s(i.weight)} for i in indicators],
        "rows": [
            {
                "rank": row["rank"],
                "previous_rank": row["previous_rank"],
                "change": row["change"],
                "change_label": row["change_label"],
                "town": row["town"].name,
                "town_code": row["town"].code,
                "score": _s(row["score"]),
                "pre_deduction": _s(row["pre_deduction"]),
                "total": _s(row["total"]),
                "scores": [
                    None
                    if cell is None
                    else {
                        "rule": cell["rule"],
                        "value": _s(cell["value"]),
                        "display": cell["display"],
                        "points": _s(cell["points"]),
                        "inputs": cell["inputs"],
                        "explanation": cell["explanation"],
                    }
                    for cell in row["cells"]
                ],
            }
            for row in rows
        ],
    }


def _names(rows, with_total=True):
    return "、".join(f"{row['town']}（{row['total']}分）" if with_total else row["town"] for row in rows)


def _overall(label, rows):
    totals = [Decimal(row["total"]) for row in rows]
    average = (sum(totals) / len(totals)).quantize(CENT, rounding=ROUND_HALF_UP)
    above = sum(1 for total in totals if total > average)
    below = sum(1 for total in totals if total < average)
    equal = len(totals) - above - below
    parts = [f"{above}个镇街高于平均分", f"{below}个镇街低于平均分"]
    if equal:
        parts.append(f"{equal}个镇街与平均分持平")
    return f"{label}全市{len(rows)}个镇街平均得分{average}分，{'，'.join(parts)}。"


def _top(rows):
    top = rows[:3]
    place = "第一名" if len(top) == 1 else f"前{COUNTS[len(top)]}名"
    return f"{_names(top)}位列{place}。"


def _bottom(rows):
    bottom = rows[max(3, len(rows) - 3) :]
    if not bottom:
        return None
    place = "排名末位" if len(bottom) == 1 else f"排名后{COUNTS[len(bottom)]}位"
    return f"{_names(bottom)}{place}，请相关镇街认真分析原因，落实整改措施。"


def _changes(rows):
    compared = [row for row in rows if row["change"] is not None]
    if not compared:
        return "上季度未排名，本季度不作名次比较。"
    best = max(row["change"] for row in compared)
    worst = min(row["change"] for row in compared)
    if best <= 0 and worst >= 0:
        return "与上季度相比，各镇街名次没有变化。"
    risers = [row for row in compared if row["change"] == best]
    fallers = [row for row in compared if row["change"] == worst]
    rose = f"{_names(risers, False)}上升{best}位，进步最大" if best > 0 else "没有镇街名次上升"
    fell = f"{_names(fallers, False)}下降{-worst}位，退步最大" if worst < 0 else "没有镇街名次下降"
    return f"与上季度相比，{rose}；{fell}。"


def _pre_deductions(rows):
    owing = [row for row in rows if Decimal(row["pre_deduction"]) > 0]
    if not owing:
        return "截至季度末，各镇街没有未恢复的预扣分。"
    listed = "、".join(f"{row['town']}（{row['pre_deduction']}分）" for row in owing)
    total = sum(Decimal(row["pre_deduction"]) for row in owing)
    return f"截至季度末，{listed}尚有预扣分未恢复，合计{total}分，已从总分中扣除。"


def _overdue_majors(snapshot):
    rules = [indicator["rule"] for indicator in snapshot["indicators"]]
    if IndicatorRule.OVERDUE_HAZARDS not in rules:
        return None
    position = rules.index(IndicatorRule.OVERDUE_HAZARDS)
    majors = []
    for row in snapshot["rows"]:
        cell = row["scores"][position]
        count = (cell or {}).get("inputs", {}).get("major", 0)
        if count > 0:
            majors.append((row["town"], count))
    if not majors:
        return "截至季度末，全市没有逾期未整改的重大事故隐患。"
    listed = "、".join(f"{town}{count}项" for town, count in majors)
    total = sum(count for _, count in majors)
    return f"截至季度末，{listed}重大事故隐患逾期未整改，合计{total}项，请相关镇街督促企业限期整改到位。"


def bulletin_text(snapshot):
    """(title, body) of the bulletin for a snapshot: paragraphs separated by a blank line."""
    label, rows = snapshot["label"], snapshot["rows"]
    title = f"关于{label}各镇街安全生产工作考核情况的通报"
    paragraphs = [f"根据《{snapshot['scheme']}》，现将全市{len(rows)}个镇街{label}安全生产工作考核排名情况通报如下。"]
    sections = []
    if rows:
        sections += [
            ("总体情况", _overall(label, rows)),
            ("排名靠前的镇街", _top(rows)),
            ("排名靠后的镇街", _bottom(rows)),
            ("名次变化", _changes(rows)),
            ("预扣分情况", _pre_deductions(rows)),
            ("逾期重大事故隐患", _overdue_majors(snapshot)),
        ]
    sections = [(heading, text) for heading, text in sections if text]
    for number, (heading, text) in enumerate(sections):
        paragraphs.append(f"{NUMERALS[number]}、{heading}。{text}")
    paragraphs.append("请各镇街对照考核结果，查找薄弱环节，举一反三，切实落实安全生产属地监管责任。")
    return title, "\n\n".join(paragraphs)


def snapshot_table(snapshot):
    """The snapshot's rows for the template, each score with its indicator beside it."""
    indicators = snapshot.get("indicators", [])
    return [
        {
            **row,
            "cells": list(zip(indicators, row["scores"], strict=False)),
            "change_label": change_label(row["change"]),
        }
        for row in snapshot.get("rows", [])
    ]


def quarter_bulletins(ranking):
    """(current, draft) of a ranking's quarter: the published bulletin that stands (None before the first is
    published) and the draft waiting for publication (None when there is none)."""
    current = ranking.bulletins.current().order_by("-published_at", "-pk").first()
    draft = ranking.bulletins.filter(status=Bulletin.Status.DRAFT).order_by("-created_at", "-pk").first()
    return current, draft


def lock_quarter(ranking):
    """Lock the quarter's ranking row for the rest of the transaction. Every draft and publication of the quarter's
    bulletins takes this lock first, so two of them queue and the second sees what the first wrote (the ranking row
    exists before any bulletin, so there is always something to lock)."""
    return Ranking.objects.select_for_update().get(pk=ranking.pk)


def refuse_second_draft(draft, label):
    if draft is not None:
        raise ValidationError(
            f"{label}已有一份通报草稿（{timezone.localtime(draft.created_at):%Y-%m-%d %H:%M} 起草），"
            "请核对后发布或继续使用该草稿，不能再起草。"
        )


@transaction.atomic
def bulletin_draft(*, ranking, actor):
    """Write a draft bulletin of a ranking: the table frozen as its snapshot, the text written from the figures.

    Refused when the quarter has a draft already, or a published bulletin (then only a correction may follow)."""
    if not can_manage_assessment(actor):
        raise PermissionDenied("只有局机关可以起草通报。")
    ranking = lock_quarter(ranking)
    label = ranking.quarter_obj.label
    current, draft = quarter_bulletins(ranking)
    refuse_second_draft(draft, label)
    if current is not None:
        raise ValidationError(
            f"{label}的通报已发布（{current.number}），不能再起草新的通报；如需更正，请起草更正通报。"
        )
    snapshot = ranking_snapshot(ranking)
    title, body = bulletin_text(snapshot)
    bulletin = Bulletin(ranking=ranking, title=title, body=body, snapshot=snapshot, created_by=actor)
    bulletin.full_clean()
    bulletin.save()
    return bulletin


def correction_text(snapshot, corrects, reason):
    """(title, body) of a correction: the paragraph naming the bulletin it supersedes and why, then the text of the
    quarter written again from the figures of now."""
    title, body = bulletin_text(snapshot)
    published_on = timezone.localtime(corrects.published_at)
    opening = (
        f"我局于{published_on.year}年{published_on.month}月{published_on.day}日印发的《{corrects.title}》"
        f"（{corrects.number}）需予更正，更正原因：{reason.rstrip('。.；;')}。"
        "现将更正后的考核情况重新通报如下，原通报同时停止使用，以本通报为准。"
    )
    return title.replace("的通报", "的更正通报"), f"{opening}\n\n{body}"


@transaction.atomic
def bulletin_correction_draft(*, corrects, reason, actor):
    """Draft a correction (更正通报) of the quarter's current bulletin: its figures taken again from the ranking as
    it stands, the bulletin it supersedes and the reason named in its text. Published like any bulletin."""
    if not can_manage_assessment(actor):
        raise PermissionDenied("只有局机关可以起草更正通报。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正原因。"})
    ranking = lock_quarter(corrects.ranking)
    label = ranking.quarter_obj.label
    current, draft = quarter_bulletins(ranking)
    refuse_second_draft(draft, label)
    if current is None or current.pk != corrects.pk:
        raise ValidationError(
            f"只能更正{label}现行的通报{f'（{current.number}）' if current else ''}；该通报不是现行通报。"
        )
    snapshot = ranking_snapshot(ranking)
    title, body = correction_text(snapshot, current, reason)
    bulletin = Bulletin(
        ranking=ranking,
        title=title,
        body=body,
        snapshot=snapshot,
        created_by=actor,
        corrects=current,
        correction_reason=reason,
    )
    bulletin.full_clean()
    bulletin.save()
    return bulletin
