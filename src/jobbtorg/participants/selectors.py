"""Reads of participants. Every one starts from `participants_visible_to`."""

import datetime as dt
import re
import uuid
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.roles import CASE_WORKERS, JOB_CENTRE_ROLES, Role, scope_role
from jobbtorg.engines.rules import deadlines
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
    Participant,
    Referral,
    SharedPart,
    Stage,
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
    shared = Q(
        pk__in=Referral.objects.filter(pk__in=_shared_with(user).values("referral_id")).values(
            "participant_id"
        )
    )
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        return participants.filter(
            Q(home_district_id__in=district_ids_served_by(user.job_centre_id))
            | Q(
                pk__in=Referral.objects.filter(job_centre_id=user.job_centre_id).values(
                    "participant_id"
                )
            )
            | shared
        )
    if role == Role.DISTRICT_OFFICER and user.district_id:
        return participants.filter(
            Q(home_district_id=user.district_id)
            | Q(
                pk__in=Referral.objects.filter(district_id=user.district_id).values(
                    "participant_id"
                )
            )
            | shared
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


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    """The cases the user may read: their own unit's, and another unit's case only where the
    person's consent to share it with the user's unit is recorded (`CaseSharingConsent`)."""
    return _referrals().filter(
        Q(pk__in=referrals_held_by(user).values("pk"))
        | Q(pk__in=_shared_with(user).values("referral_id"))
    )


def shared_parts_for(user: Any, cases: list[Referral]) -> dict[Any, str]:
    """For each listed case that the user sees only through a consent: what was shared (the
    widest part when there are several consents)."""
    held = set(
        referrals_held_by(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True)
    )
    parts: dict[Any, str] = {}
    for referral_id, part in (
        _shared_with(user)
        .filter(referral_id__in=[c.pk for c in cases if c.pk not in held])
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


def latest_case(participant: Participant) -> Referral | None:
    """The person's current case: the open one, or else the latest (whoever holds it)."""
    return (
        Referral.objects.filter(participant=participant)
        .order_by(models.Case(models.When(stage="exited", then=1), default=0), "-referred_at")
        .first()
    )


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


def cases_of(user: Any, participant: Participant) -> QuerySet[Referral]:
    """The person's cases that the user may see, the open one first, then newest first."""
    return (
        referrals_visible_to(user)
        .filter(participant=participant)
        .order_by(models.Case(models.When(stage=Stage.EXITED, then=1), default=0), "-referred_at")
    )


def open_case_of(user: Any, participant: Participant) -> Referral | None:
    return cases_of(user, participant).exclude(stage=Stage.EXITED).first()


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


def current_referral(participant: Participant, *, visible_to: Any = None) -> Referral | None:
    """The open case, or else the latest one; only among those the user may see, if given."""
    cases = referrals_visible_to(visible_to) if visible_to is not None else Referral.objects.all()
    return (
        cases.filter(participant=participant)
        .select_related("job_centre", "district", "target_group", "coach")
        .order_by(models.Case(models.When(stage="exited", then=1), default=0), "-referred_at")
        .first()
    )


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


def referral_get(*, user: Any, referral_id: uuid.UUID | str) -> Referral:
    return one_in_scope(referrals_visible_to(user), referral_id)  # type: ignore[no-any-return]


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
    page = Paginator(participant_search(user=user, query=query), page_size).get_page(page_number)
    stages = stages_of(user, page.object_list)
    for participant in page.object_list:
        participant.stage_label = stages.get(participant.pk, "")
    with transaction.atomic():
        audit.participants_listed(audit_context, page.object_list)
    return page


def assessment_for_display(
    *,
    user: Any,
    participant: Participant,
    case: Referral | None,
    with_health: bool,
    audit_context: audit.AuditContext,
) -> Assessment | None:
    """The case's assessment shown on the assessment page, and the read recorded in one
    transaction: the assessment (assessment_viewed), or the person when there is none yet
    (participant_viewed); and, with `with_health` (the view asked `can_see_health`), the
    health-related entries (health_entries_viewed). Call with one of the person's cases from
    `cases_of`."""
    participant = one_in_scope(participants_visible_to(user), participant.pk)
    current = getattr(case, "assessment", None) if case is not None else None
    with transaction.atomic():
        if current is not None:
            audit.assessment_viewed(audit_context, current)
        else:
            audit.participant_viewed(audit_context, participant)
        if case is not None and with_health:
            audit.health_entries_viewed(audit_context, case)
    return current


def inbox_events_shown(
    *, user: Any, page_number: Any, page_size: int, audit_context: audit.AuditContext
) -> Page:
    """One page of the district's inbox, the unhandled events first, then newest first; every
    person the page names is recorded in one read-audit entry (participants_listed)."""
    events = (
        district_events_visible_to(user)
        .select_related("participant", "referral__job_centre", "handled_by")
        .order_by(
            models.Case(models.When(handled_at__isnull=True, then=0), default=1),
            "-occurred_at",
            "-id",
        )
    )
    page = Paginator(events, page_size).get_page(page_number)
    with transaction.atomic():
        audit.participants_listed(audit_context, {event.participant for event in page.object_list})
    return page


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


def audit_extract_shown(
    *, participant: Participant, audit_context: audit.AuditContext
) -> "QuerySet[AuditEntry]":
    """The audit extract of one person as a page shows it, newest first; pulling it is recorded
    first (audit_extract_viewed), so the extract shows its own entry. Call only for a
    participant fetched through `participant_get` and allowed by `can_pull_audit_extract`."""
    audit.audit_extract_viewed(audit_context, participant)
    return audit_entries_for(participant)


def audit_extract_exported(
    *, participant: Participant, audit_context: audit.AuditContext
) -> "QuerySet[AuditEntry]":
    """The audit extract of one person as it is exported (the CSV); the export is recorded
    first (audit_extract_exported, on the context's channel). Same conditions as
    `audit_extract_shown`."""
    audit.audit_extract_exported(audit_context, participant)
    return audit_entries_for(participant)


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
