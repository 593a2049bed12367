"""What the tests of the summary rows share (enterprises, hazards, the plan's inspections)."""

from django.db import connection


def drop_trigger(trigger, table):
    """Drop one summary trigger, as a writer the rows miss would: the test then shows the drift is caught."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {trigger}" + (f" ON {table}" if connection.vendor == "postgresql" else ""))
