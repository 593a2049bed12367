"""Value limits the domain has, shared by every app: the window a date must fall in."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# Nothing the portal records (enterprises, hazards, inspections, documents, accidents) is older than this; a year
# 1 or 9999 is a slip of the keyboard or an attack, and breaks the pages named by quarter (/rankings/<year>Q<n>/).
EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 5


def latest_planned(today=None):
    """The last day a deadline or a planned date may fall on: five years from today (29 Feb → 28 Feb)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


@deconstructible
class DateWindow:
    """A date from 2000-01-01 up to today (`past=True`: the day of something that happened) or up to five years
    ahead (a deadline, a planned or effective date). `label` names the date in the message ("整改期限")."""

    def __init__(self, label="日期", past=False):
        self.label = label
        self.past = past

    def __call__(self, value):
        if value is None:
            return
        if value < EARLIEST:
            raise ValidationError(f"{self.label}不能早于2000年1月1日。", code="too_early")
        today = timezone.localdate()
        if self.past and value > today:
            raise ValidationError(f"{self.label}不能晚于今天。", code="future")
        if not self.past and value > latest_planned(today):
            raise ValidationError(f"{self.label}不能晚于五年之后。", code="too_late")

    def __eq__(self, other):
        return isinstance(other, DateWindow) and (self.label, self.past) == (other.label, other.past)
