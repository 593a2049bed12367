"""The summary triggers' functions again, now planning a bulk write's statements for the rows it wrote
(bureau/summary_rows.py _planned_for): those installed before kept the plan made at their first firing in a session."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from hazards import deadline_summary, major_summary, summary

    for module in (summary, deadline_summary, major_summary):
        module.install_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("hazards", "0019_major_hazard_counts")]

    # Back: the functions stay as they are; they count the same, planned either way.
    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
