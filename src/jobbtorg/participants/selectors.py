"""Reads of participants. Every one starts from `participants_visible_to`."""

import re
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.organisation.selectors import district_ids_served_by
from jobbtorg.participants.models import Participant


def participants_visible_to(user: Any) -> QuerySet[Participant]:
    """The participants this user may see: the one place that decides it.

    Staff of a Jobbtorg see the people of the districts it serves today; a district officer sees
    the people of their district. Provider staff see nobody until activities exist; analysts and
    administrators never see personal data.
    """
    participants = Participant.objects.select_related("home_district")
    if user is None or not user.is_authenticated or not user.is_active:
        return participants.none()
    role = getattr(user, "role", "")
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        return participants.filter(home_district_id__in=district_ids_served_by(user.job_centre_id))
    if role == Role.DISTRICT_OFFICER and user.district_id:
        return participants.filter(home_district_id=user.district_id)
    return participants.none()


def participant_get(*, user: Any, participant_id: uuid.UUID | str) -> Participant:
    """One participant in the user's scope; 404 otherwise, so that existence is not revealed."""
    try:
        key = uuid.UUID(str(participant_id))
    except ValueError:
        raise Http404 from None
    participant = participants_visible_to(user).filter(pk=key).first()
    if participant is None:
        raise Http404
    return participant


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


def audit_entries_for(participant: Participant) -> "QuerySet[AuditEntry]":
    """The loggutdrag: every entry about one person, newest first. Call only for a participant
    fetched through `participant_get`."""
    return AuditEntry.objects.filter(participant=participant).order_by("-occurred_at", "-id")
