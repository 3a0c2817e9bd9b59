"""What keeps a case's deadline columns (`plans/case_deadlines.py`) in step with the facts the
rules read: a save of a case, an interruption, an exception to the limit, a plan version, an
activity or a follow-up keeps the case's deadlines again, in the transaction of the change.

Signals, not calls in the services: cases, interruptions and exceptions are written by many
services of the participants app (referral, enrolment, first meeting, exit, moves), which sits
below plans and may not call it (the matching index is kept fresh the same way). The receivers
decide nothing: they find the case and call the service. Bulk writes send no signal: their
services call `case_deadlines_keep` themselves, and the lists keep again any enrolled case
they find without kept deadlines.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from jobbtorg.participants.models import Interruption, LimitException, Referral
from jobbtorg.plans.case_deadlines import case_deadlines_keep, case_deadlines_mark_out_of_date
from jobbtorg.plans.models import CaseDeadlineSummary, FollowUp, PlanActivity, PlanVersion
from jobbtorg.providers.models import ActivityType

# The fields of a case the rules read; a save that names only others changes nothing.
CASE_FIELDS = {"stage", "enrolled_on"}


def _cases_of(instance: Any) -> list[Any]:
    if isinstance(instance, Referral):
        return [instance.pk]
    if isinstance(instance, (Interruption, LimitException, PlanVersion)):
        return [instance.referral_id]
    if isinstance(instance, PlanActivity):
        plans = PlanVersion.objects.filter(pk=instance.plan_id)
        return list(plans.values_list("referral_id", flat=True))
    activities = PlanActivity.objects.filter(pk=instance.activity_id)
    return list(activities.values_list("plan__referral_id", flat=True))


def fact_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    fields = kwargs.get("update_fields")
    if sender is Referral and fields is not None and not CASE_FIELDS & set(fields):
        return
    case_deadlines_keep(referral_ids=_cases_of(instance))


def fact_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    case_deadlines_mark_out_of_date(_cases_of(instance))


def activity_type_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A type's name or longest length changed: the cases with such an activity are kept again
    when next listed (or by the nightly rebuild); there may be thousands."""
    if kwargs.get("raw") or kwargs.get("created"):
        return
    CaseDeadlineSummary.objects.filter(
        referral__plan_versions__activities__activity_type=instance
    ).update(computed_on=None)


def connect() -> None:
    for model in (Referral, Interruption, LimitException, PlanVersion, PlanActivity, FollowUp):
        post_save.connect(fact_saved, sender=model, dispatch_uid=f"deadlines-{model.__name__}")
        post_delete.connect(
            fact_deleted, sender=model, dispatch_uid=f"deadlines-d-{model.__name__}"
        )
    post_save.connect(activity_type_saved, sender=ActivityType, dispatch_uid="deadlines-type")
