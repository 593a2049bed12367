"""Quarters (季度): 2026Q3 runs from 1 July to 30 September."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

# ASCII digits only: `\d` would also take "٢٠٢٦" or "２０２６".
SLUG = re.compile(r"([0-9]{4})Q([1-4])")
# The first year the portal holds records for; the last is next year (a ranking or plan may be prepared ahead).
FIRST_YEAR = 2000
YEARS_AHEAD = 1


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, slug):
        """`2026Q3` → Quarter(2026, 3); ValueError with a Chinese message otherwise, also for a year outside
        FIRST_YEAR..next year. The one rule for every quarter from outside: URLs (a ValueError there is a 404),
        forms, commands."""
        match = SLUG.fullmatch(slug.strip().upper()) if isinstance(slug, str) else None
        if not match:
            raise ValueError(f"季度格式应为“2026Q3”，收到“{slug}”。")
        quarter = cls(int(match.group(1)), int(match.group(2)))
        if not quarter.supported:
            raise ValueError(f"季度的年份应在 {FIRST_YEAR} 至 {last_year()} 年之间，收到“{slug}”。")
        return quarter

    @property
    def supported(self):
        """Whether the portal deals with this quarter at all: its year is within FIRST_YEAR..next year."""
        return FIRST_YEAR <= self.year <= last_year()

    @classmethod
    def containing(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_ended(cls, today):
        """The latest quarter that is over on `today`: the one being ranked and filed for."""
        return cls.containing(today).previous()

    @property
    def start(self):
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        return self.next().start - timedelta(days=1)

    @property
    def months(self):
        """The quarter's three month numbers: (7, 8, 9) for the third."""
        return tuple(range(3 * self.number - 2, 3 * self.number + 1))

    @property
    def slug(self):
        return f"{self.year:04d}Q{self.number}"

    @property
    def label(self):
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    def next(self):
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self):
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def __str__(self):
        return self.label


def last_year():
    """The last year a quarter may be in: next year."""
    return timezone.localdate().year + YEARS_AHEAD
