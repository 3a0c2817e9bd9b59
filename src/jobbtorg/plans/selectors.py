from typing import Any

from django.db.models import QuerySet

from jobbtorg.participants.selectors import referrals_visible_to
from jobbtorg.plans.models import PlanVersion


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
