"""Reads of case sharing: the consents recorded and what a consent shares."""

from typing import Any

from django.db.models import QuerySet

from jobbtorg.participants.models import (
    CaseSharingConsent,
    Referral,
    SharedPart,
)
from jobbtorg.participants.selectors.scope import _shared_with, holds_case


def shared_parts_for(user: Any, cases: list[Referral]) -> dict[Any, str]:
    """For each listed case that the user sees only through a consent: what was shared (the
    widest part when there are several consents)."""
    seen_through_consent = [c.pk for c in cases if not holds_case(user, c)]
    parts: dict[Any, str] = {}
    if not seen_through_consent:
        return parts
    for referral_id, part in (
        _shared_with(user)
        .filter(referral_id__in=seen_through_consent)
        .values_list("referral_id", "shared_part")
    ):
        if parts.get(referral_id) != SharedPart.CASE_FILE:
            parts[referral_id] = part
    return parts


def sharing_consents_of(cases: list[Referral]) -> QuerySet[CaseSharingConsent]:
    """The consents recorded for these cases (call with the user's own unit's cases), newest
    first, withdrawn ones too: the person's page shows them as history."""
    return (
        CaseSharingConsent.objects.filter(referral__in=[c.pk for c in cases])
        .select_related("job_centre", "district", "referral", "recorded_by")
        .order_by("-created_at")
    )
