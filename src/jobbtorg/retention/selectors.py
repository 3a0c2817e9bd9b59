"""Every read of the culling: which records make up a person's case files, and the date of
the last entry in them.

`CASE_FILE` names every table that holds a person's data, with the way to the person and the
fields that date an entry: the dates of the domain (a planned end counts too: a plan to 2031
keeps the file until then), so that a case transferred from another system keeps its own
dates; a record's time of writing only where nothing else dates it. Listed leaves first: the
order in which the culling deletes. A test walks the models
and fails on a table that reaches a person and is not listed here, so a new table has to be
placed.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils import timezone

from jobbtorg.engines.rules.retention import CaseFileRetention, case_file_decision
from jobbtorg.matching.models import (
    FairInvitation,
    MatchingProfile,
    PlacementFollowUp,
    Proposal,
    ProposalEvent,
)
from jobbtorg.participants.models import (
    Assessment,
    CaseMessage,
    CaseSharingConsent,
    CoachAssignment,
    ConsentWithdrawalRequest,
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
    Stage,
)
from jobbtorg.plans.models import FollowUp, PlanActivity, PlanVersion
from jobbtorg.providers.models import ActivityParticipation, AttendanceRegister, ProviderReport
from jobbtorg.transfer.models import AssistanceMonth


@dataclass(frozen=True)
class Holding:
    """A table of case-file records: how a row reaches its person, and what dates it."""

    model: type[models.Model]
    person: str
    dated_by: tuple[str, ...]
    # Dates the person only when nothing else does (a person registered and never referred).
    fallback: bool = False

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower

    def of(self, people: Collection[Any]) -> models.QuerySet[Any]:
        return self.model.objects.filter(**{f"{self.person}__in": people})


_CASE = "referral__participant"
CASE_FILE: tuple[Holding, ...] = (
    Holding(FollowUp, "activity__plan__" + _CASE, ("done_on",)),
    Holding(PlanActivity, "plan__" + _CASE, ("start", "end")),
    Holding(PlanVersion, _CASE, ("start", "end", "drawn_up_on", "decided_at")),
    Holding(ProviderReport, "participation__" + _CASE, ("on", "seen_at")),
    Holding(AttendanceRegister, "participation__" + _CASE, ("day",)),
    Holding(
        ActivityParticipation,
        _CASE,
        ("planned_start", "planned_end", "started_on", "ended_on", "result_on"),
    ),
    Holding(PlacementFollowUp, "proposal__" + _CASE, ("due_on", "done_on")),
    Holding(ProposalEvent, "proposal__" + _CASE, ("created_at",)),
    Holding(Proposal, _CASE, ("interview_on", "decided_at", "created_at")),
    Holding(FairInvitation, _CASE, ("created_at",)),
    # Its work experience and languages go with it (they cascade).
    Holding(MatchingProfile, _CASE, ("updated_at",)),
    # Messages before their threads: the person's and the staff's, read or not.
    Holding(CaseMessage, "thread__" + _CASE, ("created_at", "read_at")),
    Holding(MessageThread, _CASE, ("created_at",)),
    Holding(IntakeSlot, _CASE, ("starts_at",)),
    Holding(FirstMeeting, _CASE, ("held_on",)),
    Holding(CoachAssignment, _CASE, ("assigned_from",)),
    Holding(Assessment, _CASE, ("updated_at",)),
    Holding(HealthEntry, _CASE, ("created_at",)),
    Holding(Interruption, _CASE, ("start", "end")),
    Holding(Exit, _CASE, ("date",)),
    Holding(LimitException, _CASE, ("until", "decided_at", "created_at")),
    Holding(CaseSharingConsent, _CASE, ("created_at", "withdrawn_at")),
    Holding(ConsentWithdrawalRequest, _CASE, ("created_at", "handled_at")),
    Holding(DistrictEvent, "participant", ("occurred_at", "handled_at")),
    Holding(HomeDistrictChange, "participant", ("moved_on",)),
    Holding(AssistanceMonth, "participant", ("month",)),
    Holding(Referral, "participant", ("referred_at", "enrolled_on", "af_registration_on")),
    # The registration: an import's day is not an entry about the person, their cases are.
    Holding(Participant, "pk", ("created_at",), fallback=True),
)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def last_entries(of_people: Collection[Any] | None = None) -> dict[Any, dt.date]:
    """The date of the last entry in each person's case files (all of them, or `of_people`):
    one grouped query per table."""
    last: dict[Any, dt.date] = {}
    for holding in sorted(CASE_FILE, key=lambda holding: holding.fallback):
        found = holding.model.objects.all() if of_people is None else holding.of(of_people)
        rows = (
            found.order_by()
            .values(holding.person)
            .annotate(**{f"last_{name}": Max(name) for name in holding.dated_by})
        )
        for row in rows:
            person = row.pop(holding.person)
            if person is None:  # a first-meeting time nobody booked
                continue
            if holding.fallback and person in last:
                continue
            for value in row.values():
                if value is None:
                    continue
                day = _as_date(value)
                if person not in last or day > last[person]:
                    last[person] = day
    return last


def birth_dates(of_people: Collection[Any] | None = None) -> dict[Any, dt.date]:
    found = (
        Participant.objects.all()
        if of_people is None
        else Participant.objects.filter(pk__in=of_people)
    )
    return dict(found.order_by().values_list("pk", "birth_date"))


def case_numbers(of_people: Collection[Any]) -> dict[Any, list[str]]:
    """Each person's cases by number (the referral's id), never by name."""
    numbers: dict[Any, list[str]] = {}
    for person, case in (
        Referral.objects.filter(participant__in=of_people)
        .order_by("referred_at")
        .values_list("participant_id", "pk")
    ):
        numbers.setdefault(person, []).append(str(case))
    return numbers


def counts_of_many(people: Collection[Any], chunk: int = 500) -> dict[str, int]:
    """Records per kind over many people's case files, a few queries per table."""
    people = list(people)
    counts: dict[str, int] = {}
    for holding in CASE_FILE:
        n = sum(
            holding.of(people[start : start + chunk]).count()
            for start in range(0, len(people), chunk)
        )
        if n:
            counts[holding.kind] = n
    return counts


