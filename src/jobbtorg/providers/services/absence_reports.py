"""Absence reported by the person themselves (ADR 0005, 8): "I am sick today" for today and
the coming days of their schedule. Written as attendance with a valid reason, never as an
absence without one, so the provider's lists and the coach's Min dag show it at once and no
register goes missing for those days. A day the provider (or the coach) has already
registered is left as it is, and the answer says so.

The person has no staff account: the registers carry no `registered_by`, are marked
`reported_by_participant`, and the audit entries have no actor (the person is their subject).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.participants.models import Stage
from jobbtorg.providers.models import (
    AbsenceReason,
    ActivityParticipation,
    AttendanceRegister,
    AttendanceStatus,
)
from jobbtorg.providers.selectors.attendance import (
    attendance_of,
    attendance_participations,
    with_related,
)

# How far ahead a person may report: a planned absence further off is for the coach.
REPORT_DAYS_AHEAD = 14

# The valid reasons of the attendance register, as the person reads them (plain words, "du").
PARTICIPANT_REASON_LABELS = {
    AbsenceReason.ILLNESS: gettext_lazy("I am sick"),
    AbsenceReason.CARE_OF_CHILD: gettext_lazy("I am at home with my sick child"),
    AbsenceReason.APPOINTMENT: gettext_lazy(
        "I have an appointment, for example with a doctor or an authority"
    ),
}


def participant_reason_choices() -> list[tuple[str, str]]:
    """The reasons a person can give, for the portal's form."""
    return [(str(value), str(label)) for value, label in PARTICIPANT_REASON_LABELS.items()]


@dataclass(frozen=True)
class ReportedDay:
    """One day of one activity the report is about, and its register."""

    participation: ActivityParticipation
    day: dt.date
    register: AttendanceRegister


@dataclass
class AbsenceReport:
    """What a report wrote, and the days left as they were because a register already existed
    (the provider's word stands; the person is told so)."""

    written: list[ReportedDay] = field(default_factory=list)
    already_registered: list[ReportedDay] = field(default_factory=list)


def _as_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _checked(
    reason: Any, first_day: Any, last_day: Any, today: dt.date
) -> tuple[str, dt.date, dt.date]:
    """The report's input, or ValidationFailed with a message per field (all told at once)."""
    errors: dict[str, str] = {}
    latest = today + dt.timedelta(days=REPORT_DAYS_AHEAD)
    if reason not in AbsenceReason.values:
        errors["reason"] = _("Reason: choose why you are away.")
    first = _as_day(first_day)
    if first is None:
        errors["first_day"] = _(
            "First day: write the first day you are away, for example %(day)s."
        ) % {"day": today.isoformat()}
    elif first < today:
        errors["first_day"] = _(
            "First day: that day has already passed. You can report absence from today."
        )
    elif first > latest:
        errors["first_day"] = _(
            "First day: you can report absence at most %(n)s days ahead, until %(day)s."
        ) % {"n": REPORT_DAYS_AHEAD, "day": latest.isoformat()}
    last = first if last_day in (None, "") else _as_day(last_day)
    if last is None and first is not None:
        errors["last_day"] = _(
            "Last day: write the last day you are away, for example %(day)s."
        ) % {"day": first.isoformat()}
    elif last is not None and first is not None and "first_day" not in errors:
        if last < first:
            errors["last_day"] = _("Last day: it comes before the first day.")
        elif last > latest:
            errors["last_day"] = _(
                "Last day: you can report absence at most %(n)s days ahead, until %(day)s."
            ) % {"n": REPORT_DAYS_AHEAD, "day": latest.isoformat()}
    if errors:
        raise ValidationFailed(errors)
    assert first is not None and last is not None
    return str(reason), first, last


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def absence_report_by_participant(
    *,
    participant: Any,
    reason: Any,
    first_day: Any,
    last_day: Any = None,
    audit_context: AuditContext,
    today: dt.date | None = None,
) -> AbsenceReport:
    """Writes "absent with valid reason" (`reason`) for each day from `first_day` to `last_day`
    (one day when no last day is given) on which one of the person's own activities with
    daily attendance expects them (its weekdays, working days, within the activity, not
    interrupted), unless that day is registered already: then it is left as it is and named in
    the answer. Today at the earliest, at most REPORT_DAYS_AHEAD days ahead.

    Refused, with nothing written (ValidationFailed, messages under "reason", "first_day",
    "last_day"): an unknown reason, a day missing or not a date, a day in the past or too far
    ahead, the last day before the first, and a period with no activity that takes attendance.

    Audited as attendance registered (the person as subject, no staff actor, marked
    `reported_by_participant`), and the days already registered as attendance read."""
    today = today or timezone.localdate()
    reason, first, last = _checked(reason, first_day, last_day, today)
    days = _days(first, last)
    participations = with_related(
        attendance_participations(today)
        .filter(referral__participant=participant)
        .exclude(referral__stage=Stage.EXITED)
    )
    with transaction.atomic():
        # Locked: two reports of the same person at once take turns (a staff register saved
        # meanwhile is met below).
        items = attendance_of(participations.select_for_update(of=("self",)), today)
        expected = [(item, day) for item in items for day in days if item.is_expected(day)]
        if not expected:
            raise ValidationFailed(
                {
                    "first_day": _(
                        "Days: you have no activity that takes attendance on those days. "
                        "Tell your coach if you will be away from something else."
                    )
                }
            )
        report = AbsenceReport()
        for item, day in expected:
            existing = item.registers.get(day)
            if existing is not None:
                report.already_registered.append(ReportedDay(item.participation, day, existing))
                continue
            try:
                with transaction.atomic():
                    register = AttendanceRegister.objects.create(
                        participation=item.participation,
                        day=day,
                        status=AttendanceStatus.ABSENT_VALID,
                        reason=reason,
                        registered_by=None,
                        reported_by_participant=True,
                    )
            except IntegrityError:
                # Registered by staff since it was read (their service does not lock the
                # participation): theirs stands, as for a register there before.
                existing = AttendanceRegister.objects.get(participation=item.participation, day=day)
                report.already_registered.append(ReportedDay(item.participation, day, existing))
                continue
            audit.attendance_registered(
                audit_context,
                register,
                None,
                {
                    "day": day.isoformat(),
                    "status": register.status,
                    "reason": register.reason,
                    "reported_by_participant": True,
                },
            )
            report.written.append(ReportedDay(item.participation, day, register))
        if report.already_registered:
            # The answer tells the person those days are registered: a read of their attendance.
            left = {r.participation.pk: r.participation for r in report.already_registered}
            audit.attendance_viewed(audit_context, list(left.values()))
    return report
