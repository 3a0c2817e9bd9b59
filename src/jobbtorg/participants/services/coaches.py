"""The personal coach of a case: chosen at the first meeting, changed with history."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import CoachAssignment, Referral, Stage
from jobbtorg.participants.permissions import can_be_coach_of, require_case_worker


def coach_at_centre(coach: User | str, referral: Referral, errors: dict[str, str]) -> User | None:
    found = (
        coach
        if isinstance(coach, User)
        else User.objects.filter(username=coach, is_active=True).first()
    )
    if found is None or not can_be_coach_of(found, referral):
        errors["coach"] = _("Choose a coach at Jobbtorg %(centre)s.") % {
            "centre": referral.job_centre.name
        }
        return None
    return found


def coach_change(
    *, actor: Any, audit_context: audit.AuditContext, referral: Referral, coach: User | str
) -> Referral:
    """A new personal coach from today; the earlier ones stay in the history."""
    require_case_worker(actor, referral, _("Changing the coach"))
    errors: dict[str, str] = {}
    if referral.stage != Stage.ENROLLED:
        errors["__all__"] = _("A coach is assigned at the first meeting.")
    new_coach = coach_at_centre(coach, referral, errors)
    if new_coach is not None and new_coach.pk == referral.coach_id:
        errors["coach"] = _("%(coach)s is already the personal coach.") % {
            "coach": new_coach.get_full_name() or new_coach.username
        }
    if errors:
        raise ValidationFailed(errors)
    assert new_coach is not None
    with transaction.atomic():
        before = referral.coach.username if referral.coach else ""
        referral.coach = new_coach
        referral.save(update_fields=["coach", "updated_at"])
        CoachAssignment.objects.create(
            referral=referral,
            coach=new_coach,
            assigned_from=timezone.localdate(),
            assigned_by=actor,
        )
        audit.coach_assigned(audit_context, referral, before, new_coach.username)
    return referral
