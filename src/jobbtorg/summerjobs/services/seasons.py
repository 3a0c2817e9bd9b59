"""Season set-up (R26): an administrator opens a season with its application window, the ages
that may apply (counted on a reference date), the priority grounds in their order (seeded with
the city's four), the number of choices, the periods and the city's goal; then moves it through
its steps (engines/rules/season_workflow.py)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.rules.season_workflow import SEASON_WORKFLOW, SeasonAction
from jobbtorg.engines.rules.season_workflow import SeasonStatus as WorkflowStatus
from jobbtorg.engines.rules.transitions import TransitionNotAllowed
from jobbtorg.summerjobs.models import PriorityGround, Season, SeasonStatus
from jobbtorg.summerjobs.permissions import require_season_mover, require_season_set_up

# The grounds cities use (R26), in the order they count: seeded with every new season and
# editable by the administrator.
DEFAULT_GROUNDS = [
    ("first_time", "Söker sommarjobb för första gången", "First-time applicant"),
    ("left_upper_secondary", "Har lämnat gymnasiet utan examen", "Left upper-secondary school"),
    ("disability", "Funktionsnedsättning", "Disability"),
    ("social_reasons", "Sociala skäl", "Social reasons"),
]
# What the season page's button says for each step.
ACTION_WORDS = {
    SeasonAction.OPEN: gettext_lazy("open the application window"),
    SeasonAction.CLOSE: gettext_lazy("close the application window"),
    SeasonAction.FINISH: gettext_lazy("finish the season"),
}


def seed_priority_grounds(season: Season) -> None:
    for rank, (code, name_sv, name_en) in enumerate(DEFAULT_GROUNDS, start=1):
        PriorityGround.objects.get_or_create(
            season=season,
            code=code,
            defaults={"rank": rank, "name_sv": name_sv, "name_en": name_en},
        )


def season_create(actor: Any, **values: Any) -> Season:
    require_season_set_up(actor)
    problems = {}
    if (
        values.get("closes_on")
        and values.get("opens_on")
        and values["closes_on"] < values["opens_on"]
    ):
        problems["closes_on"] = _("The window closes before it opens.")
    if (
        values.get("max_age") is not None
        and values.get("min_age") is not None
        and (values["max_age"] < values["min_age"])
    ):
        problems["max_age"] = _("The oldest age is below the youngest.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        season = Season.objects.create(created_by=actor, **values)
        seed_priority_grounds(season)
    return season


def season_move(actor: Any, season: Season, action: str) -> Season:
    """One step of the season's table (open, close, finish); anything else is refused."""
    require_season_mover(actor, season)
    with transaction.atomic():
        locked = Season.objects.select_for_update().get(pk=season.pk)
        try:
            after = SEASON_WORKFLOW.next_status(WorkflowStatus(locked.status), SeasonAction(action))
        except (ValueError, TransitionNotAllowed):
            # ValueError: not an action at all.
            raise ValidationFailed({"status": _("A season moves one step at a time.")}) from None
        if after == SeasonStatus.OPEN and not locked.periods.exists():
            raise ValidationFailed({"status": _("Add the periods before the window opens.")})
        locked.status = after
        locked.save(update_fields=["status", "updated_at"])
    season.status = locked.status
    season.updated_at = locked.updated_at
    return season
