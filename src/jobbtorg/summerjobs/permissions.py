"""Who may do what with summer jobs (R26). Services raise NotAllowed on these predicates; the
pages, their buttons and the menu ask the same ones.

Matchers and managers of any Jobbtorg handle summer jobs (the season is the city's, not one
Jobbtorg's): the workplaces, the applications and the allocation. Administrators set up a
season and move it through its steps but see no personal data: like analysts, they follow the
season on its page of aggregates.
"""

from typing import Any

from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.roles import MATCHING_STAFF, Role, scope_role

# Those who handle summer jobs and see applicants' names.
SUMMER_STAFF = MATCHING_STAFF
# Those who read a season's figures (aggregates only, no applicant is named there).
SEASON_READERS = frozenset({Role.MATCHER, Role.MANAGER, Role.ADMINISTRATOR, Role.ANALYST})
# Who set up a season and move it through its steps.
SEASON_KEEPERS = frozenset({Role.ADMINISTRATOR})


def can_read_applications(user: Any) -> bool:
    """The staff pages of summer jobs: workplaces awaiting approval, the applications."""
    return scope_role(user) in SUMMER_STAFF


def can_handle_application(user: Any, application: Any = None) -> bool:
    """Verify or remove a priority ground, keep or remove a later submission."""
    return scope_role(user) in SUMMER_STAFF


def can_decide_workplace(user: Any, workplace: Any = None) -> bool:
    return scope_role(user) in SUMMER_STAFF


def can_run_allocation(user: Any, season: Any = None) -> bool:
    return scope_role(user) in SUMMER_STAFF


def can_read_season(user: Any, season: Any = None) -> bool:
    return scope_role(user) in SEASON_READERS


def can_set_up_season(user: Any) -> bool:
    return scope_role(user) in SEASON_KEEPERS


def can_move_season(user: Any, season: Any = None) -> bool:
    return scope_role(user) in SEASON_KEEPERS


def require_summer_staff(user: Any) -> None:
    """Refuse (NotAllowed) whoever does not handle summer jobs, with who does."""
    if not can_read_applications(user):
        raise NotAllowed(_("Summer jobs are handled by matchers and managers of the Jobbtorg."))


def require_application_handler(user: Any, application: Any = None) -> None:
    require_summer_staff(user)
    if not can_handle_application(user, application):
        raise NotAllowed(_("This is done by a matcher or a manager of a Jobbtorg."))


def require_workplace_decider(user: Any, workplace: Any = None) -> None:
    require_summer_staff(user)
    if not can_decide_workplace(user, workplace):
        raise NotAllowed(_("This is done by a matcher or a manager of a Jobbtorg."))


def require_allocation_runner(user: Any, season: Any = None) -> None:
    if not can_run_allocation(user, season):
        raise NotAllowed(_("Matchers and managers run the allocation."))


def require_season_reader(user: Any, season: Any = None) -> None:
    if not can_read_season(user, season):
        raise NotAllowed(_("The season's figures are for staff and analysts."))


def require_season_set_up(user: Any) -> None:
    if not can_set_up_season(user):
        raise NotAllowed(_("An administrator sets up a season."))


def require_season_mover(user: Any, season: Any = None) -> None:
    if not can_move_season(user, season):
        raise NotAllowed(_("An administrator opens and closes a season."))
