"""Pagination shared by the lists."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told how many rows there are: a list that already counted its filtered rows (by grade, by
    status) need not run a second COUNT(*) over the same set."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # shadows Paginator.count, a cached_property
