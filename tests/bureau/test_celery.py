import pytest

from deploy.check_tasks import count_cells_by_level
from tests.factories import make_cell


@pytest.mark.worker
def test_a_real_worker_runs_a_task_and_its_result_is_seen(celery_worker):
    city = make_cell(code="W330381")
    make_cell(parent=city)
    make_cell(parent=city)

    result = count_cells_by_level.delay()

    assert result.get(timeout=20) == {"1": 1, "2": 2, "3": 0, "4": 0}
    assert result.successful()
