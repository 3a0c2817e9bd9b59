"""The exit (R19): never without a reason; an exit to work records the job."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.rules import exit as exit_rule
from jobbtorg.participants.models import (
    DistrictEvent,
    EventKind,
    Exit,
    ExitReason,
    HandledReason,
    Referral,
    Stage,
)
from jobbtorg.participants.permissions import require_case_worker
from jobbtorg.participants.services.district_events import (
    district_event_record,
    district_events_close,
)
from jobbtorg.participants.services.first_meetings import intake_times_release_of
from jobbtorg.participants.signals import cases_exited


def _today() -> dt.date:
    return timezone.localdate()


def occupation_codes() -> frozenset[str]:
    """The SSYK 2012 group codes (level 4) of the occupation taxonomy, which the matching app
    keeps as reference data. Read by the model's name: the taxonomy is the matching app's, a
    layer above this one, and an exit only needs its codes."""
    ssyk_group = apps.get_model("matching", "SsykGroup")
    return frozenset(ssyk_group.objects.filter(level=4).values_list("code", flat=True))


# Cases per query when many exits are closed at once (an import's batch).
_CASES_PER_QUERY = 500


def exited_cases_close(
    *, exits: Sequence[tuple[Referral, dt.date]], audit_context: audit.AuditContext
) -> None:
    """What waited on exited cases is no longer possible: the district's plan decision, a first
    meeting ahead, and (through `cases_exited`) the apps' proposals and supervisor contacts,
    each closed with the exit as the reason and audited, in the caller's transaction. The one
    home of this for an exit recorded on a page or in the API and for the many an import
    writes (`exits`: each case with its exit date), read by chunks of cases."""
    for start in range(0, len(exits), _CASES_PER_QUERY):
        referrals = [referral for referral, _date in exits[start : start + _CASES_PER_QUERY]]
        district_events_close(
            events=DistrictEvent.objects.filter(
                referral_id__in=[referral.pk for referral in referrals],
                kind=EventKind.PLAN_AWAITING_APPROVAL,
            ),
            reason=HandledReason.CASE_EXITED,
            audit_context=audit_context,
        )
        intake_times_release_of(
            referrals=referrals, reason="case_exited", audit_context=audit_context
        )
    cases_exited.send(sender=Referral, exits=list(exits), audit_context=audit_context)


def _employment_errors(employment: dict[str, Any] | None, errors: dict[str, str]) -> dict[str, Any]:
    """The job as given, in the exit rule's terms: the rule decides what is missing or wrong
    (a value that is not a number of hours is passed on as NaN, which the rule refuses)."""
    employment = dict(employment or {})
    hours = employment.get("hours_per_week")
    if hours in (None, ""):
        employment["hours_per_week"] = None
    else:
        try:
            employment["hours_per_week"] = Decimal(str(hours))
        except (InvalidOperation, ValueError):
            employment["hours_per_week"] = Decimal("NaN")
    return {
        "form": str(employment.get("form") or ""),
        "extent": str(employment.get("extent") or ""),
        "hours_per_week": employment["hours_per_week"],
        "wage_subsidy": employment.get("wage_subsidy")
        if isinstance(employment.get("wage_subsidy"), bool)
        else None,
        "employer": str(employment.get("employer") or ""),
        "occupation_ssyk": str(employment.get("occupation_ssyk") or ""),
    }


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
    require_case_worker(actor, referral, _("Recording an exit"))
    errors: dict[str, str] = {}
    if referral.stage == Stage.EXITED:
        raise ValidationFailed({"__all__": _("The person has already exited.")})
    job = _employment_errors(employment, errors)
    # One rule for every path (pages, API, transfer): engines/rules/exit.py.
    proposed = exit_rule.ProposedExit(
        reason=reason or "",
        date=date,
        reason_text=reason_text or "",
        employment=exit_rule.Employment(**job),
        studies_with_student_finance=studies_with_student_finance,
    )
    for problem in exit_rule.exit_problems(
        proposed,
        today=_today(),
        referred_on=timezone.localdate(referral.referred_at),
        known_ssyk=occupation_codes() if job["occupation_ssyk"].strip() else None,
    ):
        errors.setdefault(problem.field.value, problem.text(_))
    if errors:
        raise ValidationFailed(errors)
    assert date is not None and reason is not None
    if reason != ExitReason.WORK:
        job = {}
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
            employer=job.get("employer", "").strip(),
            occupation_ssyk=job.get("occupation_ssyk", "").strip(),
            studies_with_student_finance=studies_with_student_finance,
            recorded_by=actor,
        )
        referral.interruptions.filter(end__isnull=True).update(end=date)
        referral.stage = Stage.EXITED
        referral.save(update_fields=["stage", "updated_at"])
        exited_cases_close(exits=[(referral, date)], audit_context=audit_context)
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
