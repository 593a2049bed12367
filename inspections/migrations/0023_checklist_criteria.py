"""A few checklist items point at the item of the major-hazard criteria their failure meets, and two items that
mirror a criterion word for word join the checklist: a failed one becomes a major hazard on its own."""

from django.db import migrations

# Existing items (by text) -> criterion code.
LINKS = {
    "有限空间作业实行审批，先通风、再检测、后作业": "gm2023-13-2",
    "危险化学品生产装置自动化控制系统投用": "hc2017-4",
}
# New items: (text, basis, special category code, criterion code).
NEW_ITEMS = [
    (
        "干式除尘系统采取泄爆、惰化、抑爆等爆炸防控措施",
        "《工贸企业重大事故隐患判定标准》第十一条（三）",
        "dust",
        "gm2023-11-3",
    ),
    (
        "包装、分割、产品整理场所空调系统未采用氨直接蒸发制冷",
        "《工贸企业重大事故隐患判定标准》第十二条（一）",
        "ammonia_refrigeration",
        "gm2023-12-1",
    ),
]


def link(apps, schema_editor):
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    Criterion = apps.get_model("hazards", "MajorHazardCriterion")
    SpecialCategory = apps.get_model("enterprises", "SpecialCategory")
    criteria = {c.code: c for c in Criterion.objects.filter(code__in=[*LINKS.values(), *(n[3] for n in NEW_ITEMS)])}
    for text, code in LINKS.items():
        ChecklistItem.objects.filter(text=text, criterion__isnull=True).update(criterion=criteria.get(code))
    last = ChecklistItem.objects.order_by("-position").values_list("position", flat=True).first() or 0
    for offset, (text, basis, category, code) in enumerate(NEW_ITEMS, start=1):
        ChecklistItem.objects.get_or_create(
            text=text,
            defaults={
                "basis": basis,
                "category": SpecialCategory.objects.filter(code=category).first(),
                "criterion": criteria.get(code),
                "position": last + offset,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0022_checklist_item_criterion"),
        ("hazards", "0008_major_hazard_criteria_data"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
