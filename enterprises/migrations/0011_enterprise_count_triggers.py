"""The triggers that keep EnterpriseCount (enterprises/summary.py), and its rows counted once from the registry."""

from django.db import migrations


def install(apps, schema_editor):
    from enterprises import summary

    summary.install_triggers(schema_editor)
    summary.rebuild_with(schema_editor.connection)


def uninstall(apps, schema_editor):
    from enterprises import summary

    summary.uninstall_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0010_enterprise_counts")]

    operations = [migrations.RunPython(install, uninstall)]
