"""Daily attendance (R15, R33): the register service and the daily review that tells the district
about repeated missing registers. The reads (the adapter to the attendance engine
`engines/rules/attendance.py`, the lists and flags shown to the provider and the coach) are in
`selectors/attendance.py`.

A day with no register is *missing*, shown as such to the provider and the coach from the next
working day, and never read as an absence: only a register that says "absent without valid
reason" is one (Stadsrevisionen 2010 found people refused assistance because their attendance
was never registered).
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.rules import attendance as engine
from jobbtorg.participants.models import DistrictEvent, EventKind, HandledReason
from jobbtorg.participants.services.district_events import (
    district_event_record,
    district_events_close,
)
from jobbtorg.providers.models import (
    ActivityParticipation,
    AttendanceRegister,
    AttendanceStatus,
)
from jobbtorg.providers.permissions import can_register_attendance
from jobbtorg.providers.selectors.attendance import (
    Attendance,
    attendance_of,
    attendance_participations,
    with_related,
)

# Registering


@dataclass(frozen=True)
class Entry:
    """One row of a day's attendance list, as typed."""

    participation: ActivityParticipation
    status: str
    reason: str = ""


_DAY_PROBLEM = re.compile(r"^(\d{4}-\d{2}-\d{2}) is in the future")
_NOT_EXPECTED = re.compile(r"^No attendance is expected on (\d{4}-\d{2}-\d{2})")


def _translated(problem: str) -> tuple[str, str]:
    """The engine's problem (English, for logs and tests) as the field it is about and the
    message a user reads, in their language."""
    if match := _DAY_PROBLEM.match(problem):
        return "day", _("%(day)s is in the future: attendance is registered afterwards.") % {
            "day": match.group(1)
        }
    if match := _NOT_EXPECTED.match(problem):
        return "day", _(
            "No attendance is expected on %(day)s: not a day of the activity, a working day, "
            "or the person's participation was interrupted."
        ) % {"day": match.group(1)}
    if problem.startswith("An absence with valid reason needs"):
        return "reason", _("Choose the reason: illness, care of child or appointment.")
    if "is not a valid reason" in problem:
        return "reason", _("Choose the reason: illness, care of child or appointment.")
    if problem.startswith("Only an absence with valid reason"):
        return "reason", _("Only an absence with valid reason takes a reason.")
    return "__all__", problem


def _entry_problems(
    item: Attendance, entry: Entry, day: dt.date, today: dt.date
) -> dict[str, list[str]]:
    if item.facts is None:
        return {"day": [_("This activity takes no daily attendance now.")]}
    if entry.status not in AttendanceStatus.values:
        return {
            "status": [
                _("Choose present, absent with valid reason or absent without valid reason.")
            ]
        }
    register = engine.Register(
        day=day, status=engine.AttendanceStatus(entry.status), reason=entry.reason or None
    )
    problems: dict[str, list[str]] = defaultdict(list)
    for problem in engine.register_problems(item.facts, register, today):
        field, message = _translated(problem)
        if message not in problems[field]:
            problems[field].append(message)
    return dict(problems)


def _snapshot(register: AttendanceRegister) -> dict[str, Any]:
    snapshot: dict[str, Any] = {
        "day": register.day.isoformat(),
        "status": register.status,
        "reason": register.reason,
    }
    if register.reported_by_participant:
        snapshot["reported_by_participant"] = True
    return snapshot


def _activity(participation: ActivityParticipation) -> str:
    return str(participation.offering.activity_type.name)


def _absence_events(participation: ActivityParticipation, day: dt.date) -> QuerySet[DistrictEvent]:
    return DistrictEvent.objects.filter(
        referral_id=participation.referral_id,
        kind=EventKind.ABSENCE,
        data__participation=str(participation.pk),
        data__day=day.isoformat(),
    ).order_by("-occurred_at", "-id")


def _tell_district_of_absence(
    ctx: AuditContext,
    participation: ActivityParticipation,
    day: dt.date,
    before: str | None,
    after: AttendanceRegister,
) -> DistrictEvent | None:
    """One "absence" event per day registered absent without valid reason; if that is later
    corrected, one event saying so (nothing is silently withdrawn)."""
    latest = _absence_events(participation, day).first()
    reported = latest is not None and not latest.data.get("corrected")
    activity = _activity(participation)
    data = {
        "participation": str(participation.pk),
        "day": day.isoformat(),
        "activity": participation.offering.activity_type.code,
        "provider": participation.offering.provider.name,
    }
    if after.status == AttendanceStatus.ABSENT_INVALID and not reported:
        event = district_event_record(
            referral=participation.referral,
            kind=EventKind.ABSENCE,
            summary=_("Absent without valid reason on %(day)s from %(activity)s.")
            % {"day": day.isoformat(), "activity": activity},
            data={**data, "corrected": False},
        )
    elif before == AttendanceStatus.ABSENT_INVALID and after.status != before and reported:
        event = district_event_record(
            referral=participation.referral,
            kind=EventKind.ABSENCE,
            summary=_(
                "Corrected: the absence on %(day)s from %(activity)s is now registered as "
                "“%(status)s”."
            )
            % {
                "day": day.isoformat(),
                "activity": activity,
                "status": AttendanceStatus(after.status).label,
            },
            data={**data, "corrected": True, "status": after.status, "reason": after.reason},
        )
    else:
        return None
    audit.reported_to_district(ctx, event)
    return event


