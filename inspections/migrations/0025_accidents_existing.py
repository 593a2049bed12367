"""Existing accidents become reports: they happened at noon of their day (the time was never recorded; noon keeps
the day in any reading), their report time is unknown (so never flagged late nor overdue), their injuries are
other injuries (serious ones were not told apart), their type 其他伤害, and their grade is computed. Existing
accountability records become follow-ups already done on their date."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db import migrations

from inspections.accidents.grading import accident_grade

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _noon(day):
    return datetime.combine(day, time(12, 0), tzinfo=SHANGHAI)


def forwards(apps, schema_editor):
    for name in ("Accident", "HistoricalAccident"):
        model = apps.get_model("inspections", name)
        for row in model.objects.filter(occurred_at__isnull=True):
            row.occurred_at = _noon(row.date)
            row.report_time_unknown = True
            row.grade = accident_grade(row.deaths, row.serious_injuries, row.direct_loss)
            row.save(update_fields=["occurred_at", "report_time_unknown", "grade"])
    for name in ("Accountability", "HistoricalAccountability"):
        model = apps.get_model("inspections", name)
        for row in model.objects.all():
            row.status = "done"
            row.done_on = row.date
            row.save(update_fields=["status", "done_on"])


class Migration(migrations.Migration):
    dependencies = [("inspections", "0024_accidents_report_investigation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
