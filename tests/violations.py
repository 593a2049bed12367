"""Violations found in a case, for tests that issue a penalty decision (its fine must be their sum)."""

from decimal import Decimal

from inspections.enforcement.violation_models import Violation
from inspections.enforcement.violation_services import case_violation_add
from inspections.enforcement.violations import PartyKind

# 第一百零二条 (未采取措施消除事故隐患): the unit is fined up to 50,000 yuan; 一般 is 15,000–30,000.
HAZARD_NOT_ELIMINATED = "AQ102"


def library_version(code=HAZARD_NOT_ELIMINATED):
    return Violation.objects.get(code=code).current


def decide_fines(case, actor, *fines):
    """One violation of 第一百零二条 per fine, decided for the unit (a fine outside 一般 with a reason)."""
    return [
        case_violation_add(
            case=case,
            version=library_version(),
            party_kind=PartyKind.UNIT,
            circumstances=[],
            fine=Decimal(fine),
            reason="按本案情节裁量",
            actor=actor,
        )
        for fine in fines
    ]
