"""The summary triggers plan a bulk write's statements for the rows it wrote (bureau/summary_rows.py _planned_for).
Kept plans were made at the session's first firing: after a one-row write, a bulk write's join of its old and new
rows ran as a nested loop, every row against every other (the province seed stuck in one UPDATE)."""

import json
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection

from bureau.summary_rows import PLAN_AFRESH_OVER
from enterprises.models import Enterprise, RiskGrade
from tests.factories import make_credit_code

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers and plans")

BULK = PLAN_AFRESH_OVER + 100  # a bulk write, as the triggers tell one


@contextmanager
def nested_plans():
    """The plans of the statements run inside triggers while the block runs, as PostgreSQL's auto_explain logs them."""
    messages = []

    def heard(diagnostic):
        messages.append(diagnostic.message_primary or "")

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("LOAD 'auto_explain'")
        for setting, value in [
            ("auto_explain.log_min_duration", "0"),
            ("auto_explain.log_nested_statements", "on"),
            ("auto_explain.log_format", "json"),
            ("client_min_messages", "log"),
        ]:
            cursor.execute(f"SET LOCAL {setting} = '{value}'")  # undone with the test's transaction
    plans = []
    connection.connection.add_notice_handler(heard)
    try:
        yield plans
    finally:
        connection.connection.remove_notice_handler(heard)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL auto_explain.log_min_duration = -1")
    plans.extend(json.loads(m.split("plan:\n", 1)[1])["Plan"] for m in messages if "plan:\n" in m)


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def test_a_bulk_update_after_a_one_row_update_is_planned_for_its_rows(world):
    Enterprise.objects.bulk_create(
        Enterprise(name=f"批量企业{n}", credit_code=make_credit_code(), grid_cell=world.village_a) for n in range(BULK)
    )
    written = Enterprise.objects.count()
    Enterprise.objects.filter(pk=world.enterprise_x.pk).update(grade=RiskGrade.RED)  # each rule fires for one row

    with nested_plans() as plans:
        Enterprise.objects.update(last_inspected_on=date(2026, 3, 2))

    # The upserts of the five rules on the enterprises (the registry's counts, three of the hazards', the plan's):
    # each reads the statement's rows, and every read of all of them is estimated at their number, not at the one
    # row of before. (The rules' count of the written rows, which chooses, keeps its plan: one scan either way.)
    upserts = [plan for plan in plans if plan["Node Type"] == "ModifyTable"]
    scans = [node for plan in upserts for node in nodes(plan) if node["Node Type"] == "Named Tuplestore Scan"]
    unfiltered = [scan["Plan Rows"] for scan in scans if "Filter" not in scan]
    assert len({plan_text(plan) for plan in upserts}) >= 5
    assert unfiltered and set(unfiltered) == {written}


def plan_text(plan):
    return json.dumps(plan, sort_keys=True)