def assistance_pool_last_months() -> dict[str, dt.date]:
    """For each person the districts report assistance for who is not a participant (the
    comparison pool): the latest month reported."""
    registered = Participant.objects.values("personal_identity_number")
    return dict(
        AssistanceMonth.objects.filter(participant__isnull=True)
        .exclude(personal_identity_number__in=registered)
        .order_by()
        .values("personal_identity_number")
        .annotate(last=Max("month"))
        .values_list("personal_identity_number", "last")
    )


def case_file_rule() -> CaseFileRetention:
    """The rule in force, from the settings (`JOBBTORG_RETENTION["case_files"]`)."""
    configured = settings.JOBBTORG_RETENTION["case_files"]
    return CaseFileRetention(
        years=configured["years"],
        research_birth_days=frozenset(configured["research_birth_days"]),
        keep_all=configured["keep_all"],
    )


def has_a_case_kept(participant: Participant, today: dt.date | None = None) -> bool:
    """Whether the person has a case here that is open, or closed and not yet due for culling:
    the one rule for who may sign in to their own pages (ADR 0005, point 3), the culling's own
    (`case_file_decision` on the last entry in the person's files)."""
    cases = Referral.objects.filter(participant=participant)
    if cases.exclude(stage=Stage.EXITED).exists():
        return True
    if not cases.exists():
        return False
    last_entry = last_entries([participant.pk]).get(participant.pk)
    if last_entry is None:
        return False
    decision = case_file_decision(
        last_entry=last_entry,
        birth_date=participant.birth_date,
        today=today or timezone.localdate(),
        rule=case_file_rule(),
    )
    return not decision.cull
