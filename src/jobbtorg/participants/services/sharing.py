"""The person's consent to share one case with another unit (a Jobbtorg or a district).

Without it a case stays with the unit that holds it: the Jobbtorg it is at and the district
that referred it. The holding unit records the consent, naming the unit and what is shared;
a withdrawal ends it. Both are audited."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.organisation.models import District, JobCentre
from jobbtorg.participants.models import CaseSharingConsent, Referral, SharedPart
from jobbtorg.participants.permissions import can_record_sharing


def _require_holder(actor: Any, referral: Referral) -> None:
    if not can_record_sharing(actor, referral):
        raise NotAllowed(
            _(
                "Consent to share a case is recorded by the unit that holds it: the coach or "
                "manager of its Jobbtorg, or an officer of the district that referred it."
            )
        )


def unit_choice(unit: JobCentre | District) -> str:
    """How a unit is named in a form or the API: `jobbtorg:<slug>` or `district:<slug>`."""
    kind = "jobbtorg" if isinstance(unit, JobCentre) else "district"
    return f"{kind}:{unit.slug}"


def _unit_from(value: str) -> JobCentre | District | None:
    kind, _sep, slug = (value or "").partition(":")
    if kind == "jobbtorg":
        return JobCentre.objects.filter(slug=slug).first()
    if kind == "district":
        return District.objects.filter(slug=slug).first()
    return None


def case_sharing_consent_record(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    unit: str,
    shared_part: str,
) -> CaseSharingConsent:
    """Record the person's consent that `unit` may read this case (what: `shared_part`)."""
    _require_holder(actor, referral)
    errors: dict[str, str] = {}
    found = _unit_from(unit)
    if found is None:
        errors["unit"] = _("Choose the Jobbtorg or district the person consents to share with.")
    elif (isinstance(found, JobCentre) and found.pk == referral.job_centre_id) or (
        isinstance(found, District) and found.pk == referral.district_id
    ):
        errors["unit"] = _("That unit holds the case already.")
    if shared_part not in SharedPart.values:
        errors["shared_part"] = _("Choose what the person consents to share.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        consent = CaseSharingConsent.objects.create(
            referral=referral,
            job_centre=found if isinstance(found, JobCentre) else None,
            district=found if isinstance(found, District) else None,
            shared_part=shared_part,
            recorded_by=actor,
        )
        audit.case_shared(audit_context, consent)
    return consent


def case_sharing_consent_withdraw(
    *, actor: Any, audit_context: audit.AuditContext, consent: CaseSharingConsent
) -> CaseSharingConsent:
    """The person withdraws the consent: the other unit no longer sees the case."""
    _require_holder(actor, consent.referral)
    with transaction.atomic():
        changed = CaseSharingConsent.objects.filter(
            pk=consent.pk, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now(), withdrawn_by=actor)
        consent.refresh_from_db()
        if changed:
            audit.case_sharing_withdrawn(audit_context, consent)
    return consent
