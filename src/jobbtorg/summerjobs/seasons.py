"""Season set-up (R26): an administrator opens a season with its application window, the ages
that may apply (counted on a reference date), the priority grounds in their order (seeded with
the city's four), the number of choices, the periods and the city's goal."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import Role
from jobbtorg.summerjobs.models import PriorityGround, Season, SeasonStatus

# The grounds cities use (R26), in the order they count: seeded with every new season and
# editable by the administrator.
DEFAULT_GROUNDS = [
    ("first_time", "Söker sommarjobb för första gången", "First-time applicant"),
    ("left_upper_secondary", "Har lämnat gymnasiet utan examen", "Left upper-secondary school"),
    ("disability", "Funktionsnedsättning", "Disability"),
    ("social_reasons", "Sociala skäl", "Social reasons"),
]
STATUS_ORDER = [SeasonStatus.DRAFT, SeasonStatus.OPEN, SeasonStatus.CLOSED, SeasonStatus.FINISHED]
STATUS_WORDS = {
    SeasonStatus.OPEN: gettext_lazy("open the application window"),
    SeasonStatus.CLOSED: gettext_lazy("close the application window"),
    SeasonStatus.FINISHED: gettext_lazy("finish the season"),
}


def seed_priority_grounds(season: Season) -> None:
    for rank, (code, name_sv, name_en) in enumerate(DEFAULT_GROUNDS, start=1):
        PriorityGround.objects.get_or_create(
            season=season,
            code=code,
            defaults={"rank": rank, "name_sv": name_sv, "name_en": name_en},
        )


def season_create(actor: Any, **values: Any) -> Season:
    if getattr(actor, "role", None) != Role.ADMINISTRATOR:
        raise NotAllowed(_("An administrator sets up a season."))
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


def season_move(actor: Any, season: Season, to: str) -> Season:
    """Statuses go forward one step at a time: draft, open, closed, finished."""
    if getattr(actor, "role", None) != Role.ADMINISTRATOR:
        raise NotAllowed(_("An administrator opens and closes a season."))
    if to not in STATUS_ORDER or STATUS_ORDER.index(to) != STATUS_ORDER.index(season.status) + 1:
        raise ValidationFailed({"status": _("A season moves one step at a time.")})
    if to == SeasonStatus.OPEN and not season.periods.exists():
        raise ValidationFailed({"status": _("Add the periods before the window opens.")})
    season.status = to
    season.save(update_fields=["status", "updated_at"])
    return season
