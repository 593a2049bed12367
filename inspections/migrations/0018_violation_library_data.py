"""Every install starts with the violation library of the Work Safety Law (inspections.enforcement.violation_data)."""

from django.db import migrations


def load(apps, schema_editor):
    from inspections.enforcement.violation_data import load_library

    load_library(
        apps.get_model("inspections", "Violation"),
        apps.get_model("inspections", "ViolationVersion"),
        apps.get_model("inspections", "DiscretionLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0017_violation_library")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
