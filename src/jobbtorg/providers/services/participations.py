"""Writes of participations in activities: placing a person in an offering (with its capacity
and waiting list), the result follow-ups the payment bonus steps read, and a manager's late
correction of the facts a payment run reads (R14, R22, R27). The provider's reports are in
`provider_reports`."""

import datetime as dt
from types import EllipsisType
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import Referral, Stage
from jobbtorg.providers.models import (
    PLACE_TAKING_STATUSES,
    ActivityParticipation,
    ChoiceKind,
    Offering,
    ParticipationStatus,
    PaymentLevel,
)
from jobbtorg.providers.permissions import (
    can_correct_participation,
    can_follow_up_result,
    can_place_participation,
    can_take_from_waiting_list,
)


def places_taken(offering: Offering, start: dt.date, end: dt.date, *, exclude: Any = None) -> int:
    """How many of the offering's places are taken by people whose time there overlaps
    start..end (placed or taking part)."""
    taken = offering.participations.filter(
        status__in=PLACE_TAKING_STATUSES, planned_start__lte=end
    ).filter(Q(planned_end__gte=start))
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    return taken.count()


def _placement_problems(
    referral: Referral, offering: Offering, planned_start: Any, planned_end: Any, level: str
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if referral.stage != Stage.ENROLLED:
        problems["__all__"] = _("Only a person who is enrolled at the Jobbtorg can be placed.")
    if not offering.is_active or not offering.provider.is_active:
        problems["offering"] = _("%(offering)s is no longer offered.") % {"offering": offering}
    if not isinstance(planned_start, dt.date):
        problems["planned_start"] = _("Give the day the activity starts.")
    if not isinstance(planned_end, dt.date):
        problems["planned_end"] = _("Give the day the activity ends.")
    if level not in PaymentLevel.values:
        problems["level"] = _("Choose level A, B or C.")
    if problems:
        return problems
    if planned_end < planned_start:
        problems["planned_end"] = _("The end date is before the start date.")
    elif planned_start < offering.valid_from or (
        offering.valid_until is not None and planned_end > offering.valid_until
    ):
        until = offering.valid_until.isoformat() if offering.valid_until else "–"
        problems["planned_start"] = _(
            "The offering runs from %(start)s to %(end)s: the dates must be within it."
        ) % {"start": offering.valid_from.isoformat(), "end": until}
    return problems


def participation_place(
    ctx: AuditContext,
    *,
    referral: Referral,
    offering: Offering,
    planned_start: dt.date,
    planned_end: dt.date,
    level: str = PaymentLevel.B,
    choice: str = ChoiceKind.ASSIGNED,
    waiting_list: bool = False,
) -> ActivityParticipation:
    """The coach (or matcher, manager) of the person's Jobbtorg places them in an offering,
    which may be one made at another Jobbtorg (R2, R22). A full offering refuses the place, or,
    when `waiting_list`, puts the person on its waiting list."""
    actor = ctx.actor
    if not can_place_participation(actor, referral):
        raise NotAllowed(
            _("Placing a person in an activity is done by staff at Jobbtorg %(centre)s.")
            % {"centre": referral.job_centre.name}
        )
    problems = _placement_problems(referral, offering, planned_start, planned_end, level)
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        # Lock the offering so two coaches cannot both take its last place.
        offering = Offering.objects.select_for_update().get(pk=offering.pk)
        if (
            ActivityParticipation.objects.filter(referral=referral, offering=offering)
            .filter(status__in=[ParticipationStatus.WAITING, *PLACE_TAKING_STATUSES])
            .exists()
        ):
            raise ValidationFailed(
                {"offering": _("The person already has a place or a waiting-list place here.")}
            )
        taken = places_taken(offering, planned_start, planned_end)
        full = taken >= offering.capacity
        if full and not waiting_list:
            raise ValidationFailed(
                {
                    "offering": _(
                        "All %(capacity)s places are taken in that period. Choose another "
                        "offering or put the person on the waiting list."
                    )
                    % {"capacity": offering.capacity}
                }
            )
        participation = ActivityParticipation.objects.create(
            referral=referral,
            offering=offering,
            status=ParticipationStatus.WAITING if full else ParticipationStatus.PLACED,
            planned_start=planned_start,
            planned_end=planned_end,
            level=level,
            choice=choice,
            placed_by=actor,
        )
        audit.participation_placed(ctx, participation, participation_snapshot(participation))
    return participation


def participation_take_from_waiting_list(
    ctx: AuditContext, participation: ActivityParticipation
) -> ActivityParticipation:
    """Moves a waiting person into a place that has come free."""
    actor = ctx.actor
    if not can_take_from_waiting_list(actor, participation):
        raise NotAllowed(_("Staff at the Jobbtorg take people from the waiting list."))
    with transaction.atomic():
        offering = Offering.objects.select_for_update().get(pk=participation.offering_id)
        current = ActivityParticipation.objects.select_for_update().get(pk=participation.pk)
        if current.status != ParticipationStatus.WAITING:
            raise ValidationFailed({"__all__": _("The person is not on the waiting list.")})
        taken = places_taken(offering, current.planned_start, current.planned_end)
        if taken >= offering.capacity:
            raise ValidationFailed(
                {
                    "__all__": _("No place has come free yet: all %(n)s are taken.")
                    % {"n": offering.capacity}
                }
            )
        current.status = ParticipationStatus.PLACED
        current.save(update_fields=["status", "updated_at"])
        audit.participation_placed(
            ctx, current, {"from_waiting_list": True, **participation_snapshot(current)}
        )
    return current


def participation_snapshot(participation: ActivityParticipation) -> dict[str, Any]:
    return {
        "status": participation.status,
        "offering": str(participation.offering_id),
        "planned_start": participation.planned_start.isoformat(),
        "planned_end": participation.planned_end.isoformat(),
        "level": participation.level,
        "choice": participation.choice,
        "started_on": participation.started_on.isoformat() if participation.started_on else None,
        "ended_on": participation.ended_on.isoformat() if participation.ended_on else None,
        "result_kind": participation.result_kind,
        "result_on": participation.result_on.isoformat() if participation.result_on else None,
    }


def result_follow_up(
    ctx: AuditContext,
    participation: ActivityParticipation,
    *,
    months: int,
    in_work_or_without_assistance: bool | None,
) -> ActivityParticipation:
    """The coach records whether the person is still in work, or without assistance, 3 or 6
    months after the result: the payment model's bonus steps read it."""
    if not can_follow_up_result(ctx.actor, participation):
        raise NotAllowed(_("The person's coach records the follow-up of a result."))
    field = {
        3: "in_work_or_without_assistance_at_3_months",
        6: "in_work_or_without_assistance_at_6_months",
    }.get(months)
    if field is None:
        raise ValidationFailed({"months": _("Follow-ups are made at 3 and 6 months.")})
    if participation.result_on is None:
        raise ValidationFailed({"__all__": _("There is no result to follow up.")})
    with transaction.atomic():
        current = ActivityParticipation.objects.select_for_update().get(pk=participation.pk)
        before = {field: getattr(current, field)}
        setattr(current, field, in_work_or_without_assistance)
        current.save(update_fields=[field, "updated_at"])
        audit.result_followed_up(ctx, current, before, {field: in_work_or_without_assistance})
    return current


# Late corrections of the facts a run reads.


def _correction_snapshot(participation: ActivityParticipation) -> dict[str, Any]:
    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "status": participation.status,
        "level": participation.level,
        "started_on": day(participation.started_on),
        "ended_on": day(participation.ended_on),
        "result_kind": participation.result_kind,
        "result_on": day(participation.result_on),
        "in_work_or_without_assistance_at_3_months": (
            participation.in_work_or_without_assistance_at_3_months
        ),
        "in_work_or_without_assistance_at_6_months": (
            participation.in_work_or_without_assistance_at_6_months
        ),
    }


