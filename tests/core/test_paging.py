"""A long list counts its rows up to a limit (core/paging.py): the count, whether it stopped,
and the pages, for a queryset and for a list alike."""

import pytest
from django.core.paginator import EmptyPage
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.core.paging import CappedPaginator, CountedPaginator
from jobbtorg.organisation.models import District


@pytest.mark.parametrize(
    ("rows", "limit", "count", "capped", "pages"),
    [
        (0, 10, 0, False, 1),
        (9, 10, 9, False, 3),
        (10, 10, 10, False, 4),
        (11, 10, 10, True, 4),
        (1000, 10, 10, True, 4),
        (5, 0, 0, True, 1),
    ],
)
def test_a_list_is_counted_up_to_its_limit(rows, limit, count, capped, pages):
    paginator = CappedPaginator(list(range(rows)), 3, limit=limit)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (count, capped, pages)


@given(
    rows=st.integers(min_value=0, max_value=300),
    limit=st.integers(min_value=1, max_value=120),
    per_page=st.integers(min_value=1, max_value=40),
)
def test_the_pages_hold_the_first_rows_up_to_the_limit_each_once(rows, limit, per_page):
    paginator = CappedPaginator(list(range(rows)), per_page, limit=limit)
    shown = [row for n in paginator.page_range for row in paginator.page(n).object_list]
    assert shown == list(range(min(rows, limit)))
    assert paginator.capped == (rows > limit)


@pytest.mark.django_db
def test_a_queryset_is_counted_in_one_query_that_stops_past_the_limit(
    django_assert_num_queries, settings
):
    settings.JOBBTORG_LIST_COUNT_LIMIT = 2
    districts = District.objects.order_by("name")
    assert districts.count() > 3  # the districts of the city, loaded by the migrations
    paginator = CappedPaginator(districts, 1)
    with django_assert_num_queries(1) as captured:
        assert (paginator.count, paginator.capped) == (2, True)
    assert "LIMIT 3" in captured.captured_queries[0]["sql"]
    assert [d.pk for d in paginator.page(2).object_list] == [list(districts)[1].pk]
    with pytest.raises(EmptyPage):
        paginator.page(3)


@pytest.mark.django_db
def test_a_paginator_given_its_count_reads_only_the_page(django_assert_num_queries):
    districts = District.objects.order_by("name")
    fifth = list(District.objects.order_by("name"))[4]
    paginator = CountedPaginator(districts, 2, count=5)
    with django_assert_num_queries(1):
        page = paginator.page(3)
        assert [d.pk for d in page.object_list] == [fifth.pk]
    assert (paginator.count, paginator.num_pages) == (5, 3)
