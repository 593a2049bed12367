"""The app's models live in its sub-packages; importing them here is what registers them with Django under the one
app label `inspections` (tables, migrations and history unchanged). Import a model from its sub-package, e.g.
`from inspections.enforcement.models import Document`."""

from inspections.accidents import models as accidents
from inspections.campaigns import models as campaigns
from inspections.enforcement import dishonest_models as dishonest
from inspections.enforcement import models as enforcement
from inspections.enforcement import payment_models as payments
from inspections.enforcement import procedure_models as procedure
from inspections.enforcement import violation_models as violations
from inspections.inspection import models as inspection
from inspections.planning import done_models as done
from inspections.planning import models as planning
from inspections.planning import plan_models as plans
from inspections.registers import models as registers

__all__ = [
    "accidents",
    "campaigns",
    "dishonest",
    "done",
    "enforcement",
    "inspection",
    "payments",
    "planning",
    "plans",
    "procedure",
    "registers",
    "violations",
]
