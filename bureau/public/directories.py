"""The directories a published draw was drawn from, as published with it: the inspection-object pool (counts by
town, industry and special category, the enterprises' names) and the officer roster (names, certificate numbers;
those on leave were never in it). The pool is the draw's snapshot of enterprises; their names and towns are read as the
registry has them now (the snapshot keeps credit codes and ids, not names)."""

from django.db.models import Count

from enterprises.models import Enterprise, Industry, SpecialCategory


def pool_enterprises(draw):
    return Enterprise.objects.filter(pk__in=draw.pool_ids).select_related("town").order_by("credit_code")


def counts_by_town(draw):
    rows = (
        Enterprise.objects.filter(pk__in=draw.pool_ids)
        .values("town__name")
        .annotate(n=Count("pk"))
        .order_by("town__code")
    )
    return [(row["town__name"] or "未分配镇街", row["n"]) for row in rows]


def counts_by_industry(draw):
    rows = Enterprise.objects.filter(pk__in=draw.pool_ids).values_list("industry").annotate(n=Count("pk"))
    labels = dict(Industry.choices)
    return sorted(((labels.get(code, code), n) for code, n in rows.order_by()), key=lambda row: -row[1])


def counts_by_category(draw):
    links = Enterprise.special_categories.through.objects.filter(enterprise_id__in=draw.pool_ids)
    counted = dict(links.values_list("specialcategory_id").annotate(n=Count("pk")).order_by())
    categories = SpecialCategory.objects.filter(pk__in=counted).order_by("position", "pk")
    return [(category.name, counted[category.pk]) for category in categories]


def roster(draw):
    """(name, certificate number) of every officer in the draw's roster."""
    return [(officer["name"], officer["certificate"]) for officer in draw.roster]
