"""The rules of paying a fine: due date, late fee (加处罚款) and its cap, deferral, instalments, appeal periods."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bureau.models import CalendarDay
from inspections.enforcement.payment import (
    Instalment,
    Paid,
    add_months,
    appeal_ends,
    application_window_ends,
    even_instalments,
    payment_due,
    standing,
)

FINE = Decimal("20000")
DUE = date(2026, 3, 16)


def test_the_late_fee_is_three_percent_of_the_fine_a_day_after_the_due_date():
    paid = standing([Instalment(DUE, FINE)], [Paid(date(2026, 3, 20), FINE)], as_of=date(2026, 3, 20))

    assert paid.late_fee == Decimal("2400.00")  # 4 days × 600
    assert paid.balance == Decimal("2400.00")
    assert not paid.settled


def test_paid_on_the_due_date_there_is_no_late_fee():
    paid = standing([Instalment(DUE, FINE)], [Paid(DUE, FINE)], as_of=date(2026, 6, 1))

    assert paid.late_fee == 0
    assert paid.settled


def test_the_late_fee_never_exceeds_the_fine():
    late = standing([Instalment(DUE, FINE)], [Paid(DUE + timedelta(days=50), FINE)], as_of=date(2026, 12, 1))

    assert late.late_fee == FINE  # 50 × 600 = 30,000, held at the fine
    assert late.owed == 2 * FINE


def test_unpaid_the_fee_grows_until_today_and_stops_at_the_cap():
    schedule = [Instalment(DUE, FINE)]

    assert standing(schedule, [], as_of=DUE + timedelta(days=1)).late_fee == Decimal("600.00")
    assert standing(schedule, [], as_of=DUE + timedelta(days=10)).late_fee == Decimal("6000.00")
    assert standing(schedule, [], as_of=DUE + timedelta(days=400)).late_fee == FINE


def test_a_part_paid_in_time_stops_accruing_and_the_rest_accrues_on_itself():
    payments = [Paid(DUE, Decimal("15000")), Paid(DUE + timedelta(days=2), Decimal("5000"))]

    late = standing([Instalment(DUE, FINE)], payments, as_of=DUE + timedelta(days=30))

    assert late.late_fee == Decimal("300.00")  # 5,000 × 3 % × 2 days
    assert late.balance == Decimal("300.00")


def test_the_fee_is_rounded_to_the_fen():
    late = standing([Instalment(DUE, Decimal("333.33"))], [], as_of=DUE + timedelta(days=1))

    assert late.late_fee == Decimal("10.00")  # 9.9999 → 10.00


def test_a_deferral_moves_the_due_date_so_nothing_accrues_while_it_runs():
    deferred = [Instalment(date(2026, 5, 15), FINE)]

    assert standing(deferred, [], as_of=date(2026, 5, 15)).late_fee == 0
    assert standing(deferred, [Paid(date(2026, 5, 14), FINE)], as_of=date(2026, 6, 30)).settled
    assert standing(deferred, [], as_of=date(2026, 5, 17)).late_fee == Decimal("1200.00")


def test_a_late_instalment_accrues_on_its_own_amount():
    schedule = even_instalments(FINE, DUE, 2)
    payments = [Paid(DUE, Decimal("10000")), Paid(date(2026, 4, 19), Decimal("10000"))]

    late = standing(schedule, payments, as_of=date(2026, 4, 30))

    assert [i.due_on for i in schedule] == [DUE, date(2026, 4, 16)]
    assert late.fees == (Decimal("0.00"), Decimal("900.00"))  # the second, 3 days late: 10,000 × 3 % × 3
    assert late.late_fee == Decimal("900.00")


def test_instalments_share_the_fine_to_the_fen():
    amounts = [i.amount for i in even_instalments(Decimal("10000"), DUE, 3)]

    assert amounts == [Decimal("3333.33"), Decimal("3333.33"), Decimal("3333.34")]
    assert sum(amounts) == Decimal("10000")


def test_payments_after_the_day_asked_about_do_not_count():
    later = standing([Instalment(DUE, FINE)], [Paid(DUE + timedelta(days=5), FINE)], as_of=DUE)

    assert later.paid == 0
    assert later.balance == FINE


@pytest.mark.django_db
def test_the_fine_is_due_fifteen_days_after_service():
    assert payment_due(date(2026, 3, 2)) == date(2026, 3, 17)


@pytest.mark.django_db
def test_a_due_date_on_a_rest_day_moves_to_the_next_working_day():
    assert payment_due(date(2026, 3, 6)) == date(2026, 3, 23)  # the 21st is a Saturday
    CalendarDay.objects.create(date=date(2026, 3, 23), kind=CalendarDay.Kind.HOLIDAY, name="测试假日")

    assert payment_due(date(2026, 3, 6)) == date(2026, 3, 24)


@pytest.mark.django_db
def test_the_time_to_appeal_is_the_later_of_review_and_lawsuit():
    served = date(2026, 3, 2)

    assert appeal_ends(served) == date(2026, 9, 2)  # 6 months beats 60 days
    assert application_window_ends(served) == date(2026, 12, 2)


def test_months_keep_the_day_or_take_the_last_of_a_short_month():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
