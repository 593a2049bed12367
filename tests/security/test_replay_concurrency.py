"""Concurrent twins: the same submission key posted at once creates one record; six clicks on 办理下一步 at once
move a case one step. Real transactions and row locks: PostgreSQL only."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import hazards.views
from bureau import once
from bureau.accounts.models import Submission
from hazards.models import Hazard
from inspections.enforcement.approval import draft_save, draft_submit
from inspections.enforcement.models import Case, CaseEvent
from inspections.enforcement.specs import DocumentKind as K
from tests.factories import make_image
from tests.procedure import approver, filed_case, issue_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _at_once(count, post):
    """Run post(i) in `count` threads released together; their responses, in order."""
    barrier = threading.Barrier(count)
    responses = [None] * count

    def run(i):
        try:
            barrier.wait()
            responses[i] = post(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def test_two_requests_with_one_key_at_once_create_one_hazard(world, enterprise_user_x, monkeypatch):
    report = hazards.views.hazard_report

    def slow_report(**kwargs):
        # Holds the first request's transaction open while its twin arrives and finds the key not yet committed.
        hazard = report(**kwargs)
        time.sleep(0.5)
        return hazard

    monkeypatch.setattr(hazards.views, "hazard_report", slow_report)
    client = Client()
    client.force_login(enterprise_user_x)
    key = once.new_key()
    today = timezone.localdate()

    def post(i):
        data = {
            once.FIELD: key,
            "found_on": today.isoformat(),
            "location": "二楼胶粘车间",
            "description": "溶剂油桶未加盖",
            "category": "site",
            "subcategory": "equipment",
            "level": "general",
            "rectification_deadline": (today + timedelta(days=10)).isoformat(),
            "responsible_person": "周晓东",
            "suspension": "none",
            "photos": make_image(),
        }
        return client.post(reverse("hazards:new"), data)

    responses = _at_once(2, post)

    hazard = Hazard.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {hazard.get_absolute_url()}
    assert Submission.objects.filter(key=key).count() == 1


def test_six_clicks_at_once_on_approve_issue_one_report_and_move_the_case_one_step(world, inspector, inspector2):
    # The report moves a filed case to investigated once approved: six approvals at once issue one document.
    case = filed_case(world.enterprise_x, inspector, inspector2)
    issue_for(case, K.SITE_RECORD, inspector, inspector2, facts="现场勘验")
    draft = draft_save(case=case, kind=K.INVESTIGATION_REPORT, actor=inspector, co_signer=inspector2, facts="事实清楚")
    draft_submit(draft=draft, actor=inspector)
    events = CaseEvent.objects.filter(case=case).count()
    client = Client()
    client.force_login(approver())

    responses = _at_once(
        6, lambda i: client.post(reverse("cases:draft_approve", args=[case.pk, draft.pk]), {"note": "同意"})
    )

    assert [r.status_code for r in responses] == [302] * 6
    assert Case.objects.get(pk=case.pk).status == Case.Status.INVESTIGATED
    assert case.documents.filter(kind=K.INVESTIGATION_REPORT).count() == 1
    assert CaseEvent.objects.filter(case=case).count() == events + 1  # one step
