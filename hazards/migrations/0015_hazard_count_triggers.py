"""The triggers that keep HazardCount (hazards/summary.py), and its rows counted once from the hazards."""

from django.db import migrations


def install(apps, schema_editor):
    from hazards import summary

    summary.install_triggers(schema_editor)
    summary.rebuild_with(schema_editor.connection)


def uninstall(apps, schema_editor):
    from hazards import summary

    summary.uninstall_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("hazards", "0014_hazard_counts"), ("enterprises", "0012_keyset_index")]

    operations = [migrations.RunPython(install, uninstall)]
