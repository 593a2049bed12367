"""Each drawn inspection's result, rolled up per draw: what the pair found decides it; counted in one query."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau.public import verify_draw
from inspections.planning.progress import with_status
from inspections.planning.results import Result, result_counts, with_results
from tests.factories import make_hazard
from tests.procedure import filed_case
from tests.public.helpers import anonymous_get, inspect, published_draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def draw(world, staff):
    return published_draw(world, staff)


def test_the_worst_finding_of_the_pairs_inspections_decides(draw, staff, inspector):
    passed, ordered, case, untouched = draw.drawn.select_related("enterprise", "officer_1", "officer_2")
    inspect(passed)
    inspect(ordered).hazards.add(make_hazard(enterprise=ordered.enterprise, reported_by=staff))
    visit = inspect(case)
    # A case is counted once its filing is approved (立案审批表 issued).
    filed_case(case.enterprise, case.officer_1, case.officer_2, title="未落实", inspection=visit)
    # Inspected, but not by its drawn pair: the task stays open.
    inspect(untouched, officers=[untouched.officer_1, inspector])

    counts = result_counts(draw)

    assert counts == {Result.CASE: 1, Result.ORDERED: 1, Result.PASSED: 1, Result.PENDING: 1}
    page = anonymous_get(reverse("public:draw", args=[draw.pk])).content.decode()
    for result in Result:
        assert f'data-result-count="{result.value}" data-count="1"' in page


def test_the_staff_page_shows_the_same_results(client, draw, staff):
    inspect(draw.drawn.select_related("officer_1", "officer_2", "enterprise").first())
    client.force_login(staff)
    page = client.get(reverse("draws:detail", args=[draw.pk])).content.decode()

    assert 'data-result-count="passed" data-count="1"' in page
    assert 'data-result-count="pending" data-count="3"' in page
    assert 'data-published="1"' in page


def pages_queries(draw):
    with CaptureQueriesContext(connection) as queries:
        for name in ("public:draw", "public:directory"):
            assert anonymous_get(reverse(name, args=[draw.pk])).status_code == 200
    return len(queries)


def test_the_public_draw_pages_take_as_many_queries_for_more_rows(world, staff):
    small = published_draw(world, staff, pool=4, count=2)
    for drawn in small.drawn.select_related("officer_1", "officer_2", "enterprise"):
        inspect(drawn)
    big = published_draw(world, staff, pool=20, count=12)
    for drawn in big.drawn.select_related("officer_1", "officer_2", "enterprise"):
        inspect(drawn)

    assert pages_queries(small) == pages_queries(big)


def record_of(draw, tmp_path):
    response = anonymous_get(reverse("public:record", args=[draw.pk]))
    path = tmp_path / "draw.json"
    path.write_bytes(response.content)
    return path


def test_the_published_script_recomputes_the_draw_from_its_public_record(draw, tmp_path):
    path = record_of(draw, tmp_path)
    script = anonymous_get(reverse("public:verify_script")).content
    (tmp_path / "verify_draw.py").write_bytes(script)

    ran = subprocess.run([sys.executable, str(tmp_path / "verify_draw.py"), str(path)], capture_output=True, text=True)

    assert ran.returncode == 0 and ran.stdout.strip() == "一致"


def test_the_script_catches_a_changed_record(draw, tmp_path):
    record = json.loads(record_of(draw, tmp_path).read_text(encoding="utf-8"))
    record["drawn"][0]["officers"].reverse()
    assert verify_draw.recompute(record).startswith("第 1 家")
    record = json.loads(Path(record_of(draw, tmp_path)).read_text(encoding="utf-8"))
    record["seed"] = "0" * 64
    assert "摘要不符" in verify_draw.recompute(record)


def test_a_result_is_recorded_exactly_when_the_task_closes(draw, inspector):
    """The results and the inspectors' tasks (inspections.planning.progress) read the same visits."""
    first, second, *_ = draw.drawn.select_related("enterprise", "officer_1", "officer_2")
    inspect(first)
    inspect(second, officers=[second.officer_1, inspector])

    rows = with_results(with_status(draw.drawn.all())).values_list("done", "result")

    assert sorted(rows) == sorted([(True, Result.PASSED)] + [(False, Result.PENDING)] * 3)


def test_the_draw_page_shows_the_pools_size_without_reading_the_pool(draw):
    with CaptureQueriesContext(connection) as queries:
        page = anonymous_get(reverse("public:draw", args=[draw.pk])).content.decode()

    assert not any("pool_codes" in query["sql"] for query in queries.captured_queries)
    assert f"即 {draw.size} 家" in page
