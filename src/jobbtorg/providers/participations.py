"""Writes of participations in activities: placing a person in an offering (with its capacity
and waiting list), the provider's reports (start, break-off, completion, a job or studies), the
coach reading them, and the result follow-ups the payment bonus steps read (R14, R22, R27)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.participants.models import EmploymentExtent, EmploymentForm, Referral, Stage
from jobbtorg.providers.models import (
    PLACE_TAKING_STATUSES,
    ActivityParticipation,
    ChoiceKind,
    Offering,
    ParticipationStatus,
    PaymentLevel,
    ProviderReport,
    ProviderReportKind,
    ResultKind,
)

STAFF_WHO_PLACE = {Role.COACH, Role.MATCHER, Role.MANAGER}


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
    if getattr(actor, "role", None) not in STAFF_WHO_PLACE or (
        actor.job_centre_id != referral.job_centre_id
    ):
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
        audit.participation_placed(ctx, participation, _snapshot(participation))
    return participation


def participation_take_from_waiting_list(
    ctx: AuditContext, participation: ActivityParticipation
) -> ActivityParticipation:
    """Moves a waiting person into a place that has come free."""
    actor = ctx.actor
    referral = participation.referral
    if getattr(actor, "role", None) not in STAFF_WHO_PLACE or (
        actor.job_centre_id not in {referral.job_centre_id, participation.offering.made_at_id}
    ):
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
        audit.participation_placed(ctx, current, {"from_waiting_list": True, **_snapshot(current)})
    return current


def _snapshot(participation: ActivityParticipation) -> dict[str, Any]:
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


# From which statuses each report may be made, and the status it leads to (None: unchanged).
REPORT_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    ProviderReportKind.START: (
        frozenset({ParticipationStatus.PLACED}),
        ParticipationStatus.STARTED,
    ),
    ProviderReportKind.NEVER_STARTED: (
        frozenset({ParticipationStatus.PLACED}),
        ParticipationStatus.NEVER_STARTED,
    ),
    ProviderReportKind.BREAK_OFF: (
        frozenset({ParticipationStatus.STARTED}),
        ParticipationStatus.BROKEN_OFF,
    ),
    ProviderReportKind.COMPLETION: (
        frozenset({ParticipationStatus.STARTED}),
        ParticipationStatus.COMPLETED,
    ),
    ProviderReportKind.RESULT: (
        frozenset(
            {
                ParticipationStatus.STARTED,
                ParticipationStatus.COMPLETED,
                ParticipationStatus.BROKEN_OFF,
            }
        ),
        None,
    ),
}

_WORK_DETAILS = ("employer", "employment_form", "extent", "hours_per_week", "occupation")
_STUDY_DETAILS = ("school", "programme", "extent")


def _may_report(actor: Any, participation: ActivityParticipation) -> bool:
    role = getattr(actor, "role", None)
    if role == Role.PROVIDER_STAFF:
        return bool(actor.provider_id) and actor.provider_id == participation.offering.provider_id
    # The coach may record what the provider told them by phone.
    return role in JOB_CENTRE_ROLES and actor.job_centre_id == participation.referral.job_centre_id


def _result_problems(details: dict[str, Any], result_kind: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if result_kind == ResultKind.WORK:
        if not str(details.get("employer") or "").strip():
            problems["employer"] = _("Name the employer.")
        if details.get("employment_form") not in EmploymentForm.values:
            problems["employment_form"] = _("Choose the form of employment.")
        if details.get("extent") not in EmploymentExtent.values:
            problems["extent"] = _("Choose full or part time.")
    elif result_kind == ResultKind.STUDIES:
        if not str(details.get("school") or "").strip():
            problems["school"] = _("Name the school or education.")
    else:
        problems["result_kind"] = _("Choose work or studies.")
    return problems


def provider_report(
    ctx: AuditContext,
    participation: ActivityParticipation,
    *,
    kind: str,
    on: dt.date | None,
    note: str = "",
    result_kind: str = "",
    details: dict[str, Any] | None = None,
) -> ProviderReport:
    """Provider staff report a start, a start that never happened, a break-off, a completion, or
    a job or studies obtained. The coach sees it on Min dag at once."""
    actor = ctx.actor
    if not _may_report(actor, participation):
        raise NotAllowed(_("Only the provider, or the person's coach, reports on the activity."))
    if kind not in REPORT_TRANSITIONS:
        raise ValidationFailed({"kind": _("Choose what to report.")})
    today = timezone.localdate()
    problems: dict[str, str] = {}
    if not isinstance(on, dt.date):
        problems["on"] = _("Give the date.")
    elif kind != ProviderReportKind.RESULT and on > today:
        problems["on"] = _("The date is in the future: report it when it has happened.")
    details = {k: v for k, v in (details or {}).items() if v not in (None, "")}
    if kind == ProviderReportKind.RESULT:
        problems.update(_result_problems(details, result_kind))
    if kind == ProviderReportKind.BREAK_OFF and not note.strip():
        problems["note"] = _("Say why the activity was broken off.")
    if problems:
        raise ValidationFailed(problems)
    assert isinstance(on, dt.date)
    allowed, next_status = REPORT_TRANSITIONS[kind]
    with transaction.atomic():
        current = ActivityParticipation.objects.select_for_update().get(pk=participation.pk)
        if current.status not in allowed:
            raise ValidationFailed(
                {
                    "kind": _("That cannot be reported now: the activity is “%(status)s”.")
                    % {"status": current.get_status_display()}
                }
            )
        if current.started_on and on < current.started_on:
            raise ValidationFailed(
                {
                    "on": _("The activity started %(date)s: the date cannot be before that.")
                    % {"date": current.started_on.isoformat()}
                }
            )
        before = _snapshot(current)
        if kind == ProviderReportKind.START:
            current.started_on = on
        elif kind in (ProviderReportKind.BREAK_OFF, ProviderReportKind.COMPLETION):
            current.ended_on = on
            current.end_reason = note.strip()[:300]
        elif kind == ProviderReportKind.NEVER_STARTED:
            current.end_reason = note.strip()[:300]
        elif kind == ProviderReportKind.RESULT:
            keep = _WORK_DETAILS if result_kind == ResultKind.WORK else _STUDY_DETAILS
            current.result_kind = result_kind
            current.result_on = on
            current.result_details = {k: details[k] for k in keep if k in details}
        if next_status is not None:
            current.status = next_status
        current.save()
        report = ProviderReport.objects.create(
            participation=current,
            kind=kind,
            on=on,
            note=note.strip(),
            details={"result_kind": result_kind, **current.result_details}
            if kind == ProviderReportKind.RESULT
            else {},
            reported_by=actor,
        )
        audit.provider_reported(ctx, report, before, _snapshot(current))
    return report


def provider_report_seen(ctx: AuditContext, report: ProviderReport) -> ProviderReport:
    """The coach has read the report; it leaves their Min dag."""
    actor = ctx.actor
    referral = report.participation.referral
    if getattr(actor, "role", None) not in JOB_CENTRE_ROLES or (
        actor.job_centre_id != referral.job_centre_id
    ):
        raise NotAllowed(_("The person's coach marks the provider's reports as read."))
    with transaction.atomic():
        updated = ProviderReport.objects.filter(pk=report.pk, seen_at__isnull=True).update(
            seen_at=timezone.now(), seen_by=actor
        )
        if updated:
            audit.provider_report_seen(ctx, report)
    report.refresh_from_db()
    return report


def result_follow_up(
    ctx: AuditContext,
    participation: ActivityParticipation,
    *,
    months: int,
    in_work_or_without_assistance: bool | None,
) -> ActivityParticipation:
    """The coach records whether the person is still in work, or without assistance, 3 or 6
    months after the result: the payment model's bonus steps read it."""
    actor = ctx.actor
    referral = participation.referral
    if getattr(actor, "role", None) not in STAFF_WHO_PLACE or (
        actor.job_centre_id != referral.job_centre_id
    ):
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
