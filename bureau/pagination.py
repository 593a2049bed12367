"""Pagination shared by the lists.

The big lists (enterprise registry, hazards) page by key (keyset or "seek" pagination): a page after the row
(name, id) = ("X", 7) is `WHERE (name, id) > ('X', 7) ORDER BY name, id LIMIT 51`, read from an index that
matches the order, however deep the page. OFFSET reads and throws away every row before the page, so at a
province's million rows a deep page reads a million rows. The position travels in a signed cursor
(`?after=` / `?before=`); a tampered or stale cursor opens the first page with a notice, never an error.

`?page=n` links (bookmarks, older pages) still open for n ≤ MAX_OFFSET_PAGE by OFFSET (cheap that shallow);
deeper ones open the first page with a notice.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.lookups import GreaterThan, LessThan

# The query parameters that choose a page (a list's cache key and filters keep them apart from the filters).
PAGE_PARAMS = ("page", "after", "before")
# ?page=n is honoured by OFFSET up to here (1,000 rows at 50 a page): older links and bookmarks keep working.
MAX_OFFSET_PAGE = 20
# An unfiltered list that has no cheaper total counts at most this many rows and shows "10000+".
COUNT_CAP = 10000

INVALID_CURSOR = "翻页链接无效或已过期，已回到第一页。"
PAGE_TOO_DEEP = f"页码超过 {MAX_OFFSET_PAGE}，已回到第一页；请用“下一页”逐页查看，或用筛选缩小范围。"


class CountedPaginator(Paginator):
    """A paginator told how many rows there are: a list that already counted its filtered rows (by grade, by
    status) need not run a second COUNT(*) over the same set."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # shadows Paginator.count, a cached_property


def capped_count(queryset, cap=None):
    """(n, capped): the exact count up to `cap` (COUNT_CAP), else (cap, True) — reads at most cap + 1 rows."""
    cap = COUNT_CAP if cap is None else cap
    n = queryset.order_by()[: cap + 1].count()
    return (cap, True) if n > cap else (n, False)


class Row(Func):
    """ROW(a, b): compared as a whole, `ROW(name, id) > ROW('X', 7)`, PostgreSQL reads it from an index on
    (name, id) (an OR of column comparisons it would not)."""

    function = "ROW"
    output_field = models.Field()


