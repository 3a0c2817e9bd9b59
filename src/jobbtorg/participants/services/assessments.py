"""The assessment (R9), saved with a version so that a concurrent change is never lost, and
the health-related entries beside it."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ConcurrentChange, ValidationFailed
from jobbtorg.participants.models import Assessment, HealthEntry, Referral
from jobbtorg.participants.permissions import require_case_worker

ASSESSMENT_FIELDS = [
    "education_level",
    "education_field",
    "foreign_education",
    "work_history",
    "languages",
    "swedish_level",
    "sfi_test_result",
    "driving_licence",
    "wishes",
    "long_term_goal",
    "obstacles",
]


def assessment_update(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    assessment: Assessment,
    based_on_version: int,
    values: dict[str, Any],
) -> Assessment:
    """Save the assessment; refused when someone else saved since it was opened."""
    require_case_worker(actor, assessment.referral, _("Changing the assessment"))
    unknown = set(values) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ValidationFailed({"__all__": _("Unknown fields: %(f)s") % {"f": ", ".join(unknown)}})
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if current.version != based_on_version:
            raise ConcurrentChange(
                {
                    "__all__": _(
                        "Someone else saved the assessment at %(time)s. Your changes were not "
                        "saved: look at theirs and make yours again."
                    )
                    % {"time": timezone.localtime(current.updated_at).strftime("%H:%M")}
                }
            )
        before = {f: getattr(current, f) for f in values if getattr(current, f) != values[f]}
        for field, value in values.items():
            setattr(current, field, value)
        current.version += 1
        current.updated_by = actor
        current.save()
        audit.assessment_updated(
            audit_context, current, before=before, after={f: values[f] for f in before}
        )
    return current


def health_entry_add(
    *, actor: Any, audit_context: audit.AuditContext, referral: Referral, text: str
) -> HealthEntry:
    require_case_worker(actor, referral, _("Writing health-related entries"))
    if not (text or "").strip():
        raise ValidationFailed({"text": _("Write the entry.")})
    with transaction.atomic():
        entry = HealthEntry.objects.create(referral=referral, text=text.strip(), written_by=actor)
        audit.health_entry_added(audit_context, entry)
    return entry
