"""Reads of participants. Every one starts from `participants_visible_to`."""

import re
import uuid
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.organisation.selectors import district_ids_served_by
from jobbtorg.participants.models import HealthEntry, Participant, Referral


def participants_visible_to(user: Any) -> QuerySet[Participant]:
    """The participants this user may see: the one place that decides it.

    Staff of a Jobbtorg see the people referred to it and the people of the districts it serves
    today; a district officer sees the people of their district and those it referred. Provider
    staff see nobody until activities with providers exist; analysts and administrators never
    see personal data.
    """
    participants = Participant.objects.select_related("home_district")
    if user is None or not user.is_authenticated or not user.is_active:
        return participants.none()
    role = getattr(user, "role", "")
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        return participants.filter(
            Q(home_district_id__in=district_ids_served_by(user.job_centre_id))
            | Q(
                pk__in=Referral.objects.filter(job_centre_id=user.job_centre_id).values(
                    "participant_id"
                )
            )
        )
    if role == Role.DISTRICT_OFFICER and user.district_id:
        return participants.filter(
            Q(home_district_id=user.district_id)
            | Q(
                pk__in=Referral.objects.filter(district_id=user.district_id).values(
                    "participant_id"
                )
            )
        )
    return participants.none()


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    """Cases (referral to exit) of the people the user may see, at units the user works for."""
    referrals = Referral.objects.select_related(
        "participant",
        "participant__home_district",
        "district",
        "job_centre",
        "target_group",
        "coach",
    )
    if user is None or not user.is_authenticated or not user.is_active:
        return referrals.none()
    role = getattr(user, "role", "")
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        return referrals.filter(job_centre_id=user.job_centre_id)
    if role == Role.DISTRICT_OFFICER and user.district_id:
        return referrals.filter(
            Q(district_id=user.district_id) | Q(participant__home_district_id=user.district_id)
        )
    return referrals.none()


def health_entries_visible_to(user: Any) -> QuerySet[HealthEntry]:
    """Special category data: only the coach and the manager of the person's Jobbtorg."""
    role = getattr(user, "role", "")
    if role not in {Role.COACH, Role.MANAGER} or not user.is_active:
        return HealthEntry.objects.none()
    return HealthEntry.objects.filter(referral__job_centre_id=user.job_centre_id)


def current_referral(participant: Participant) -> Referral | None:
    """The open case, or else the latest one."""
    return (
        Referral.objects.filter(participant=participant)
        .select_related("job_centre", "district", "target_group", "coach")
        .order_by(models.Case(models.When(stage="exited", then=1), default=0), "-referred_at")
        .first()
    )


def referral_get(*, user: Any, referral_id: uuid.UUID | str) -> Referral:
    try:
        key = uuid.UUID(str(referral_id))
    except ValueError:
        raise Http404 from None
    referral = referrals_visible_to(user).filter(pk=key).first()
    if referral is None:
        raise Http404
    return referral


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