class KeysetPage:
    """One page of a list ordered by `order` (field names, "-" for descending, the last one unique: the id).
    Quacks like a Django Page for the templates: iterate it, has_previous/has_next, plus the cursor links."""

    def __init__(
        self, rows, *, number, has_previous, has_next, cursor_of, notice="", total=None, capped=False, per_page=0
    ):
        self.object_list = rows
        self.number = number  # counted from the first page along the links; None when unknown
        self._has_previous = has_previous
        self._has_next = has_next
        self._cursor_of = cursor_of
        self.notice = notice
        self.total = total
        self.capped = capped  # total is COUNT_CAP and there are more
        self.per_page = per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_previous(self):
        return self._has_previous

    def has_next(self):
        return self._has_next

    def has_other_pages(self):
        return self._has_previous or self._has_next

    @property
    def next_cursor(self):
        return self._cursor_of(self.object_list[-1], self.number + 1) if self._has_next else None

    @property
    def previous_cursor(self):
        return self._cursor_of(self.object_list[0], self.number - 1) if self._has_previous else None

    @property
    def count(self):
        """The total as shown: "10000+" when capped."""
        return f"{self.total}+" if self.capped else self.total

    @property
    def paginator(self):
        # The list templates written for a Django Page show `page_obj.paginator.count`.
        return self

    @property
    def num_pages(self):
        if self.total is None or self.capped or not self.per_page:
            return None
        return max(1, -(-self.total // self.per_page))


class KeysetPaginator:
    """Pages `queryset` by `order`; the cursors are signed with the model and the order in the salt, so a cursor
    of one list is refused by another. The filters are not in the cursor: they stay in the query string."""

    def __init__(self, queryset, per_page, order):
        self.queryset = queryset
        self.per_page = per_page
        self.order = list(order)
        self.fields = [(name.lstrip("-"), name.startswith("-")) for name in self.order]
        self.salt = f"bureau.pagination:{queryset.model._meta.label}:{','.join(self.order)}"

    # Cursors ------------------------------------------------------------------------------------------------
    def cursor(self, row, number):
        values = [getattr(row, name) for name, _ in self.fields]
        return signing.dumps([[_plain(v) for v in values], number], salt=self.salt, compress=True)

    def _decode(self, cursor):
        """(values, number) of a cursor, or None when it was not made by this list (tampered, other order)."""
        try:
            values, number = signing.loads(cursor, salt=self.salt)
            if not isinstance(number, int) or len(values) != len(self.fields):
                return None
            model = self.queryset.model
            parsed = [
                model._meta.get_field(name).to_python(v) for (name, _), v in zip(self.fields, values, strict=True)
            ]
        except (signing.BadSignature, ValueError, TypeError, ValidationError, LookupError):
            return None
        if any(v is None for v in parsed):  # the keys are NOT NULL: a NULL would compare as unknown
            return None
        return parsed, max(number, 1)

    # Pages --------------------------------------------------------------------------------------------------
    def get_page(self, params, total=None, capped=False):
        """The page `params` (request.GET) asks for: after=, before=, page= (small n), or the first."""
        notice = ""
        for direction in ("after", "before"):
            cursor = params.get(direction)
            if cursor:
                decoded = self._decode(cursor)
                if decoded is not None:
                    page = self._seek(*decoded, backward=direction == "before", total=total)
                    page.capped = capped
                    return page
                notice = INVALID_CURSOR
                break
        else:
            number = _page_number(params.get("page"))
            if number is None or number > MAX_OFFSET_PAGE:
                notice = PAGE_TOO_DEEP if number else ""
            elif number > 1:
                page = self._offset(number, total)
                page.capped = capped
                return page
        page = self._first(total)
        page.notice, page.capped = notice, capped
        return page

    def _ordered(self, backward=False):
        if backward:  # read towards the start: every key's direction turned round
            return self.queryset.order_by(*[n[1:] if n.startswith("-") else "-" + n for n in self.order])
        return self.queryset.order_by(*self.order)

    def _page(self, rows, number, has_previous, has_next, total):
        return KeysetPage(
            rows,
            number=number,
            has_previous=has_previous,
            has_next=has_next,
            cursor_of=self.cursor,
            total=total,
            per_page=self.per_page,
        )

    def _first(self, total):
        rows = list(self._ordered()[: self.per_page + 1])
        return self._page(rows[: self.per_page], 1, False, len(rows) > self.per_page, total)

    def _offset(self, number, total):
        start = (number - 1) * self.per_page
        rows = list(self._ordered()[start : start + self.per_page + 1])
        if not rows:  # past the end of a short list: its first page, as Paginator.get_page did with its last
            return self._first(total)
        return self._page(rows[: self.per_page], number, True, len(rows) > self.per_page, total)

    def _seek(self, values, number, *, backward, total):
        rows = list(self._ordered(backward).filter(self._beyond(values, backward))[: self.per_page + 1])
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if backward:
            if not more:  # reached the start: the first page, full, rather than a short page before the cursor
                return self._first(total)
            return self._page(rows[::-1], max(number, 2), True, True, total)
        return self._page(rows, number, True, more, total)

    def _beyond(self, values, backward):
        """The rows after the cursor (before it when `backward`) in the list's order."""
        directions = {desc for _, desc in self.fields}
        if len(directions) == 1:  # one direction for all keys: one row comparison, read from the index
            later = GreaterThan if directions == {False} else LessThan
            if backward:
                later = LessThan if later is GreaterThan else GreaterThan
            return later(Row(*[F(name) for name, _ in self.fields]), Row(*[Value(v) for v in values]))
        # Mixed directions: (a > x) OR (a = x AND b < y) OR ...
        q = Q(pk__in=[])
        for i, (name, desc) in enumerate(self.fields):
            step = Q(**{f"{name}__{'lt' if desc != backward else 'gt'}": values[i]})
            for (prev, _), value in zip(self.fields[:i], values[:i], strict=True):
                step &= Q(**{prev: value})
            q |= step
        return q


def _plain(value):
    """A key value as JSON: dates and the like by their ISO text (the field's to_python reads it back)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _page_number(raw):
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


class KeysetListMixin:
    """For a django-filter FilterView (or any MultipleObjectMixin view) with `paginate_by`: pages by key in the
    queryset's order (its order_by, else the model's ordering; the last key must be unique, the id).

    The total (`page_obj.paginator.count`, data-total): exact when the list is filtered (a figure's link always
    is: its period, town or status), so a figure opens a list of exactly its value; the unfiltered list counts at
    most COUNT_CAP rows and shows "10000+" beyond, so no request counts a million rows."""

    def paginate_queryset(self, queryset, page_size):
        order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        if not order or not all(isinstance(key, str) and "__" not in key for key in order):
            return super().paginate_queryset(queryset, page_size)  # ordered by an expression or a relation: OFFSET
        if is_filtered(self.request.GET):
            total, capped = queryset.order_by().count(), False
        else:
            total, capped = capped_count(queryset)
        page = KeysetPaginator(queryset, page_size, order).get_page(self.request.GET, total=total, capped=capped)
        return None, page, page.object_list, page.has_other_pages()


def is_filtered(params):
    """Whether a query string narrows the list (anything given a value besides the page)."""
    return any(v.strip() for k, values in params.lists() if k not in PAGE_PARAMS for v in values)
