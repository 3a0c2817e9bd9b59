"""Who may see what: the user's unit, and every *_visible_to scope."""

import uuid
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from jobbtorg.core.roles import CASE_WORKERS, JOB_CENTRE_ROLES, Role, scope_role
from jobbtorg.organisation.selectors import district_ids_served_by
from jobbtorg.participants.models import (
    Assessment,
    CaseSharingConsent,
    CoachAssignment,
    DistrictEvent,
    Exit,
    FirstMeeting,
    HealthEntry,
    HomeDistrictChange,
    IntakeSlot,
    Interruption,
    LimitException,
    MessageThread,
    Participant,
    Referral,
    SharedPart,
)


def _own_unit(user: Any) -> dict[str, int] | None:
    """The user's unit as a filter on a case or a consent (both name `job_centre` and
    `district`): a Jobbtorg's staff, their Jobbtorg; an officer, their district."""
    role = scope_role(user)
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        return {"job_centre_id": user.job_centre_id}
    if role == Role.DISTRICT_OFFICER and user.district_id:
        return {"district_id": user.district_id}
    return None


def _shared_with(user: Any) -> QuerySet[CaseSharingConsent]:
    """The consents in force that share a case with the user's unit."""
    unit = _own_unit(user)
    if unit is None:
        return CaseSharingConsent.objects.none()
    return CaseSharingConsent.objects.filter(withdrawn_at__isnull=True, **unit)


def participants_visible_to(user: Any) -> QuerySet[Participant]:
    """The participants this user may see: the one place that decides it.

    Staff of a Jobbtorg see the people referred to it and the people of the districts it serves
    today; a district officer sees the people of their district and those it referred; a unit a
    case is shared with (the person's recorded consent) sees that person too. Seeing a person
    is seeing their identity: which of their cases a user sees is `referrals_visible_to`.
    Provider staff see nobody through these pages; analysts and administrators never see
    personal data.
    """
    participants = Participant.objects.select_related("home_district")
    role = scope_role(user)
    # EXISTS rather than IN: for one person (their page) the database looks up their own cases
    # by index; IN made it hash every case of the unit first, a cost growing with the city.
    shared = Exists(
        Referral.objects.filter(
            participant_id=OuterRef("pk"),
            pk__in=_shared_with(user).values("referral_id"),
        )
    )
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        referred_here = Exists(
            Referral.objects.filter(participant_id=OuterRef("pk"), job_centre_id=user.job_centre_id)
        )
        return participants.filter(
            Q(home_district_id__in=district_ids_served_by(user.job_centre_id))
            | referred_here
            | shared
        )
    if role == Role.DISTRICT_OFFICER and user.district_id:
        referred_by_district = Exists(
            Referral.objects.filter(participant_id=OuterRef("pk"), district_id=user.district_id)
        )
        return participants.filter(
            Q(home_district_id=user.district_id) | referred_by_district | shared
        )
    return participants.none()


def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related(
        "participant",
        "participant__home_district",
        "district",
        "job_centre",
        "target_group",
        "coach",
    )


def referrals_held_by(user: Any) -> QuerySet[Referral]:
    """The cases of the user's own unit: a Jobbtorg's staff, the cases at that Jobbtorg; a
    district officer, the cases the district referred. Never another unit's case, whoever the
    person's home district is now (a referral does not open another unit's case file)."""
    unit = _own_unit(user)
    if unit is None:
        return Referral.objects.none()
    return _referrals().filter(**unit)


def holds_case(user: Any, referral: Referral) -> bool:
    """Whether the case, already read, is one of the user's own unit's: the rule of
    `referrals_held_by` without a query, for a page that has the case in hand."""
    unit = _own_unit(user)
    return unit is not None and all(getattr(referral, key) == value for key, value in unit.items())


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    """The cases the user may read: their own unit's, and another unit's case only where the
    person's consent to share it with the user's unit is recorded (`CaseSharingConsent`)."""
    unit = _own_unit(user)
    if unit is None:
        return Referral.objects.none()
    # The unit's own cases (`referrals_held_by`) as a condition on the case itself: as a
    # subquery the database hashed every case of the unit to read one.
    return _referrals().filter(Q(**unit) | Q(pk__in=_shared_with(user).values("referral_id")))


def health_entries_visible_to(user: Any) -> QuerySet[HealthEntry]:
    """Special category data: only the coach and the manager of the person's Jobbtorg."""
    if scope_role(user) not in CASE_WORKERS:
        return HealthEntry.objects.none()
    return HealthEntry.objects.filter(referral__job_centre_id=user.job_centre_id)


