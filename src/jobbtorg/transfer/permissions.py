"""Who may do what with transfers: the predicates the services raise on and the pages, menus
and templates ask."""

from typing import Any

from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.roles import Role, scope_role

# Jobbtorg managers upload their own Jobbtorg's case files; administrators the whole city's.
TRANSFER_IMPORTERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


def can_import_transfer(user: Any) -> bool:
    """Upload a transfer file, have it checked and import it."""
    return scope_role(user) in TRANSFER_IMPORTERS


def can_see_all_transfer_runs(user: Any) -> bool:
    """Every import run of the city, not only one's own."""
    return scope_role(user) == Role.ADMINISTRATOR


def import_refusal() -> str:
    return _("Jobbtorg managers and administrators import case files.")


def require_import_transfer(user: Any) -> None:
    if not can_import_transfer(user):
        raise NotAllowed(import_refusal())
