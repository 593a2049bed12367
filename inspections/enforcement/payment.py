"""The rules of paying a fine after the penalty decision (行政处罚决定书), as plain functions of dates and amounts.

- Due: 15 days from the day the decision was served (行政处罚法 第六十七条), a period of calendar days that ends on
  the next working day when it ends on a rest day (bureau.workdays.add_days).
- Late fee (加处罚款, 第七十二条): 3 % of the unpaid fine for each day after the due date, never more than the fine
  (行政强制法 第四十五条). Payments go to the fine first, so what is paid stops accruing the day it is paid.
- Deferral or instalments (第六十六条): an approved arrangement replaces the due date by its own schedule; each
  instalment has its own due date and a late one accrues on its own unpaid amount; a deferral is one instalment.
- Enforcement: unpaid once the time to appeal has run (行政复议 60 days, 行政诉讼 6 months from service: the later),
  the bureau may apply to the court within 3 months (行政强制法 第五十三条) after a reminder (催告书) served at least
  10 days before (第五十四条).
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bureau import workdays

PAYMENT_DAYS = 15
DAILY_RATE = Decimal("0.03")
FEN = Decimal("0.01")
REVIEW_DAYS = 60
LAWSUIT_MONTHS = 6
APPLICATION_MONTHS = 3
REMINDER_DAYS = 10


@dataclass(frozen=True)
class Instalment:
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class Paid:
    paid_on: date
    amount: Decimal


@dataclass(frozen=True)
class Standing:
    """Where a fine stands on `as_of`: what was due, what is owed, and each instalment's late fee."""

    fine: Decimal
    late_fee: Decimal
    paid: Decimal
    balance: Decimal
    fees: tuple[Decimal, ...]
    unpaid: tuple[Decimal, ...]

    @property
    def settled(self):
        return self.balance <= 0

    @property
    def owed(self):
        return self.fine + self.late_fee


def to_fen(amount):
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def payment_due(served_on):
    """The last day to pay a fine whose decision was served on `served_on`."""
    return workdays.add_days(served_on, PAYMENT_DAYS)


def add_months(day, months):
    """The same day `months` later (the month's last day when it has no such day: 8-31 + 6 months = 2-28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def appeal_ends(served_on):
    """The last day to appeal a decision served on `served_on`: the later of review (60 days) and lawsuit (6 months)."""
    return max(workdays.add_days(served_on, REVIEW_DAYS), add_months(served_on, LAWSUIT_MONTHS))


def application_window_ends(served_on):
    """The last day to apply to the court for enforcement: 3 months after the time to appeal has run."""
    return add_months(appeal_ends(served_on), APPLICATION_MONTHS)


def reminder_runs_out(served_on):
    """A reminder (催告书) served on `served_on` leaves the party 10 days; the application may follow after them."""
    return workdays.add_days(served_on, REMINDER_DAYS)


def _fee_of(instalment, paid_chunks, unpaid, as_of):
    """One instalment's late fee: each chunk paid after its due date accrues for its days late, what is still unpaid
    accrues up to `as_of`; never more than the instalment."""
    fee = Decimal(0)
    for paid_on, amount in paid_chunks:
        fee += amount * DAILY_RATE * max((paid_on - instalment.due_on).days, 0)
    fee += unpaid * DAILY_RATE * max((as_of - instalment.due_on).days, 0)
    return min(to_fen(fee), instalment.amount)


def standing(schedule, payments, as_of):
    """Where a fine stands on `as_of`. `schedule`: the instalments (one for a plain fine or a deferral), `payments`:
    what was paid; payments made after `as_of` are not counted. Payments fill the instalments in due order; what
    is paid beyond the fine goes to the late fee."""
    schedule = sorted(schedule, key=lambda i: i.due_on)
    left = [i.amount for i in schedule]
    chunks = [[] for _ in schedule]
    counted = sorted((p for p in payments if p.paid_on <= as_of), key=lambda p: p.paid_on)
    for payment in counted:
        rest = payment.amount
        for n, owed in enumerate(left):
            part = min(rest, owed)
            if part > 0:
                chunks[n].append((payment.paid_on, part))
                left[n] -= part
                rest -= part
    fees = tuple(_fee_of(i, chunks[n], left[n], as_of) for n, i in enumerate(schedule))
    fine = sum((i.amount for i in schedule), Decimal(0))
    paid = sum((p.amount for p in counted), Decimal(0))
    late_fee = sum(fees, Decimal(0))
    return Standing(
        fine=fine,
        late_fee=late_fee,
        paid=paid,
        balance=max(fine + late_fee - paid, Decimal(0)),
        fees=fees,
        unpaid=tuple(left),
    )


def even_instalments(total, first_due, count, months_apart=1):
    """`count` instalments of `total`, `months_apart` months apart from `first_due`; the last takes the fen left."""
    share = (Decimal(total) / count).quantize(FEN, rounding="ROUND_DOWN")
    amounts = [share] * (count - 1) + [Decimal(total) - share * (count - 1)]
    return [Instalment(add_months(first_due, n * months_apart), amount) for n, amount in enumerate(amounts)]
