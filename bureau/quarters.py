"""Quarters (季度): 2026Q3 runs from 1 July to 30 September."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

SLUG = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, slug):
        """`2026Q3` → Quarter(2026, 3); ValueError with a Chinese message otherwise."""
        match = SLUG.match(slug.strip().upper()) if isinstance(slug, str) else None
        if not match:
            raise ValueError(f"季度格式应为“2026Q3”，收到“{slug}”。")
        return cls(int(match.group(1)), int(match.group(2)))

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
        return f"{self.year}Q{self.number}"

    @property
    def label(self):
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    def next(self):
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self):
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def __str__(self):
        return self.label
