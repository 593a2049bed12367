"""Every install starts with the national major-hazard criteria (hazards.criteria_data): the 2017 chemical standard's
20 items and the 2023 工贸 standard's general, industry and special items."""

from django.db import migrations


def load(apps, schema_editor):
    from hazards.criteria_data import load_criteria

    load_criteria(apps.get_model("hazards", "MajorHazardCriterion"), apps.get_model("enterprises", "SpecialCategory"))


class Migration(migrations.Migration):
    dependencies = [
        ("hazards", "0007_major_hazard_criteria"),
        ("enterprises", "0002_special_categories"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