def _correction_problems(
    current: ActivityParticipation,
    level: str | None,
    started_on: dt.date | None | EllipsisType,
    result_retracted: bool,
    note: str,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if level is not None and level not in PaymentLevel.values:
        problems["level"] = _("Choose level A, B or C.")
    if started_on is not ... and started_on is not None:
        if not isinstance(started_on, dt.date):
            problems["started_on"] = _("Give the day the activity started.")
        elif started_on > timezone.localdate():
            problems["started_on"] = _("The date is in the future: a start that has happened.")
        elif current.status == ParticipationStatus.WAITING:
            problems["started_on"] = _("The person is on the waiting list: nothing has started.")
        elif current.ended_on and started_on > current.ended_on:
            problems["started_on"] = _("The activity ended %(date)s: it cannot start after.") % {
                "date": current.ended_on.isoformat()
            }
        elif current.result_on and not result_retracted and started_on > current.result_on:
            problems["started_on"] = _(
                "The result is from %(date)s: the start cannot be after."
            ) % {"date": current.result_on.isoformat()}
    if result_retracted and current.result_on is None:
        problems["result_retracted"] = _("There is no result to retract.")
    if not note.strip():
        problems["note"] = _("Say why the facts are corrected.")
    changes = (
        (level is not None and level != current.level)
        or (started_on is not ... and started_on != current.started_on)
        or result_retracted
    )
    if not problems and not changes:
        problems["__all__"] = _("Nothing to correct: the facts are already so.")
    return problems


def participation_correct(
    ctx: AuditContext,
    participation: ActivityParticipation,
    *,
    level: str | None = None,
    started_on: dt.date | None | EllipsisType = ...,
    result_retracted: bool = False,
    note: str = "",
) -> ActivityParticipation:
    """A manager at the person's Jobbtorg, or at the one the offering was made at, corrects the
    facts a payment run reads: the level, the start date (None: the start never happened), or
    retracts a result (its kind, date, details and both follow-ups are cleared). Paid lines are
    never edited: the next run pays or takes back the difference as correction lines."""
    if not can_correct_participation(ctx.actor, participation):
        raise NotAllowed(
            _("A manager at the person's Jobbtorg, or the one that made the offering, corrects it.")
        )
    with transaction.atomic():
        current = ActivityParticipation.objects.select_for_update().get(pk=participation.pk)
        problems = _correction_problems(current, level, started_on, result_retracted, note)
        if problems:
            raise ValidationFailed(problems)
        before = _correction_snapshot(current)
        if level is not None:
            current.level = level
        if started_on is None:
            current.started_on = None
            current.ended_on = None
            current.status = ParticipationStatus.NEVER_STARTED
        elif isinstance(started_on, dt.date):
            current.started_on = started_on
            if current.status in (ParticipationStatus.PLACED, ParticipationStatus.NEVER_STARTED):
                current.status = ParticipationStatus.STARTED
        if result_retracted:
            current.result_kind = ""
            current.result_on = None
            current.result_details = {}
            current.in_work_or_without_assistance_at_3_months = None
            current.in_work_or_without_assistance_at_6_months = None
        current.save()
        after = {**_correction_snapshot(current), "correction_note": note.strip()}
        audit.participation_corrected(ctx, current, before, after)
    return current
