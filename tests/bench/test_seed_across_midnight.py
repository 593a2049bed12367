"""seed_demo started a second before midnight (the bureau's time) ends after it: its `today`, fixed when it started,
is then yesterday for the services, which date what they write by the clock. A province seed failed so: the draw's
penalty notice, issued after midnight, could not be served on the seed's `today` (before the issue date)."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from inspections.enforcement.models import ServiceRecord
from inspections.planning.models import Draw
from tests.demo import demo_seeded


@pytest.mark.django_db
def test_a_seed_that_runs_across_midnight_succeeds(django_db_blocker, tmp_path_factory):
    tomorrow = timezone.localdate() + timedelta(days=1)
    before_midnight = datetime.combine(tomorrow, time(0), tzinfo=timezone.get_current_timezone()) - timedelta(seconds=1)
    with time_machine.travel(before_midnight, tick=True), demo_seeded(django_db_blocker, tmp_path_factory):
        assert timezone.localdate() == tomorrow  # it did cross
        assert Draw.objects.filter(publication__isnull=False).exists()  # the draw's results, its case among them
        services = ServiceRecord.objects.select_related("document")
        assert services and all(s.served_on >= timezone.localdate(s.document.issued_at) for s in services)
