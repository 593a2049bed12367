"""The summary triggers' functions again, now planning a bulk write's statements for the rows it wrote
(bureau/summary_rows.py _planned_for): those installed before kept the plan made at their first firing in a session."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from enterprises import summary

    summary.install_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0014_town_id_index")]

    # Back: the functions stay as they are; they count the same, planned either way.
    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
