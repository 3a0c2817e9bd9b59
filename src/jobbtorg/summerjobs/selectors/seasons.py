"""Seasons: which one takes applications or reports, the steps the page offers, and the
season's figures (aggregates only: no applicant is named)."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jobbtorg.engines.rules.season_workflow import SEASON_WORKFLOW, SeasonAction
from jobbtorg.engines.rules.season_workflow import SeasonStatus as WorkflowStatus
from jobbtorg.engines.summerjobs.model import age_on, years_before
from jobbtorg.summerjobs.models import (
    AllocationRun,
    Offer,
    OfferStatus,
    Season,
    SeasonStatus,
    VerifiedPriority,
)
from jobbtorg.summerjobs.permissions import can_read_applications, can_read_season
from jobbtorg.summerjobs.selectors.applications import LIVE_OFFERS


def allocation_runs_visible_to(user: Any) -> QuerySet[AllocationRun]:
    """The rounds with their figures (their inputs name applications by id only)."""
    if not can_read_season(user):
        return AllocationRun.objects.none()
    return AllocationRun.objects.all()


def seasons_visible_to(user: Any) -> QuerySet[Season]:
    if not (can_read_season(user) or can_read_applications(user)):
        return Season.objects.none()
    return Season.objects.all()


# Seasons


def open_season(today: dt.date | None = None) -> Season | None:
    """The season taking applications today: inside its window and past set-up."""
    today = today or timezone.localdate()
    return (
        Season.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .exclude(status__in=[SeasonStatus.DRAFT, SeasonStatus.FINISHED])
        .order_by("-opens_on")
        .first()
    )


def upcoming_season(today: dt.date | None = None) -> Season | None:
    """The next season that will open (for the closed page), if one is set up."""
    today = today or timezone.localdate()
    return (
        Season.objects.filter(opens_on__gt=today)
        .exclude(status__in=[SeasonStatus.DRAFT, SeasonStatus.FINISHED])
        .order_by("opens_on")
        .first()
    )


def season_for_reports(today: dt.date | None = None) -> Season | None:
    """The season workplaces report places for: set up, not finished, applications not yet
    closed (places are reported before and while young people apply)."""
    today = today or timezone.localdate()
    return (
        Season.objects.filter(closes_on__gte=today)
        .exclude(status__in=[SeasonStatus.DRAFT, SeasonStatus.FINISHED])
        .order_by("opens_on")
        .first()
    )


def staff_season(user: Any, wanted: str = "") -> Season | None:
    """The season asked for (an id, else 404), else the newest."""
    seasons = seasons_visible_to(user).order_by("-year", "-opens_on")
    if wanted.isdigit():
        return get_object_or_404(seasons, pk=int(wanted))
    return seasons.first()


def season_actions(season: Season) -> list[SeasonAction]:
    """The steps the season's table allows from its status: all the page offers."""
    return sorted(SEASON_WORKFLOW.allowed_actions(WorkflowStatus(season.status)))


# The season's figures (aggregates only: no applicant is named)


def birth_date_range(season: Season) -> tuple[dt.date, dt.date]:
    """Born on or after the first date and on or before the second: aged min..max on the
    reference date."""
    ref = season.reference_date
    return (
        years_before(ref, season.max_age + 1) + dt.timedelta(days=1),
        years_before(ref, season.min_age),
    )


def _merge(
    applied: dict[Any, int], offers: dict[Any, tuple[int, int]], keys: list[Any]
) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "applied": applied.get(key, 0),
            "placed": offers.get(key, (0, 0))[0],
            "accepted": offers.get(key, (0, 0))[1],
        }
        for key in keys
    ]


def season_figures(season: Season) -> dict[str, Any]:
    """Counted from two sides so that a city's worth of applications is one group-by each:
    applications per key, and the (few) offers per key."""
    # People, not submissions: a later one sent without the code is not counted twice.
    applications = season.applications.filter(duplicate_of__isnull=True)
    offers = Offer.objects.filter(run__season=season, status__in=LIVE_OFFERS)
    earliest, latest = birth_date_range(season)
    live = Count("application_id", distinct=True)
    accepted = Count("application_id", distinct=True, filter=Q(status=OfferStatus.ACCEPTED))

    def offer_counts(key: str, queryset: Any = None) -> dict[Any, tuple[int, int]]:
        rows = (
            (queryset if queryset is not None else offers)
            .values(key)
            .annotate(placed=live, accepted=accepted)
        )
        return {row[key]: (row["placed"], row["accepted"]) for row in rows.order_by()}

    total_offers = offers.aggregate(placed=live, accepted=accepted)
    total = {
        "applied": applications.count(),
        "eligible": applications.filter(birth_date__gte=earliest, birth_date__lte=latest).count(),
        "placed": total_offers["placed"],
        "accepted": total_offers["accepted"],
    }
    district_applied = dict(
        applications.values_list("home_district__name").annotate(n=Count("pk")).order_by()
    )
    district_offers = offer_counts("application__home_district__name")
    by_district = [
        {"home_district__name": row["key"], **row}
        for row in _merge(
            district_applied, district_offers, sorted(set(district_applied) | set(district_offers))
        )
    ]
    by_age: dict[int, dict[str, int]] = defaultdict(
        lambda: {"applied": 0, "placed": 0, "accepted": 0}
    )
    for birth_date, n in applications.values_list("birth_date").annotate(n=Count("pk")).order_by():
        by_age[age_on(birth_date, season.reference_date)]["applied"] += n
    for birth_date, (placed, accepted_n) in offer_counts("application__birth_date").items():
        bucket = by_age[age_on(birth_date, season.reference_date)]
        bucket["placed"] += placed
        bucket["accepted"] += accepted_n
    priorities = VerifiedPriority.objects.filter(
        application__season=season, application__duplicate_of__isnull=True
    )
    ground_applied = dict(
        priorities.values_list("ground_id")
        .annotate(n=Count("application_id", distinct=True))
        .order_by()
    )
    ground_offers = offer_counts(
        "application__priorities__ground_id",
        offers.filter(application__priorities__isnull=False),
    )
    by_ground = [
        {
            "ground": ground,
            "applied": ground_applied.get(ground.pk, 0),
            "placed": ground_offers.get(ground.pk, (0, 0))[0],
            "accepted": ground_offers.get(ground.pk, (0, 0))[1],
        }
        for ground in season.priority_grounds.all()
    ]
    with_ground = priorities.values("application_id").distinct().count()
    with_ground_offers = offers.filter(application__priorities__isnull=False).aggregate(
        placed=live, accepted=accepted
    )
    without = {
        "applied": total["applied"] - with_ground,
        "placed": total["placed"] - with_ground_offers["placed"],
        "accepted": total["accepted"] - with_ground_offers["accepted"],
    }
    goal = season.goal or 0
    return {
        "total": total,
        "goal": goal,
        # A share of one, shown through the `percent` filter.
        "goal_share": total["accepted"] / goal if goal else None,
        "by_district": by_district,
        "by_age": [{"age": age, **by_age[age]} for age in sorted(by_age)],
        "by_ground": by_ground,
        "without_ground": without,
    }