def _require_may_register(actor: Any, entries: Sequence["Entry | DayEntry"]) -> None:
    for entry in entries:
        if not can_register_attendance(actor, entry.participation):
            raise NotAllowed(
                _(
                    "Attendance is registered by the provider of the activity, or by the "
                    "person's coach."
                )
            )


@dataclass(frozen=True)
class DayEntry:
    """One person's attendance on one day, as typed (a cell of the week's list)."""

    participation: ActivityParticipation
    day: dt.date
    status: str
    reason: str = ""


def attendance_register_days(
    ctx: AuditContext,
    entries: Sequence[DayEntry],
    *,
    today: dt.date | None = None,
) -> list[AttendanceRegister]:
    """Registers attendance for several people and days (a week's list), all or nothing. A
    refused cell's messages come under "<id>.<day>" (the cell) or "<id>.<day>.status" /
    "<id>.<day>.reason"; nothing is written while any cell is refused, and every refusal is
    told at once."""
    today = today or timezone.localdate()
    _require_may_register(ctx.actor, entries)
    if not all(isinstance(entry.day, dt.date) for entry in entries):
        raise ValidationFailed({"day": _("Give the day.")})
    cells = {(entry.participation.pk, entry.day) for entry in entries}
    if len(cells) != len(entries):
        raise ValidationFailed({"__all__": _("Each person is registered once a day.")})
    items = {
        item.participation.pk: item
        for item in attendance_of(
            list({entry.participation.pk: entry.participation for entry in entries}.values()),
            today,
        )
    }
    problems: dict[str, list[str]] = {}
    for entry in entries:
        cell = f"{entry.participation.pk}.{entry.day.isoformat()}"
        typed = Entry(entry.participation, entry.status, entry.reason)
        found = _entry_problems(items[entry.participation.pk], typed, entry.day, today)
        for field, messages in found.items():
            problems[f"{cell}.{field}" if field != "__all__" else cell] = messages
    if problems:
        raise ValidationFailed(problems)
    saved = []
    with transaction.atomic():
        for entry in entries:
            saved.append(_write(ctx, entry))
        _close_filled_missing_register_events(ctx, [entry.participation for entry in entries])
    return saved


def _close_filled_missing_register_events(
    ctx: AuditContext, participations: Sequence[ActivityParticipation]
) -> int:
    """The district's inbox items about missing registers of these participations close, with
    the reason, once every day an item named has a register (whatever it says): the work they
    asked for is done. An item with a day still missing stays open. Inside the caller's
    transaction; returns how many were closed."""
    ids = {str(participation.pk) for participation in participations}
    open_events = list(
        DistrictEvent.objects.filter(
            kind=EventKind.MISSING_REGISTERS,
            handled_at__isnull=True,
            referral_id__in={participation.referral_id for participation in participations},
            data__participation__in=sorted(ids),
        ).only("pk", "data")
    )
    if not open_events:
        return 0
    asked = {
        event.pk: {dt.date.fromisoformat(day) for day in event.data.get("dates") or []}
        for event in open_events
    }
    registered = {
        (str(participation_id), day)
        for participation_id, day in AttendanceRegister.objects.filter(
            participation_id__in=ids, day__in=set().union(*asked.values())
        ).values_list("participation_id", "day")
    }
    filled = [
        event.pk
        for event in open_events
        if asked[event.pk]
        and all((str(event.data["participation"]), day) in registered for day in asked[event.pk])
    ]
    if not filled:
        return 0
    return district_events_close(
        events=DistrictEvent.objects.filter(pk__in=filled),
        reason=HandledReason.REGISTERS_FILLED,
        audit_context=ctx,
    )


def _write(ctx: AuditContext, entry: DayEntry) -> AttendanceRegister:
    """Writes one checked register (or leaves an unchanged one alone), with its audit entry
    and what the district is told. Inside the caller's transaction."""
    participation, day = entry.participation, entry.day
    reason = entry.reason if entry.status == AttendanceStatus.ABSENT_VALID else ""
    current = (
        AttendanceRegister.objects.select_for_update()
        .filter(participation=participation, day=day)
        .first()
    )
    if current is not None and (current.status, current.reason) == (entry.status, reason):
        return current  # nothing changed: nothing to write or log
    before = _snapshot(current) if current is not None else None
    if current is None:
        current = AttendanceRegister.objects.create(
            participation=participation,
            day=day,
            status=entry.status,
            reason=reason,
            registered_by=ctx.actor,
        )
    else:
        current.status = entry.status
        current.reason = reason
        current.registered_by = ctx.actor
        # A correction of what the person reported is the staff member's register from now on.
        current.reported_by_participant = False
        current.save(
            update_fields=[
                "status",
                "reason",
                "registered_by",
                "reported_by_participant",
                "updated_at",
            ]
        )
    audit.attendance_registered(ctx, current, before, _snapshot(current))
    _tell_district_of_absence(
        ctx, participation, day, before["status"] if before else None, current
    )
    return current


