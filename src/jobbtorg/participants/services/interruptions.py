"""Interruptions of a participation (R17): the 18-month clock stops until the restart."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.participants.models import (
    EventKind,
    Interruption,
    InterruptionReason,
    Referral,
    Stage,
)
from jobbtorg.participants.permissions import require_case_worker
from jobbtorg.participants.services.district_events import district_event_record


def interruption_start_check(
    *,
    actor: Any,
    referral: Referral,
    reason: str,
    start: dt.date,
    expected_end: dt.date | None = None,
    reason_text: str = "",
) -> None:
    """What `interruption_start` would refuse, every problem at once, without writing: a page
    asks for confirmation only of an interruption that would be accepted."""
    require_case_worker(actor, referral, _("Interrupting"))
    errors: dict[str, str] = {}
    if referral.stage != Stage.ENROLLED:
        errors["__all__"] = _("Only an enrolled participation can be interrupted.")
    if reason not in InterruptionReason.values:
        errors["reason"] = _(
            "Choose the reason: pregnancy, parental leave, illness, or another reason."
        )
    elif reason == InterruptionReason.OTHER and not (reason_text or "").strip():
        errors["reason_text"] = _("Explain the interruption when the reason is other.")
    if referral.enrolled_on and start < referral.enrolled_on:
        errors["start"] = _("The interruption cannot start before the enrolment (%(date)s).") % {
            "date": referral.enrolled_on.isoformat()
        }
    if expected_end is not None and expected_end < start:
        errors["expected_end"] = _("The expected end cannot be before the start.")
    if referral.interruptions.filter(end__isnull=True).exists():
        errors["__all__"] = _("The participation is already interrupted: end that first.")
    if errors:
        raise ValidationFailed(errors)


def interruption_start(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    reason: str,
    start: dt.date,
    expected_end: dt.date | None = None,
    reason_text: str = "",
) -> Interruption:
    """Pause the participation (R17): the 18-month clock stops, activities are paused."""
    interruption_start_check(
        actor=actor,
        referral=referral,
        reason=reason,
        start=start,
        expected_end=expected_end,
        reason_text=reason_text,
    )
    with transaction.atomic():
        interruption = Interruption.objects.create(
            referral=referral,
            reason=reason,
            reason_text=(reason_text or "").strip(),
            start=start,
            expected_end=expected_end,
            recorded_by=actor,
        )
        district_event_record(
            referral=referral,
            kind=EventKind.INTERRUPTION_STARTED,
            summary=_("Interrupted from %(date)s: %(reason)s.")
            % {"date": start, "reason": InterruptionReason(reason).label},
            data={
                "interruption": str(interruption.pk),
                "reason": reason,
                "start": start.isoformat(),
            },
        )
        audit.interruption_started(
            audit_context, interruption, after={"reason": reason, "start": start.isoformat()}
        )
    return interruption


def interruption_end(
    *, actor: Any, audit_context: audit.AuditContext, interruption: Interruption, end: dt.date
) -> Interruption:
    referral = interruption.referral
    require_case_worker(actor, referral, _("Restarting"))
    if interruption.end is not None:
        raise ValidationFailed({"__all__": _("The interruption has already ended.")})
    if end > timezone.localdate():
        raise ValidationFailed({"end": _("Record the restart on the day it happens, not before.")})
    if end < interruption.start:
        raise ValidationFailed(
            {
                "end": _("The end cannot be before the start (%(date)s).")
                % {"date": interruption.start}
            }
        )
    with transaction.atomic():
        interruption.end = end
        interruption.save(update_fields=["end", "updated_at"])
        district_event_record(
            referral=referral,
            kind=EventKind.INTERRUPTION_ENDED,
            summary=_("Participation restarted on %(date)s.") % {"date": end},
            data={"interruption": str(interruption.pk), "end": end.isoformat()},
        )
        audit.interruption_ended(audit_context, interruption)
    return interruption
