"""The season pages (R26): the seasons, and one season with applied, eligible, placed and
accepted against the city's goal, by district, age and priority ground; the allocation rounds
with their figures and the committee's trade-off; the next round; and the steps of the season
its table allows. Aggregates only: no applicant is named here."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.summerjobs.models import SeasonStatus
from jobbtorg.summerjobs.permissions import (
    can_move_season,
    can_run_allocation,
    require_allocation_runner,
    require_season_reader,
)
from jobbtorg.summerjobs.selectors import (
    allocation_runs_visible_to,
    season_actions,
    season_figures,
    seasons_visible_to,
)
from jobbtorg.summerjobs.services import allocation_run, season_move
from jobbtorg.summerjobs.services.seasons import ACTION_WORDS
from jobbtorg.summerjobs.views.applications import refuse_unless


class RunForm(forms.Form):
    seed = forms.IntegerField(
        label=gettext_lazy("Seed"),
        min_value=0,
        help_text=gettext_lazy(
            "Any whole number, recorded with the run: with the same inputs and seed anyone can "
            "re-run the allocation and get the same result."
        ),
    )


@login_required
@require_GET
def season_list(request: HttpRequest) -> HttpResponse:
    refuse_unless(require_season_reader, request.user)
    return render(request, "summerjobs/seasons.html", {"seasons": seasons_visible_to(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def season_detail(request: HttpRequest, season_id: int) -> HttpResponse:
    user = request.user
    refuse_unless(require_season_reader, user)
    season = get_object_or_404(
        seasons_visible_to(user).prefetch_related("priority_grounds"), pk=season_id
    )
    run_form = RunForm(request.POST or None, initial={"seed": season.year})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "run":
            refuse_unless(require_allocation_runner, user, season)
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
            call_for_button(request, season_move, user, season, request.POST.get("step", ""))
            return redirect(request.path)
        else:
            raise PermissionDenied
    steps = (
        [(step.value, ACTION_WORDS[step]) for step in season_actions(season)]
        if can_move_season(user, season)
        else []
    )
    return render(
        request,
        "summerjobs/season.html",
        {
            "season": season,
            "figures": season_figures(season),
            "runs": allocation_runs_visible_to(user).filter(season=season).select_related("ran_by"),
            "run_form": run_form
            if can_run_allocation(user, season) and season.status == SeasonStatus.CLOSED
            else None,
            "steps": steps,
        },
    )
