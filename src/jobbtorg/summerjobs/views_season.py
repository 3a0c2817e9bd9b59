"""The season page (R26): applied, eligible, placed and accepted against the city's goal, by
district, age and priority ground; the allocation rounds with their figures and the committee's
trade-off; the next round. Aggregates only: no applicant is named here."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.roles import Role
from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.engines.summerjobs.model import age_on
from jobbtorg.summerjobs.allocation import LIVE_OFFERS, RUNNERS, allocation_run
from jobbtorg.summerjobs.models import Offer, OfferStatus, Season, SeasonStatus, VerifiedPriority
from jobbtorg.summerjobs.seasons import STATUS_ORDER, STATUS_WORDS, season_move

READERS = {Role.MATCHER, Role.MANAGER, Role.ADMINISTRATOR, Role.ANALYST}


class RunForm(forms.Form):
    seed = forms.IntegerField(
        label=gettext_lazy("Seed"),
        min_value=0,
        help_text=gettext_lazy(
            "Any whole number, recorded with the run: with the same inputs and seed anyone can "
            "re-run the allocation and get the same result."
        ),
    )


def _require_reader(user: Any) -> None:
    if getattr(user, "role", "") not in READERS:
        raise PermissionDenied(_("The season's figures are for staff and analysts."))


def birth_date_range(season: Season) -> tuple[dt.date, dt.date]:
    """Born on or after the first date and on or before the second: aged min..max on the
    reference date."""
    ref = season.reference_date

    def years_before(years: int) -> dt.date:
        try:
            return ref.replace(year=ref.year - years)
        except ValueError:  # 29 February
            return ref.replace(year=ref.year - years, day=28)

    return years_before(season.max_age + 1) + dt.timedelta(days=1), years_before(season.min_age)


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
        "goal_share": round(100 * total["accepted"] / goal) if goal else None,
        "by_district": by_district,
        "by_age": [{"age": age, **by_age[age]} for age in sorted(by_age)],
        "by_ground": by_ground,
        "without_ground": without,
    }


@login_required
@require_GET
def season_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    return render(request, "summerjobs/seasons.html", {"seasons": Season.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def season_detail(request: HttpRequest, season_id: int) -> HttpResponse:
    user = request.user
    _require_reader(user)
    season = Season.objects.filter(pk=season_id).prefetch_related("priority_grounds").first()
    if season is None:
        raise Http404
    role = getattr(user, "role", "")
    run_form = RunForm(request.POST or None, initial={"seed": season.year})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "run":
            if role not in RUNNERS:
                raise PermissionDenied(_("Matchers and managers run the allocation."))
            if run_form.is_valid():
                run = call_service(
                    run_form,
                    allocation_run,
                    ctx=audit_context(request),
                    season=season,
                    seed=run_form.cleaned_data["seed"],
                    field_map={"__all__": "seed"},
                )
                if run is not None:
                    messages.success(
                        request,
                        _("Round %(n)s is run: %(placed)s offers are sent.")
                        % {"n": run.round_number, "placed": run.figures.get("placed", 0)},
                    )
                    return redirect(request.path)
        elif action == "move":
            call_for_button(request, season_move, user, season, request.POST.get("status", ""))
            return redirect(request.path)
        else:
            raise PermissionDenied
    position = STATUS_ORDER.index(SeasonStatus(season.status))
    next_status = STATUS_ORDER[position + 1] if position + 1 < len(STATUS_ORDER) else None
    return render(
        request,
        "summerjobs/season.html",
        {
            "season": season,
            "figures": season_figures(season),
            "runs": season.runs.select_related("ran_by"),
            "run_form": run_form
            if role in RUNNERS and season.status == SeasonStatus.CLOSED
            else None,
            "next_status": next_status,
            "next_status_words": STATUS_WORDS.get(next_status) if next_status else None,
            "may_move": role == Role.ADMINISTRATOR,
        },
    )
