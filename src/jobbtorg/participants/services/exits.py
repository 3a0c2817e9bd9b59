"""The exit (R19): never without a reason; an exit to work records the job."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.core.roles import Role
from jobbtorg.participants.models import (
    EmploymentExtent,
    EmploymentForm,
    EventKind,
    Exit,
    ExitReason,
    Referral,
    Stage,
)
from jobbtorg.participants.permissions import require_staff_of
from jobbtorg.participants.services.district_events import district_event_record


def _today() -> dt.date:
    return timezone.localdate()


def _employment_errors(employment: dict[str, Any] | None, errors: dict[str, str]) -> dict[str, Any]:
    employment = dict(employment or {})
    if employment.get("form") not in EmploymentForm.values:
        errors["employment.form"] = _(
            "An exit to work records the form of employment: permanent, temporary or "
            "municipal_measure."
        )
    if employment.get("extent") not in EmploymentExtent.values:
        errors["employment.extent"] = _("Record the extent: full or part time.")
    if not isinstance(employment.get("wage_subsidy"), bool):
        errors["employment.wage_subsidy"] = _("Record whether the job has a wage subsidy.")
    hours = employment.get("hours_per_week")
    if hours not in (None, ""):
        try:
            employment["hours_per_week"] = Decimal(str(hours))
            if not 0 < employment["hours_per_week"] <= 80:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["employment.hours_per_week"] = _("Hours per week is a number from 1 to 80.")
    elif employment.get("extent") == EmploymentExtent.PART:
        errors["employment.hours_per_week"] = _("Record the hours per week of a part-time job.")
    return employment


def exit_record(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    date: dt.date | None,
    reason: str | None,
    reason_text: str = "",
    employment: dict[str, Any] | None = None,
    studies_with_student_finance: bool | None = None,
) -> Exit:
    """End the participation (R19). Never without a reason; an exit to work with the job."""
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Recording an exit"))
    errors: dict[str, str] = {}
    if referral.stage == Stage.EXITED:
        raise ValidationFailed({"__all__": _("The person has already exited.")})
    if reason not in ExitReason.values:
        errors["reason"] = _(
            "Every exit has a reason: work, studies, af_guarantee, moved, other_support, "
            "no_assistance, stopped or other."
        )
    elif reason == ExitReason.OTHER and not (reason_text or "").strip():
        errors["reason_text"] = _("Explain the exit when the reason is other.")
    if date is None:
        errors["date"] = _("Give the exit date.")
    elif date > _today():
        errors["date"] = _("The exit date cannot be in the future.")
    elif date < timezone.localdate(referral.referred_at):
        errors["date"] = _("The exit cannot be before the referral.")
    job: dict[str, Any] = {}
    if reason == ExitReason.WORK:
        job = _employment_errors(employment, errors)
    if errors:
        raise ValidationFailed(errors)
    assert date is not None and reason is not None
    with transaction.atomic():
        Referral.objects.select_for_update().get(pk=referral.pk)
        exit_ = Exit.objects.create(
            referral=referral,
            date=date,
            reason=reason,
            reason_text=(reason_text or "").strip(),
            employment_form=job.get("form", ""),
            extent=job.get("extent", ""),
            hours_per_week=job.get("hours_per_week") or None,
            wage_subsidy=job.get("wage_subsidy"),
            employer=str(job.get("employer", "") or "")[:200],
            occupation_ssyk=str(job.get("occupation_ssyk", "") or "")[:8],
            studies_with_student_finance=studies_with_student_finance
            if reason == ExitReason.STUDIES
            else None,
            recorded_by=actor,
        )
        referral.interruptions.filter(end__isnull=True).update(end=date)
        referral.stage = Stage.EXITED
        referral.save(update_fields=["stage", "updated_at"])
        district_event_record(
            referral=referral,
            kind=EventKind.EXIT,
            summary=_("Exited on %(date)s: %(reason)s.")
            % {"date": date, "reason": ExitReason(reason).label},
            data={"date": date.isoformat(), "reason": reason},
        )
        audit.exit_recorded(
            audit_context,
            exit_,
            after={
                "date": date.isoformat(),
                "reason": reason,
                **{k: str(v) for k, v in job.items()},
            },
        )
    return exit_
