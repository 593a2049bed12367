import threading

import pytest
from django.db import connection, connections

from hazards.models import Hazard, HazardEvent, HazardStatus
from hazards.services import StaleHazard, hazard_transition
from tests.factories import make_hazard

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_people_acting_at_once_one_wins_the_other_is_told(world, staff, inspector, grid_officer_a):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=HazardStatus.RECTIFIED)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(name, user, action, note):
        try:
            barrier.wait()
            hazard_transition(hazard=hazard, action=action, actor=user, version=hazard.version, note=note)
            outcomes[name] = "ok"
        except StaleHazard as exc:
            outcomes[name] = exc.messages[0]
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=("inspector", inspector, "close", "验收合格")),
        threading.Thread(target=act, args=("officer", grid_officer_a, "send_back", "未整改到位")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["ok", "该隐患已被他人更新，请刷新页面后查看最新状态再操作。"]
    hazard = Hazard.objects.get(pk=hazard.pk)
    assert hazard.version == 2
    assert HazardEvent.objects.filter(hazard=hazard).count() == 1
    winner = next(name for name, outcome in outcomes.items() if outcome == "ok")
    assert hazard.status == (HazardStatus.CLOSED if winner == "inspector" else HazardStatus.RECTIFYING)
