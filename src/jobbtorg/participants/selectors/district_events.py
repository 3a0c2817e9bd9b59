"""Reads of district events: the officer's inbox and the district's feed."""

import datetime as dt
from typing import Any

from django.core.paginator import Page
from django.db import models, transaction
from django.db.models import Q

from jobbtorg.core.audit import events as audit
from jobbtorg.core.paging import CountedPaginator
from jobbtorg.participants.models import (
    DistrictEvent,
)
from jobbtorg.participants.selectors.scope import district_events_visible_to


def inbox_events_shown(
    *, user: Any, page_number: Any, page_size: int, audit_context: audit.AuditContext
) -> tuple[Page, int]:
    """One page of the district's inbox, the unhandled events first, then newest first, and
    how many are unhandled; every person the page names is recorded in one read-audit entry
    (participants_listed)."""
    visible = district_events_visible_to(user)
    # Both counts in one pass over the district's events (two cost twice, 4 ms each at
    # 50,000 people).
    counts = visible.aggregate(
        total=models.Count("pk"), unhandled=models.Count("pk", filter=Q(handled_at__isnull=True))
    )
    events = visible.select_related("participant", "referral__job_centre", "handled_by").order_by(
        models.Case(models.When(handled_at__isnull=True, then=0), default=1),
        "-occurred_at",
        "-id",
    )
    page = CountedPaginator(events, page_size, count=counts["total"]).get_page(page_number)
    with transaction.atomic():
        audit.participants_listed(audit_context, {event.participant for event in page.object_list})
    return page, counts["unhandled"]


def unhandled_counts_by_kind(user: Any) -> dict[str, int]:
    """How many of the district's events await handling, per kind (counts only: no one is
    named, nothing to audit); empty for anyone who reads no district's events."""
    return dict(
        district_events_visible_to(user)
        .filter(handled_at__isnull=True)
        .values_list("kind")
        .annotate(n=models.Count("pk"))
        .order_by()
    )


def district_events_shown(
    *,
    user: Any,
    audit_context: audit.AuditContext,
    since: dt.datetime | None = None,
    limit: int = 500,
) -> list[DistrictEvent]:
    """The district's events oldest first (after `since`), as its system reads them; the read
    is recorded in one entry (district_events_read)."""
    events = district_events_visible_to(user).select_related("participant", "referral__job_centre")
    if since is not None:
        events = events.filter(occurred_at__gt=since)
    page = list(events.order_by("occurred_at", "id")[:limit])
    audit.district_events_read(audit_context, page)
    return page
