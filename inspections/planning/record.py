"""A draw's record as one plain document (the JSON download), and its check against the algorithm (draw_verify).

Both read only what the draw stored — the pool and roster snapshots, the count or ratio, the seed — never the
registry as it is now."""

from enterprises.models import Industry, RiskGrade, SpecialCategory
from grids.models import GridCell
from inspections.planning import algorithm


def draw_record(draw):
    run = draw.run_or_none()
    return {
        "id": draw.pk,
        "title": draw.title,
        "year": draw.year,
        "month": draw.month,
        "algorithm_version": draw.algorithm_version,
        "criteria": draw.criteria,
        "pool": draw.pool_codes,
        "roster": [{"certificate": o["certificate"], "conflicts": o["conflicts"]} for o in draw.roster],
        "count": draw.count,
        "ratio_percent": None if draw.ratio_percent is None else str(draw.ratio_percent),
        "size": draw.size,
        "seed_sha256": draw.seed_hash,
        "seed": draw.seed if run else None,
        "drawn": [
            {"credit_code": d.credit_code, "officers": [c for c in (d.certificate_1, d.certificate_2) if c]}
            for d in draw.drawn.order_by("position")
        ]
        if run
        else None,
    }


def verify(draw):
    """None when the stored draw is what the algorithm gives from its record; else the first difference, in words."""
    if draw.run_or_none() is None:
        return "该抽取尚未执行，无结果可核验"
    if algorithm.seed_hash(draw.seed) != draw.seed_hash:
        return f"种子的 SHA-256 为 {algorithm.seed_hash(draw.seed)}，与事先公布的摘要 {draw.seed_hash} 不符"
    if len(draw.pool_codes) != len(set(draw.pool_codes)):
        return "对象库中有重复的信用代码"
    if len(draw.pool_codes) != draw.pool_size:
        return f"对象库家数记录为 {draw.pool_size}，快照中为 {len(draw.pool_codes)} 家"
    expected = algorithm.run_draw(draw.seed, draw.pool_codes, draw.roster_officers(), draw.size)
    recorded = [d.as_drawn() for d in draw.drawn.order_by("position")]
    return algorithm.first_difference(expected, recorded)


def criteria_text(criteria):
    """The pool's criteria in words, e.g. 镇街：安阳街道；行业：制鞋；近 90 天内检查过的除外."""
    towns = GridCell.objects.filter(code__in=criteria["towns"]).order_by("code").values_list("name", flat=True)
    categories = SpecialCategory.objects.filter(code__in=criteria["categories"]).values_list("name", flat=True)
    parts = [
        ("镇街", list(towns)),
        ("行业", [Industry(c).label for c in criteria["industries"] if c in Industry.values]),
        ("特殊类别", list(categories)),
        ("四色等级", [RiskGrade(c).label for c in criteria["grades"] if c in RiskGrade.values]),
    ]
    words = [f"{label}：{'、'.join(values)}" for label, values in parts if values]
    if criteria.get("recent_days"):
        words.append(f"近 {criteria['recent_days']} 天内检查过的除外")
    return "；".join(words + ["关闭取缔的除外"]) if words else "全市在营企业（关闭取缔的除外）"
