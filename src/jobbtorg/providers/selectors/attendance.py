"""Reads of daily attendance (R15): the participations that expect attendance, their facts for
the attendance engine, and the lists and flags shown to the provider and the coach. The flags
and lists for display write their read-audit entry (an attendance list).

Reads are made for a whole set of participations at once: the participations, their registers
and their cases' interruptions in three queries, however many people and days."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.engines.rules import attendance as engine
from jobbtorg.engines.rules.deadlines import Interruption as EngineInterruption
from jobbtorg.participants.models import Interruption
from jobbtorg.participants.selectors import enrolled_referrals_for
from jobbtorg.providers.models import (
    ActivityParticipation,
    AttendanceRegister,
    Offering,
    ParticipationStatus,
)
from jobbtorg.providers.permissions import can_use_attendance_lists
from jobbtorg.providers.selectors.participations import participations_visible_to

# Attendance is expected while placed (from the planned start) or taking part; an activity that
# has ended still has its last days reviewed for this long (registers may still be missing).
EXPECTING_STATUSES = (ParticipationStatus.PLACED, ParticipationStatus.STARTED)
ENDED_STATUSES = (ParticipationStatus.COMPLETED, ParticipationStatus.BROKEN_OFF)
REVIEW_DAYS_AFTER_END = 31


# The adapter


def attendance_participations(today: dt.date) -> QuerySet[ActivityParticipation]:
    """Participations in offerings whose activity type takes daily attendance, that expect
    attendance now or did until recently."""
    recently = today - dt.timedelta(days=REVIEW_DAYS_AFTER_END)
    return ActivityParticipation.objects.filter(
        offering__activity_type__daily_attendance=True
    ).filter(
        Q(status__in=EXPECTING_STATUSES) | Q(status__in=ENDED_STATUSES, ended_on__gte=recently)
    )


def facts_for(
    participation: ActivityParticipation,
    registers: Sequence[AttendanceRegister],
    interruptions: Sequence[Interruption],
) -> engine.AttendanceFacts | None:
    """The engine's facts for one participation; None when no attendance is expected at all
    (waiting, never started, or an activity type without daily attendance).

    Expected from the reported start, or, while still only placed, from the planned start (so
    a start never reported cannot hide missing registers), to the reported end or the planned
    end; on the offering's weekdays; not while the case is interrupted (R17)."""
    if not participation.offering.activity_type.daily_attendance:
        return None
    status = participation.status
    if status == ParticipationStatus.PLACED:
        start = participation.planned_start
    elif status in (ParticipationStatus.STARTED, *ENDED_STATUSES) and participation.started_on:
        start = participation.started_on
    else:
        return None
    end = participation.ended_on or participation.planned_end
    return engine.AttendanceFacts(
        start=start,
        end=end,
        weekdays=frozenset(int(day) for day in participation.offering.weekdays),
        registers=tuple(
            engine.Register(
                day=r.day, status=engine.AttendanceStatus(r.status), reason=r.reason or None
            )
            for r in registers
        ),
        interruptions=tuple(EngineInterruption(start=i.start, end=i.end) for i in interruptions),
    )


@dataclass
class Attendance:
    """One participation with its registers (by day), its facts and its review as of a day."""

    participation: ActivityParticipation
    registers: dict[dt.date, AttendanceRegister]
    facts: engine.AttendanceFacts | None
    review: engine.AttendanceReview | None

    @property
    def missing(self) -> tuple[dt.date, ...]:
        return self.review.missing if self.review else ()

    def is_expected(self, day: dt.date) -> bool:
        return self.facts is not None and engine.is_expected(self.facts, day)


def attendance_of(
    participations: Iterable[ActivityParticipation], today: dt.date
) -> list[Attendance]:
    """Facts and reviews for many participations: two queries beyond the participations."""
    participations = list(participations)
    registers: dict[Any, list[AttendanceRegister]] = defaultdict(list)
    for register in AttendanceRegister.objects.filter(
        participation__in=[p.pk for p in participations]
    ).order_by("day"):
        registers[register.participation_id].append(register)
    interruptions: dict[Any, list[Interruption]] = defaultdict(list)
    for interruption in Interruption.objects.filter(
        referral__in={p.referral_id for p in participations}
    ):
        interruptions[interruption.referral_id].append(interruption)
    found = []
    for participation in participations:
        own = registers[participation.pk]
        facts = facts_for(participation, own, interruptions[participation.referral_id])
        found.append(
            Attendance(
                participation=participation,
                registers={r.day: r for r in own},
                facts=facts,
                review=engine.review_attendance(facts, today) if facts else None,
            )
        )
    return found


def with_related(
    participations: QuerySet[ActivityParticipation],
) -> QuerySet[ActivityParticipation]:
    return participations.select_related(
        "referral__participant",
        "referral__coach",
        "offering__provider",
        "offering__activity_type",
        "offering__location",
    ).order_by(
        "offering__activity_type__name_sv",
        "offering__location__name",
        "referral__participant__last_name",
        "referral__participant__first_name",
    )


def attendance_for_provider(
    user: Any, today: dt.date, *, offering_id: Any = None
) -> list[Attendance]:
    """The attendance of the people the provider staff member sees (their provider's only),
    of one offering when `offering_id` is given."""
    if not can_use_attendance_lists(user):
        return []
    visible = participations_visible_to(user).filter(
        pk__in=attendance_participations(today).values("pk")
    )
    if offering_id is not None:
        visible = visible.filter(offering_id=offering_id)
    return attendance_of(with_related(visible), today)


