"""Major hazard source units (重大危险源单位) and the state of their automated control systems.

A unit is an enterprise in the registry (not closed) with at least one `MajorHazardSource`. Its automation state is
the least advanced of its sources' control systems (未安装 < 安装中 < 已验收): 已验收 only when every source is
accepted, 安装中 when none is without a system and at least one is being installed, otherwise 未安装. So each unit
has exactly one state, and the register and the dashboard count a unit once.

Defined here once, as conditions on an enterprise queryset (`is_unit_q`, `unit_state_q`), the annotation built from
them (`unit_control_state`) and the counts by state (`unit_state_counts`): the register filters, shows and counts by
them; the dashboard counts with them.
"""

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When

from enterprises.models import EnterpriseStatus, MajorHazardSource

ControlSystem = MajorHazardSource.ControlSystem
# Least advanced first: the order the state of a unit is decided in.
STATE_ORDER = [ControlSystem.NONE, ControlSystem.INSTALLING, ControlSystem.ACCEPTED]


def _sources(control=None):
    sources = MajorHazardSource.objects.filter(enterprise=OuterRef("pk"))
    return sources.filter(control_system=control) if control else sources


def has_sources_q():
    """Enterprises with at least one major hazard source."""
    return Q(Exists(_sources()))


def is_unit_q():
    """A Q on enterprises: a major hazard source unit (not closed, with at least one source)."""
    return ~Q(status=EnterpriseStatus.CLOSED) & has_sources_q()


def unit_state_q(state):
    """A Q on enterprises: the unit's state (a ControlSystem value) is `state`. Enterprises without sources match
    none of the three."""
    without = Q(Exists(_sources(ControlSystem.NONE)))
    installing = Q(Exists(_sources(ControlSystem.INSTALLING)))
    if state == ControlSystem.NONE:
        return without
    if state == ControlSystem.INSTALLING:
        return ~without & installing
    if state == ControlSystem.ACCEPTED:
        return has_sources_q() & ~without & ~installing
    raise ValueError(f"unknown control system state: {state!r}")


def unit_control_state():
    """The unit's state as an annotation: a ControlSystem value, or null for an enterprise without sources."""
    whens = [When(unit_state_q(state), then=Value(state.value)) for state in STATE_ORDER]
    return Case(*whens, default=Value(None), output_field=CharField())


def source_units(enterprises):
    """The units among `enterprises` (a queryset already scoped to the viewer): not closed, with at least one
    source, annotated with `control_state`."""
    return enterprises.filter(is_unit_q()).annotate(control_state=unit_control_state())


def unit_state_counts(enterprises):
    """{"none": n, "installing": n, "accepted": n} over the units among `enterprises`, in one query; their sum is
    the number of units (each is in exactly one state)."""
    units = enterprises.filter(is_unit_q()).order_by()
    return units.aggregate(**{state.value: Count("pk", filter=unit_state_q(state)) for state in STATE_ORDER})
