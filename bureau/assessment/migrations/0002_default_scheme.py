from django.db import migrations

# (rule, name, weight, per item, per major item / death)
DEFAULT_INDICATORS = [
    ("inspections_due", "按等级应检企业检查完成率", 20, 0, 0),
    ("rectification_rate", "隐患整改率", 20, 0, 0),
    ("overdue_hazards", "逾期未整改隐患", 15, 1, 3),
    ("self_check_coverage", "企业自查覆盖率", 15, 0, 0),
    ("statistics_on_time", "季度隐患统计按时报送率", 10, 0, 0),
    ("grid_coverage", "网格责任人落实率", 10, 0, 0),
    ("campaign_progress", "专项整治推进率", 10, 0, 0),
    ("accidents", "事故及死亡扣分", 20, 2, 5),
]


def create_default_scheme(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    Indicator = apps.get_model("assessment", "Indicator")
    scheme, created = Scheme.objects.get_or_create(
        valid_from_year=2025, valid_from_quarter=1, defaults={"name": "镇街安全生产工作季度考核办法"}
    )
    if created:
        for position, (rule, name, weight, per_item, per_major) in enumerate(DEFAULT_INDICATORS):
            Indicator.objects.create(
                scheme=scheme,
                rule=rule,
                name=name,
                weight=weight,
                per_item=per_item,
                per_major=per_major,
                position=position,
            )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(create_default_scheme, migrations.RunPython.noop)]
