"""Reads of participants: one person, the list and the search."""

import datetime as dt
import re
import uuid
from typing import Any

from django.core.paginator import Page
from django.db import models, transaction
from django.db.models import Q, QuerySet

from jobbtorg.core.audit import events as audit
from jobbtorg.core.paging import CappedPaginator
from jobbtorg.participants.models import (
    HomeDistrictChange,
    Participant,
    Stage,
)
from jobbtorg.participants.selectors.scope import (
    one_in_scope,
    participants_visible_to,
    referrals_visible_to,
)


def home_district_since(participant: Participant) -> dt.date | None:
    """The day the person's present home district applies from, when a move recorded it."""
    return (
        HomeDistrictChange.objects.filter(
            participant=participant, to_district_id=participant.home_district_id
        )
        .order_by("-moved_on", "-created_at")
        .values_list("moved_on", flat=True)
        .first()
    )


def stages_of(user: Any, participants: Any) -> dict[Any, str]:
    """Each listed person's stage in the case the user may see (the open one before others)."""
    stages: dict[Any, str] = {}
    cases = (
        referrals_visible_to(user)
        .filter(participant__in=[p.pk for p in participants])
        .order_by(models.Case(models.When(stage=Stage.EXITED, then=1), default=0), "-referred_at")
        .values_list("participant_id", "stage")
    )
    for participant_id, stage in cases:
        stages.setdefault(participant_id, str(Stage(stage).label))
    return stages


def participant_get(
    *,
    user: Any,
    participant_id: uuid.UUID | str,
    audit_context: audit.AuditContext | None = None,
) -> Participant:
    """One participant in the user's scope; 404 otherwise, so that existence is not revealed.
    With an audit context, the person is shown: the read is recorded (participant_viewed)."""
    participant: Participant = one_in_scope(participants_visible_to(user), participant_id)
    if audit_context is not None:
        audit.participant_viewed(audit_context, participant)
    return participant


def participant_for_display(
    *, user: Any, participant_id: uuid.UUID | str, audit_context: audit.AuditContext
) -> Participant:
    """One participant in the user's scope, shown on a page about them: the read is recorded
    (participant_viewed); 404 outside the scope, and nothing is written then."""
    with transaction.atomic():
        return participant_get(
            user=user, participant_id=participant_id, audit_context=audit_context
        )


def participant_shown(
    *, participant: Participant, audit_context: audit.AuditContext
) -> Participant:
    """A participant the page already read through the user's scope, now shown: the read is
    recorded (participant_viewed) without reading the person again."""
    with transaction.atomic():
        audit.participant_viewed(audit_context, participant)
    return participant


def participants_shown(
    *,
    user: Any,
    query: str,
    page_number: Any,
    page_size: int,
    audit_context: audit.AuditContext,
) -> Page:
    """One page of the participant list (the search, in the user's scope), each person with
    the stage of the case the user sees (`stage_label`); every person on the page is recorded
    in one read-audit entry (participants_listed)."""
    page = CappedPaginator(participant_search(user=user, query=query), page_size).get_page(
        page_number
    )
    stages = stages_of(user, page.object_list)
    for participant in page.object_list:
        participant.stage_label = stages.get(participant.pk, "")
    with transaction.atomic():
        audit.participants_listed(audit_context, page.object_list)
    return page


def participants_listed(
    *,
    user: Any,
    query: str,
    start: int,
    size: int,
    audit_context: audit.AuditContext,
) -> tuple[int, list[Participant]]:
    """How many people the search finds, and `size` of them from `start` (none past the
    end), shown: every person returned is recorded in one read-audit entry."""
    participants = participant_search(user=user, query=query)
    count = participants.count()
    page = list(participants[start : start + size]) if start < count else []
    with transaction.atomic():
        audit.participants_listed(audit_context, page)
    return count, page


def participant_search(*, user: Any, query: str = "") -> QuerySet[Participant]:
    """Search by name or personal identity number (any written form, or its start)."""
    participants = participants_visible_to(user)
    query = (query or "").strip()
    if not query:
        return participants
    digits = re.sub(r"[\s\-+]", "", query)
    if re.fullmatch(r"[0-9]+", digits):
        # Ten digits or fewer are matched without the century.
        return participants.filter(
            Q(personal_identity_number__startswith=digits)
            | Q(personal_identity_number__regex=rf"^[0-9]{{2}}{re.escape(digits)}")
        )
    condition = Q()
    for word in query.split():
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return participants.filter(condition)
