from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from jobbtorg.core.roles import Role, scope_role
from jobbtorg.participants.models import Stage
from jobbtorg.participants.selectors import referrals_visible_to
from jobbtorg.plans.models import PlanActivity, PlanStatus, PlanVersion


def plans_visible_to(user: Any) -> QuerySet[PlanVersion]:
    """Plan versions of the cases the user may see (the scoping function for plans)."""
    return (
        PlanVersion.objects.filter(referral__in=referrals_visible_to(user))
        .select_related(
            "referral__participant__home_district",
            "referral__job_centre",
            "written_by",
            "decided_by",
        )
        .prefetch_related("activities__activity_type", "activities__provider")
    )


def provider_activities_visible_to(user: Any) -> QuerySet[PlanActivity]:
    """The provider portal's scope: activities at the user's provider in active (approved) plans
    of open cases, ending today or later. Provider staff see these people through their
    activities only, never the person's case, assessment or health entries."""
    if scope_role(user) != Role.PROVIDER_STAFF or not user.provider_id:
        return PlanActivity.objects.none()
    return (
        PlanActivity.objects.filter(
            provider_id=user.provider_id,
            plan__status=PlanStatus.APPROVED,
            plan__referral__stage=Stage.ENROLLED,
            end__gte=timezone.localdate(),
        )
        .select_related("activity_type", "plan__referral__participant")
        .order_by("start", "plan__referral__participant__last_name")
    )