def district_events_visible_to(user: Any) -> QuerySet[DistrictEvent]:
    """The events an officer reads (the inbox, the events feed): those of the district's own
    cases, and the moves away of people it knew (those name the new district, never the new
    case). Nobody else reads a district's events."""
    if scope_role(user) != Role.DISTRICT_OFFICER or not user.district_id:
        return DistrictEvent.objects.none()
    return DistrictEvent.objects.filter(
        Q(referral__in=referrals_held_by(user)) | Q(referral__isnull=True, kind="moved_away"),
        district_id=user.district_id,
    )


def limit_exceptions_visible_to(user: Any) -> QuerySet[LimitException]:
    """Exceptions to the 18-month limit of the cases the user may read."""
    return LimitException.objects.filter(referral__in=referrals_visible_to(user))


def interruptions_visible_to(user: Any) -> QuerySet[Interruption]:
    """Interruptions of the cases the user may read."""
    return Interruption.objects.filter(referral__in=referrals_visible_to(user))


def exits_visible_to(user: Any) -> QuerySet[Exit]:
    """Exits of the cases the user may read."""
    return Exit.objects.filter(referral__in=referrals_visible_to(user))


def first_meetings_visible_to(user: Any) -> QuerySet[FirstMeeting]:
    """First meetings (held or missed) of the cases the user may read."""
    return FirstMeeting.objects.filter(referral__in=referrals_visible_to(user))


def coach_assignments_visible_to(user: Any) -> QuerySet[CoachAssignment]:
    """Who has been the personal coach, in the cases the user may read."""
    return CoachAssignment.objects.filter(referral__in=referrals_visible_to(user))


def assessments_visible_to(user: Any) -> QuerySet[Assessment]:
    """The assessment is the Jobbtorg's working material: its staff, for the cases it holds."""
    if scope_role(user) not in JOB_CENTRE_ROLES or not user.job_centre_id:
        return Assessment.objects.none()
    return Assessment.objects.filter(referral__job_centre_id=user.job_centre_id)


def intake_slots_visible_to(user: Any) -> QuerySet[IntakeSlot]:
    """The intake times of the user's Jobbtorg. A booked time names its person: show that only
    for a case in `referrals_visible_to`."""
    if scope_role(user) not in JOB_CENTRE_ROLES or not user.job_centre_id:
        return IntakeSlot.objects.none()
    return IntakeSlot.objects.filter(job_centre_id=user.job_centre_id)


def home_district_changes_visible_to(user: Any) -> QuerySet[HomeDistrictChange]:
    """Moves between districts of the people the user may see."""
    return HomeDistrictChange.objects.filter(participant__in=participants_visible_to(user))


def case_sharing_consents_visible_to(user: Any) -> QuerySet[CaseSharingConsent]:
    """Consents recorded for the cases of the user's own unit, and those in force that share a
    case with it."""
    return CaseSharingConsent.objects.filter(
        Q(referral__in=referrals_held_by(user)) | Q(pk__in=_shared_with(user).values("pk"))
    )


def message_threads_visible_to(user: Any) -> QuerySet[MessageThread]:
    """The messages of the cases the user may read: their own unit's cases, and another unit's
    case shared with the user's unit as a whole case file. A case shared for its plans and exit
    only does not open its messages (they are part of the case file)."""
    unit = _own_unit(user)
    if unit is None:
        return MessageThread.objects.none()
    own = Q(**{f"referral__{key}": value for key, value in unit.items()})
    shared = Q(
        referral_id__in=_shared_with(user)
        .filter(shared_part=SharedPart.CASE_FILE)
        .values("referral_id")
    )
    return MessageThread.objects.filter(own | shared)


def message_threads_visible_to_participant(participant: Any) -> QuerySet[MessageThread]:
    """The person's own threads: those of their own cases, never another person's."""
    if participant is None or participant.pk is None:
        return MessageThread.objects.none()
    return MessageThread.objects.filter(referral__participant_id=participant.pk)


def one_in_scope(queryset: QuerySet[Any], key: uuid.UUID | str) -> Any:
    """The object with primary key `key` in a scoped queryset; 404 otherwise (a malformed key
    too), so that existence is not revealed."""
    try:
        pk = uuid.UUID(str(key))
    except ValueError:
        raise Http404 from None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