def attendance_for_caseload(user: Any, today: dt.date) -> list[Attendance]:
    """The attendance of a coach's caseload (a manager's: the whole Jobbtorg's)."""
    participations = attendance_participations(today).filter(
        referral__in=enrolled_referrals_for(user)
    )
    return attendance_of(with_related(participations), today)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class BacklogWeek:
    """One activity's missing registers in one week: how many people and registers (days)."""

    offering: Offering
    monday: dt.date
    people: int
    registers: int

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def week(self) -> str:
        """The week as the address gives it: ISO 8601, "2026-W49"."""
        year, number, _weekday = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]


def attendance_backlog(attendance: Iterable[Attendance]) -> list[BacklogWeek]:
    """The missing registers per activity (offering) and week, the latest week first: one row
    to fill in each, instead of one link per day."""
    people: dict[tuple[Any, dt.date], set[Any]] = defaultdict(set)
    registers: dict[tuple[Any, dt.date], int] = defaultdict(int)
    offerings: dict[Any, Offering] = {}
    for item in attendance:
        offering = item.participation.offering
        offerings[offering.pk] = offering
        for day in item.missing:
            key = (offering.pk, monday_of(day))
            people[key].add(item.participation.pk)
            registers[key] += 1
    rows = [
        BacklogWeek(offerings[pk], monday, len(people[(pk, monday)]), registers[(pk, monday)])
        for pk, monday in registers
    ]
    return sorted(
        rows,
        key=lambda row: (
            -row.monday.toordinal(),
            str(row.offering.activity_type.name),
            row.offering.location.name,
        ),
    )


@dataclass(frozen=True)
class BacklogPerson:
    """One person's missing registers in one activity: how many, and the first and last day."""

    participation: ActivityParticipation
    registers: int
    first: dt.date
    last: dt.date


def attendance_backlog_per_person(attendance: Iterable[Attendance]) -> list[BacklogPerson]:
    """The missing registers per person and activity, the most first: one row with a count
    each, instead of one date per day (the coach's Min dag)."""
    rows = [
        BacklogPerson(item.participation, len(item.missing), min(item.missing), max(item.missing))
        for item in attendance
        if item.missing
    ]
    return sorted(
        rows,
        key=lambda row: (
            -row.registers,
            row.participation.referral.participant.last_name,
            row.participation.referral.participant.first_name,
            str(row.participation.pk),
        ),
    )


def attendance_for_offering(user: Any, offering_id: Any, today: dt.date) -> list[Attendance]:
    """The attendance of the people in one of the provider's offerings (another provider's:
    none, and the page is a 404)."""
    return attendance_for_provider(user, today, offering_id=offering_id)


def missing_registers(attendance: Iterable[Attendance]) -> list[Attendance]:
    """Those with registers missing (flagged on the next working day and still missing)."""
    return [item for item in attendance if item.missing]


def attendance_registers_visible_to(user: Any) -> QuerySet[AttendanceRegister]:
    """The registers of the participations the user sees."""
    return AttendanceRegister.objects.filter(participation__in=participations_visible_to(user))


def attendance_shown(ctx: AuditContext, participations: Iterable[ActivityParticipation]) -> None:
    """Logs the people of an attendance list shown (one write for the whole list)."""
    audit.attendance_viewed(ctx, list(participations))


def attendance_missing_for_provider(ctx: AuditContext, today: dt.date) -> list[Attendance]:
    """The provider's missing registers for their home page (logged as an attendance list)."""
    missing = missing_registers(attendance_for_provider(ctx.actor, today))
    attendance_shown(ctx, [item.participation for item in missing])
    return missing


@dataclass(frozen=True)
class ReportedAbsence:
    """One person's absence from one activity, reported by the person themselves, for today
    and the coming days (ADR 0005, 8): the registers, by day."""

    participation: ActivityParticipation
    registers: tuple[AttendanceRegister, ...]

    @property
    def first(self) -> dt.date:
        return self.registers[0].day

    @property
    def last(self) -> dt.date:
        return self.registers[-1].day

    @property
    def reasons(self) -> list[str]:
        """The reasons given, each once, as staff read them."""
        return list(dict.fromkeys(str(r.get_reason_display()) for r in self.registers))


def reported_absences(attendance: Iterable[Attendance], today: dt.date) -> list[ReportedAbsence]:
    """The absences the people reported themselves from `today` on, per person and activity,
    the soonest first. Only registers still as the person reported them (a correction by the
    provider is the provider's)."""
    rows = []
    for item in attendance:
        registers = tuple(
            register
            for day, register in sorted(item.registers.items())
            if day >= today and register.reported_by_participant
        )
        if registers:
            rows.append(ReportedAbsence(item.participation, registers))
    return sorted(
        rows,
        key=lambda row: (
            row.first,
            row.participation.referral.participant.last_name,
            row.participation.referral.participant.first_name,
            str(row.participation.pk),
        ),
    )


def attendance_flags_for_caseload(
    ctx: AuditContext, today: dt.date
) -> tuple[list[Attendance], list[ReportedAbsence]]:
    """The coach's Min dag: the caseload's missing registers, and the absences the people
    reported themselves for today and the coming days; one read, logged as one attendance
    list naming everyone shown."""
    attendance = attendance_for_caseload(ctx.actor, today)
    missing = missing_registers(attendance)
    reported = reported_absences(attendance, today)
    shown = {item.participation.pk: item.participation for item in missing}
    shown.update({row.participation.pk: row.participation for row in reported})
    attendance_shown(ctx, shown.values())
    return missing, reported
