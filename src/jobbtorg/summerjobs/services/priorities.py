"""Priority grounds staff verify from documents (R26), never self-declared, and take back when
recorded on the wrong applicant. Both are audited."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.summerjobs.models import PriorityGround, SummerApplication, VerifiedPriority
from jobbtorg.summerjobs.permissions import require_application_handler


def priority_verify(
    *,
    application: SummerApplication,
    ground: PriorityGround,
    note: str,
    user: Any,
    context: audit.AuditContext,
) -> VerifiedPriority:
    """Record a priority ground that staff verified from a document (named in `note`)."""
    require_application_handler(user, application)
    errors: dict[str, str] = {}
    if application.duplicate_of_id is not None:
        errors["ground"] = _(
            "This is a later submission: keep it or remove it first (at the top of the page)."
        )
    elif ground.season_id != application.season_id:
        errors["ground"] = _("Choose one of this season's priority grounds.")
    if not note.strip():
        errors["note"] = _("Say which document you saw, e.g. a certificate from the school.")
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            verified = VerifiedPriority.objects.create(
                application=application, ground=ground, verified_by=user, note=note.strip()
            )
            audit.summer_priority_verified(context, application, ground.code)
    except IntegrityError:
        raise ValidationFailed(
            {"ground": _("This priority ground is already verified for the applicant.")}
        ) from None
    return verified


def priority_remove(*, verified: VerifiedPriority, user: Any, context: audit.AuditContext) -> None:
    require_application_handler(user, verified.application)
    with transaction.atomic():
        application = verified.application
        code = verified.ground.code
        verified.delete()
        audit.summer_priority_removed(context, application, code)