def attendance_register_day(
    ctx: AuditContext,
    entries: Sequence[Entry],
    *,
    day: dt.date,
    today: dt.date | None = None,
) -> list[AttendanceRegister]:
    """Registers one day's attendance for several people, all or nothing. A refused row's
    messages come under its participation's id ("<id>" for the row, "<id>.status",
    "<id>.reason"); nothing is written while any row is refused."""
    _require_may_register(ctx.actor, entries)
    if not isinstance(day, dt.date):
        raise ValidationFailed({"day": _("Give the day.")})
    try:
        return attendance_register_days(
            ctx, [DayEntry(e.participation, day, e.status, e.reason) for e in entries], today=today
        )
    except ValidationFailed as error:
        # One day for every row: a cell's key ("<id>.<day>[.field]") is the row's.
        cell = f".{day.isoformat()}"
        raise ValidationFailed(
            {key.replace(cell, "", 1): messages for key, messages in error.errors.items()}
        ) from None


def attendance_register(
    ctx: AuditContext,
    participation: ActivityParticipation,
    *,
    day: dt.date,
    status: str,
    reason: str = "",
    today: dt.date | None = None,
) -> AttendanceRegister:
    """Registers one day's attendance for one person (or changes it: the audit entry keeps
    before and after). Messages come under "day", "status" and "reason"."""
    try:
        (register,) = attendance_register_day(
            ctx, [Entry(participation, status, reason)], day=day, today=today
        )
    except ValidationFailed as error:
        prefix = f"{participation.pk}."
        raise ValidationFailed(
            {
                key.removeprefix(prefix) if key.startswith(prefix) else "__all__": messages
                for key, messages in error.errors.items()
            }
        ) from None
    return register


# The daily review: repeated missing registers to the district


@dataclass
class ReviewCounts:
    reviewed: int = 0
    with_missing: int = 0
    flagged_today: int = 0
    events_sent: int = 0


def _dates_sent(participations: Sequence[ActivityParticipation]) -> dict[str, set[str]]:
    sent: dict[str, set[str]] = defaultdict(set)
    events = DistrictEvent.objects.filter(
        kind=EventKind.MISSING_REGISTERS,
        referral__in={p.referral_id for p in participations},
    ).values_list("data", flat=True)
    for data in events:
        if isinstance(data, dict) and data.get("participation"):
            sent[str(data["participation"])].update(data.get("dates") or [])
    return sent


def attendance_review(ctx: AuditContext, *, today: dt.date | None = None) -> ReviewCounts:
    """Reviews every participation with daily attendance as of `today`. Repeated missing
    registers (2 or more in the last 10 working days) go to the home district as one
    "missing_registers" event listing the missing days, only when a day is among them that no
    earlier event of that participation named: a second run the same day sends nothing and
    writes nothing. Run every working day by the worker (`providers.tasks.review_attendance`)
    and by `jobbtorg attendance review`."""
    today = today or timezone.localdate()
    counts = ReviewCounts()
    with transaction.atomic():
        # Locked, and what was sent read after the lock: two reviews at once (the schedule and
        # the command, or a task run again) take turns, and the second sees what the first
        # sent, so no event goes twice. A review stopped half-way writes nothing.
        participations = list(
            with_related(attendance_participations(today)).select_for_update(of=("self",))
        )
        sent = _dates_sent(participations)
        for item in attendance_of(participations, today):
            if item.review is None:
                continue
            counts.reviewed += 1
            review = item.review
            counts.with_missing += bool(review.missing)
            counts.flagged_today += bool(review.flags_due_today)
            for event in review.district_events:
                if event.kind != "missing_registers":
                    continue  # absences are sent when registered
                dates = [day.isoformat() for day in event.dates]
                if set(dates) <= sent[str(item.participation.pk)]:
                    continue
                participation = item.participation
                district_event = district_event_record(
                    referral=participation.referral,
                    kind=EventKind.MISSING_REGISTERS,
                    summary=_("No attendance registered in %(activity)s on %(days)s.")
                    % {"activity": _activity(participation), "days": ", ".join(dates)},
                    data={
                        "participation": str(participation.pk),
                        "activity": participation.offering.activity_type.code,
                        "provider": participation.offering.provider.name,
                        "dates": dates,
                    },
                )
                audit.reported_to_district(ctx, district_event)
                sent[str(participation.pk)].update(dates)
                counts.events_sent += 1
    return counts
