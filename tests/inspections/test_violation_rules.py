"""The discretion rules (inspections.enforcement.violations.propose), on plain terms: no database."""

from decimal import Decimal

import pytest

from inspections.enforcement.violations import (
    FIRST_MINOR,
    OVERDUE,
    LevelTerms,
    NoFine,
    PartyKind,
    Range,
    Terms,
    propose,
)

UNIT, PERSON = PartyKind.UNIT, PartyKind.RESPONSIBLE


def r(low, high):
    return Range(Decimal(low), Decimal(high))


# Like 第九十七条: up to 100,000 for the unit; once overdue 100,000–200,000, and 20,000–50,000 for the person.
ART97 = Terms(
    (
        LevelTerms("轻微", r(0, 30000), None),
        LevelTerms("一般", r(30000, 60000), None),
        LevelTerms("较重", r(60000, 100000), None),
        LevelTerms("严重", r(100000, 200000), r(20000, 50000), after_overdue=True),
    ),
    waiver_allowed=True,
)
# Like 第九十八条: 100,000–500,000 from the start (a legal minimum), no 首违不罚.
ART98 = Terms(
    (
        LevelTerms("轻微", r(100000, 220000), r(20000, 29000)),
        LevelTerms("一般", r(220000, 340000), r(29000, 38000)),
        LevelTerms("较重", r(340000, 500000), r(38000, 50000)),
    )
)


def test_no_circumstance_proposes_the_general_level():
    proposal = propose(ART97, UNIT, [])
    assert (proposal.level, proposal.range) == ("一般", r(30000, 60000))
    assert proposal.allows(Decimal(30000)) and proposal.allows(Decimal(60000))
    assert not proposal.allows(Decimal(60001))


def test_a_heavier_circumstance_moves_one_level_up_a_lighter_one_down():
    assert propose(ART97, UNIT, ["heavier_serious"]).level == "较重"
    assert propose(ART97, UNIT, ["heavier_serious", "heavier_repeat"]).level == "较重"
    assert propose(ART97, UNIT, ["lighter_remedied"]).level == "轻微"
    assert propose(ART97, UNIT, ["lighter_remedied", "heavier_serious"]).level == "一般"


def test_the_overdue_stage_applies_its_own_range_and_fines_the_person():
    unit = propose(ART97, UNIT, [OVERDUE])
    person = propose(ART97, PERSON, [OVERDUE])
    assert (unit.level, unit.range) == ("严重", r(100000, 200000))
    assert person.range == r(20000, 50000)
    with pytest.raises(NoFine, match="仅在逾期未改正"):
        propose(ART97, PERSON, [])


def test_mitigation_proposes_a_fine_below_the_legal_minimum():
    proposal = propose(ART98, UNIT, ["mitigated_remedied"])
    assert proposal.mitigated and proposal.range.high == Decimal(100000)
    assert proposal.allows(Decimal(50000))
    assert not proposal.allows(Decimal(100000)) and not proposal.allows(Decimal(0))
    assert "低于 100,000 元" in str(proposal)


def test_mitigation_without_a_legal_minimum_takes_the_lowest_level():
    proposal = propose(ART97, UNIT, ["mitigated_confessed"])
    assert (proposal.level, proposal.mitigated) == ("轻微", False)
    assert "无下限" in proposal.notes[0]


def test_a_first_minor_violation_corrected_in_time_is_not_fined_where_allowed():
    waived = propose(ART97, UNIT, [FIRST_MINOR])
    assert waived.no_penalty and str(waived) == "不予处罚"
    assert waived.allows(Decimal(0)) and not waived.allows(Decimal(1))


def test_no_waiver_where_the_entry_refuses_it_or_something_aggravates():
    assert not propose(ART98, UNIT, [FIRST_MINOR]).no_penalty
    aggravated = propose(ART97, UNIT, [FIRST_MINOR, "heavier_obstruct"])
    assert (aggravated.no_penalty, aggravated.level) == (False, "较重")


def test_unknown_circumstances_are_refused():
    with pytest.raises(ValueError, match="未知的裁量情形"):
        propose(ART97, UNIT, ["made_up"])
