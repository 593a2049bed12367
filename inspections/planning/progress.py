"""Each drawn enterprise is an inspection task for its two officers; an inspection of that enterprise recorded by
both of them on or after the day the draw ran closes it. Read, not stored: nothing on the draw changes."""

from django.db.models import Exists, OuterRef, Q

from inspections.inspection.models import Inspection
from inspections.planning.models import DrawnEnterprise


def _inspected_by_the_pair():
    visits = Inspection.objects.filter(enterprise=OuterRef("enterprise"), date__gte=OuterRef("draw__run__run_on"))
    # Two filter() calls: two joins on the inspectors, so both officers must be among them.
    return Exists(visits.filter(inspectors=OuterRef("officer_1")).filter(inspectors=OuterRef("officer_2")))


def with_status(drawn):
    """Drawn rows annotated with `done`: inspected by their pair since the draw ran."""
    return drawn.annotate(done=_inspected_by_the_pair())


def open_tasks(user):
    """The user's open tasks: drawn with a partner in a draw that has run and was not replaced, not yet inspected."""
    tasks = DrawnEnterprise.objects.filter(
        Q(officer_1=user) | Q(officer_2=user), draw__run__isnull=False, draw__redraws__isnull=True
    )
    return with_status(tasks).filter(done=False)
