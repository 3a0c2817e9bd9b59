"""Exceptions to the 18-month limit (R13): the coach asks, the manager of the Jobbtorg decides."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import LimitException, Referral, Stage
from jobbtorg.participants.permissions import can_decide_limit_exception, require_case_worker
from jobbtorg.participants.selectors import participation_end_of


def limit_exception_request(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    reason: str,
    until: dt.date | None,
) -> LimitException:
    """The coach asks, with reasons, that the participation go on past 18 months (R13)."""
    require_case_worker(actor, referral, _("Asking for an exception"))

    errors: dict[str, str] = {}
    if referral.stage != Stage.ENROLLED:
        errors["__all__"] = _("Only an ongoing participation can be extended.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reasons for the exception.")
    ends = participation_end_of(referral)
    if until is None:
        errors["until"] = _("Give the date the participation should go on until.")
    elif ends is not None and until <= ends:
        errors["until"] = _("The date must be after the limit, %(date)s.") % {"date": ends}
    if referral.limit_exceptions.filter(approved__isnull=True).exists():
        errors["__all__"] = _("An exception already awaits the manager's decision.")
    if errors:
        raise ValidationFailed(errors)
    assert until is not None
    with transaction.atomic():
        exception = LimitException.objects.create(
            referral=referral, reason=reason.strip(), until=until, requested_by=actor
        )
        audit.limit_exception_requested(audit_context, exception)
    return exception


def limit_exception_decide(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    exception: LimitException,
    approve: bool,
    note: str = "",
) -> LimitException:
    """The manager of the Jobbtorg approves or refuses the exception."""
    if not can_decide_limit_exception(actor, exception.referral):
        raise NotAllowed(
            _("Only the manager of Jobbtorg %(centre)s decides on exceptions.")
            % {"centre": exception.referral.job_centre.name}
        )
    if exception.approved is not None:
        raise ValidationFailed({"__all__": _("The exception is already decided.")})
    if exception.referral.stage != Stage.ENROLLED:
        raise ValidationFailed({"__all__": _("The participation has ended: nothing to decide.")})
    if not approve and not (note or "").strip():
        raise ValidationFailed({"note": _("Say why the exception is refused.")})
    with transaction.atomic():
        exception.approved = approve
        exception.decided_by = actor
        exception.decided_at = timezone.now()
        exception.decision_note = (note or "").strip()
        exception.save()
        audit.limit_exception_decided(audit_context, exception)
    return exception
