"""The State Council's holiday schedules of 2025 and 2026 (bureau.calendar.holidays) in the calendar."""

from django.db import migrations


def load(apps, schema_editor):
    from bureau.calendar.holidays import load_schedules

    load_schedules(apps.get_model("bureau", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("bureau", "0002_holiday_calendar")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
