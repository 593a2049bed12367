"""The violation library (versions, seeded data) and the violations of a case (decided one by one, summed)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.enforcement.violation_forms import level_initial
from inspections.enforcement.violation_models import CaseViolation, VersionLocked, Violation
from inspections.enforcement.violation_services import (
    VERSION_FIELDS,
    case_fine_total,
    case_violation_add,
    case_violation_change,
    case_violation_remove,
    proposal_for,
    violation_revise,
)
from inspections.enforcement.violations import FIRST_MINOR, PartyKind
from tests.procedure import approver, decided_case, filed_case
from tests.violations import decide_fines, library_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, inspector, inspector2):
    return filed_case(world.enterprise_x, inspector, inspector2, title="未及时消除事故隐患")


def add(case, actor, fine, code="AQ102", circumstances=(), reason="", **extra):
    return case_violation_add(
        case=case,
        version=library_version(code),
        party_kind=extra.pop("party_kind", PartyKind.UNIT),
        circumstances=list(circumstances),
        fine=Decimal(fine),
        reason=reason,
        actor=actor,
        **extra,
    )


def test_the_library_holds_the_work_safety_law_with_sources():
    library = Violation.objects.select_related("current")
    assert library.count() >= 30
    for violation in library:
        version = violation.current
        assert version.law == "中华人民共和国安全生产法" and "安全生产法" in version.source
        assert version.levels.exists()
    training = Violation.objects.get(code="AQ097-3").current
    assert (training.article, training.penalty_article) == ("第二十八条", "第九十七条第（三）项")
    assert (training.unit_min, training.unit_max) == (0, 200000)
    assert Violation.objects.get(code="AQ102").current.confirmed


def test_a_fine_outside_the_proposal_needs_a_reason(case, inspector):
    # 第一百零二条, no circumstance: 一般, 15,000–30,000.
    with pytest.raises(ValidationError, match="须写明理由"):
        add(case, inspector, 40000)
    assert not case.violations.exists()

    item = add(case, inspector, 40000, reason="隐患涉及人员密集场所")
    inside = add(case, inspector, 20000, reason="多写的理由")
    assert (item.proposed_level, item.proposed_min, item.proposed_max) == ("一般", 15000, 30000)
    assert item.reason == "隐患涉及人员密集场所" and inside.reason == ""


def test_the_proposal_follows_the_circumstances(case, inspector):
    lighter = add(case, inspector, 10000, circumstances=["lighter_remedied"])
    heavier = add(case, inspector, 40000, circumstances=["heavier_repeat"])
    waived = add(case, inspector, 0, code="AQ097-4", circumstances=[FIRST_MINOR])
    assert (lighter.proposed_level, heavier.proposed_level) == ("轻微", "较重")
    assert waived.no_penalty and waived.proposal_text == "不予处罚"
    with pytest.raises(ValidationError, match="须写明理由"):
        add(case, inspector, 5000, code="AQ097-4", circumstances=[FIRST_MINOR])


def test_a_person_is_named_and_fined_only_where_the_law_says(case, inspector):
    with pytest.raises(ValidationError, match="写明其姓名"):
        add(case, inspector, 60000, party_kind=PartyKind.RESPONSIBLE, circumstances=["heavier_overdue"])
    with pytest.raises(ValidationError, match="仅在逾期未改正"):
        add(case, inspector, 60000, party_kind=PartyKind.RESPONSIBLE, party_name="王建国")
    item = add(
        case, inspector, 60000, party_kind=PartyKind.RESPONSIBLE, party_name="王建国", circumstances=["heavier_overdue"]
    )
    assert item.party == "直接负责的主管人员和其他直接责任人员 王建国"
    assert (item.proposed_min, item.proposed_max) == (50000, 100000)


def test_two_violations_are_decided_separately_and_summed(case, inspector):
    add(case, inspector, 20000)
    add(case, inspector, 10000, code="AQ097-5", circumstances=["lighter_remedied"])
    assert case_fine_total(case) == Decimal(30000)


def test_a_case_keeps_its_version_after_the_library_is_revised(case, inspector, staff):
    item = add(case, inspector, 20000)
    old = item.version
    fields = {name: getattr(old, name) for name in VERSION_FIELDS}
    levels = level_initial(old)
    levels[1]["unit_min"] = Decimal(20000)

    with pytest.raises(PermissionDenied):
        violation_revise(violation=old.violation, fields=fields, levels=levels, actor=inspector, expected_number=1)
    new = violation_revise(violation=old.violation, fields=fields, levels=levels, actor=staff, expected_number=1)
    again = violation_revise(violation=old.violation, fields=fields, levels=levels, actor=staff, expected_number=2)

    item.refresh_from_db()
    assert (new.number, again.pk, item.version_id) == (2, new.pk, old.pk)
    assert old.levels.get(name="一般").unit_min == 15000
    assert library_version().levels.get(name="一般").unit_min == 20000
    old.penalty_text = "改过的"
    with pytest.raises(VersionLocked):
        old.save()
    with pytest.raises(ValidationError, match="已被修订为第2版"):
        violation_revise(violation=old.violation, fields=fields, levels=levels, actor=staff, expected_number=1)


def test_a_revision_stays_inside_the_legal_range(staff):
    version = library_version()
    levels = level_initial(version)
    levels[2]["unit_max"] = Decimal(60000)
    fields = {name: getattr(version, name) for name in VERSION_FIELDS}
    with pytest.raises(ValidationError, match="法定罚款幅度之内"):
        violation_revise(violation=version.violation, fields=fields, levels=levels, actor=staff, expected_number=1)
    assert version.violation.versions.count() == 1


def test_change_and_remove_only_while_the_case_is_undecided(case, inspector, inspector2, enterprise_user_x):
    item = add(case, inspector, 20000)
    with pytest.raises(PermissionDenied):
        add(case, enterprise_user_x, 20000)
    changed = case_violation_change(
        item=item, party_kind=PartyKind.UNIT, circumstances=["lighter_remedied"], fine=Decimal(10000), actor=inspector
    )
    assert (changed.proposed_level, changed.fine) == ("轻微", 10000)
    extra = add(case, inspector, 20000)
    case_violation_remove(case=case, item_id=extra.pk, actor=inspector)
    assert list(case.violations.all()) == [changed]

    decided_case(case.enterprise, inspector, inspector2, fine=Decimal(10000), case=case)
    with pytest.raises(ValidationError, match="已作出处罚决定"):
        add(case, inspector, 20000)
    with pytest.raises(ValidationError, match="已作出处罚决定"):
        case_violation_remove(case=case, item_id=changed.pk, actor=inspector)


def test_the_penalty_decision_fines_the_sum_of_the_violations(case, inspector, inspector2):
    # Checked before the procedure's own gates: the approver's signature is given so the fine rule answers first.
    signed = {
        "enterprise": case.enterprise,
        "actor": inspector,
        "co_signer": inspector2,
        "case": case,
        "approved_by": approver(),
    }
    with pytest.raises(ValidationError, match="请先在案件中认定违法行为"):
        document_issue(kind=DocumentKind.PENALTY_DECISION, fine_amount=Decimal(30000), **signed)
    decide_fines(case, inspector, 20000, 10000)
    with pytest.raises(ValidationError, match="30,000.00"):
        document_issue(kind=DocumentKind.PENALTY_DECISION, fine_amount=Decimal(20000), **signed)

    _, penalty = decided_case(case.enterprise, inspector, inspector2, fine=Decimal(30000), case=case)
    assert penalty.fine_amount == case_fine_total(case) == 30000
    assert CaseViolation.objects.filter(case=case).count() == 2


def test_every_entry_levels_stay_inside_its_legal_range_and_propose_a_fine():
    for violation in Violation.objects.select_related("current"):
        version = violation.current
        for level in version.levels.all():
            for low, high, legal in (
                (level.unit_min, level.unit_max, version.unit_range),
                (level.person_min, level.person_max, version.person_range),
            ):
                if low is not None:
                    assert legal.low <= low <= high <= legal.high, (violation.code, level.name)
        parties = [PartyKind.UNIT] if version.unit_range else [PartyKind.PRINCIPAL]
        for party in parties:
            proposal = proposal_for(version, party, ["heavier_overdue"])
            assert proposal.range is not None, violation.code
