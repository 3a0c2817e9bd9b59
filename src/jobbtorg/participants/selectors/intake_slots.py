"""Reads of intake times: the free ones, a case's booked one, and the page of them."""

import datetime as dt
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.core.roles import Role
from jobbtorg.participants.models import (
    IntakeSlot,
    Referral,
)
from jobbtorg.participants.selectors.scope import intake_slots_visible_to, referrals_visible_to


def has_future_slot(referral: Referral, now: dt.datetime | None = None) -> bool:
    """Whether the referral has a first meeting booked ahead (a past, unrecorded time does not
    count: the service books a new one in its place)."""
    slot = getattr(referral, "first_meeting_slot", None)
    return slot is not None and slot.starts_at >= (now or timezone.now())


def earliest_free_slot(job_centre_id: int) -> IntakeSlot | None:
    """The intake time a booking would take now (free times name nobody)."""
    return (
        IntakeSlot.objects.filter(
            job_centre_id=job_centre_id, referral__isnull=True, starts_at__gte=timezone.now()
        )
        .select_related("coach")
        .order_by("starts_at")
        .first()
    )


def intake_slots_shown(
    *, user: Any, page_number: Any, page_size: int, audit_context: audit.AuditContext
) -> tuple[Page, list[dict[str, Any]]]:
    """One page of the Jobbtorg's intake times from an hour ago on (a coach's own only), each
    row with its booked case when the user may see that case; the people the page names are
    recorded in one write (participants_listed)."""
    slots = intake_slots_visible_to(user).filter(
        starts_at__gte=timezone.now() - dt.timedelta(hours=1)
    )
    if getattr(user, "role", "") == Role.COACH:
        slots = slots.filter(coach=user)
    page = Paginator(slots.select_related("coach").order_by("starts_at"), page_size).get_page(
        page_number
    )
    # A booked time names its person: only cases the user may see, and the look is logged.
    visible = {
        r.pk: r
        for r in referrals_visible_to(user).filter(
            pk__in=[s.referral_id for s in page.object_list if s.referral_id]
        )
    }
    rows = [{"slot": s, "case": visible.get(s.referral_id)} for s in page.object_list]
    with transaction.atomic():
        audit.participants_listed(
            audit_context, {row["case"].participant for row in rows if row["case"]}
        )
    return page, rows
