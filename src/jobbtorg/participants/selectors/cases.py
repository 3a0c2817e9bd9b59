"""Reads of cases (referrals): a person's cases, the current one, a caseload, its end."""

import datetime as dt
import uuid
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from jobbtorg.core.roles import Role
from jobbtorg.engines.rules import deadlines
from jobbtorg.participants.models import (
    Interruption,
    LimitException,
    Participant,
    Referral,
    Stage,
)
from jobbtorg.participants.selectors.scope import (
    one_in_scope,
    referrals_held_by,
    referrals_visible_to,
)


def latest_case(participant: Participant) -> Referral | None:
    """The person's current case: the open one, or else the latest (whoever holds it)."""
    return (
        Referral.objects.filter(participant=participant)
        .order_by(models.Case(models.When(stage="exited", then=1), default=0), "-referred_at")
        .first()
    )


def cases_of(user: Any, participant: Participant) -> QuerySet[Referral]:
    """The person's cases that the user may see, the open one first, then newest first."""
    return (
        referrals_visible_to(user)
        .filter(participant=participant)
        .order_by(models.Case(models.When(stage=Stage.EXITED, then=1), default=0), "-referred_at")
    )


def open_case_of(user: Any, participant: Participant) -> Referral | None:
    return cases_of(user, participant).exclude(stage=Stage.EXITED).first()


def current_referral(participant: Participant, *, visible_to: Any = None) -> Referral | None:
    """The open case, or else the latest one; only among those the user may see, if given."""
    cases = referrals_visible_to(visible_to) if visible_to is not None else Referral.objects.all()
    return (
        cases.filter(participant=participant)
        .select_related("job_centre", "district", "target_group", "coach")
        .order_by(models.Case(models.When(stage="exited", then=1), default=0), "-referred_at")
        .first()
    )


def referral_get(*, user: Any, referral_id: uuid.UUID | str) -> Referral:
    return one_in_scope(referrals_visible_to(user), referral_id)  # type: ignore[no-any-return]


def participation_end_of(referral: Referral, today: dt.date | None = None) -> dt.date | None:
    """The last day of the case's participation (R13, R17): the 18 months from enrolment, moved
    by its interruptions, or the latest approved exception when later. None unless enrolled.
    The same engine rule as the case's deadlines (`plans.deadlines.case_deadlines`), for the
    pages and services here that need only the end."""
    today = today or timezone.localdate()
    if referral.stage != Stage.ENROLLED or referral.enrolled_on is None:
        return None
    interruptions = [
        deadlines.Interruption(start=start, end=end)
        for start, end in Interruption.objects.filter(referral_id=referral.pk).values_list(
            "start", "end"
        )
    ]
    extended = list(
        LimitException.objects.filter(referral_id=referral.pk, approved=True).values_list(
            "until", flat=True
        )
    )
    return deadlines.participation_end(
        referral.enrolled_on, interruptions, extended_until=extended, as_of=today
    )


def enrolled_referrals_for(user: Any) -> QuerySet[Referral]:
    """A coach's own caseload; for a manager, the whole Jobbtorg's."""
    referrals = referrals_held_by(user).exclude(stage=Stage.EXITED)
    if getattr(user, "role", "") == Role.COACH:
        return referrals.filter(coach=user)
    return referrals
