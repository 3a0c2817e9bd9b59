"""The administrator designates lex Sarah officers and ends their designations."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.lex_sarah.models import (
    OfficerDesignation,
)
from jobbtorg.lex_sarah.permissions import (
    can_be_designated,
    can_designate_officers,
)


def designate_officer(
    *, actor: Any, user: Any, job_centre: Any, audit_context: audit.AuditContext
) -> OfficerDesignation:
    """The administrator designates a named staff account lex Sarah officer for `job_centre`
    (None: city-wide)."""
    if not can_designate_officers(actor):
        raise NotAllowed(_("Lex Sarah officers are designated by an administrator."))
    if not can_be_designated(user, job_centre):
        raise ValidationFailed(
            {
                "user": _(
                    "Only an active account of a Jobbtorg's staff (for their own Jobbtorg or "
                    "city-wide), an analyst or an administrator can be designated."
                )
            }
        )
    with transaction.atomic():
        exists = OfficerDesignation.objects.select_for_update().filter(
            user=user, job_centre=job_centre, ended_at__isnull=True
        )
        if exists.exists():
            raise ValidationFailed({"user": _("The account is already designated for that.")})
        designation = OfficerDesignation.objects.create(
            user=user, job_centre=job_centre, designated_by=actor
        )
        audit.lex_sarah_officer_designated(audit_context, designation)
    return designation


def end_designation(
    *, actor: Any, designation: OfficerDesignation, audit_context: audit.AuditContext
) -> OfficerDesignation:
    if not can_designate_officers(actor):
        raise NotAllowed(_("Lex Sarah officers are designated by an administrator."))
    with transaction.atomic():
        current = OfficerDesignation.objects.select_for_update().get(pk=designation.pk)
        if current.ended_at is not None:
            raise ValidationFailed({"__all__": _("The designation has already ended.")})
        current.ended_at = timezone.now()
        current.ended_by = actor
        current.save(update_fields=["ended_at", "ended_by", "updated_at"])
        audit.lex_sarah_designation_ended(audit_context, current)
    return current
