"""A page of a long list whose count stops at a limit.

A Jobbtorg-wide list at city scale (a manager's to-dos: 24,000 at 50,000 people; a coach's
search over 14,000 people) cost PostgreSQL more to count (20-40 ms, the whole join) than to
page (the first rows by an index). Nobody pages through a thousand rows: they narrow the
search or work from the top. So such a list counts its rows up to a limit, says "more than"
past it, and pages through the first `limit` rows only.
"""

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """A `Paginator` that counts at most `limit` rows (JOBBTORG_LIST_COUNT_LIMIT): past it,
    `count` is `limit`, `capped` is true and the pages end at the `limit`th row."""

    def __init__(self, object_list: Any, per_page: int, limit: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.limit = limit if limit is not None else settings.JOBBTORG_LIST_COUNT_LIMIT

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            # One row past the limit says whether there are more; the order changes no count.
            return int(rows.order_by()[: self.limit + 1].count())
        return len(rows)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.limit


class CountedPaginator(Paginator):
    """A `Paginator` whose count the caller has read already (with other counts of the same
    rows, in one query)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # what the `count` cached_property would hold
