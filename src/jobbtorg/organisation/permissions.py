"""Who may manage the organisation's data: staff accounts, API tokens, Jobbtorg and districts
and which Jobbtorg a district belongs to. Administrators only; the reference data itself (which
Jobbtorg serves which district) is read by everyone."""

from typing import Any

from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.roles import Role, scope_role

ACCOUNT_MANAGERS = frozenset({Role.ADMINISTRATOR})


def can_manage_accounts(user: Any, account: Any = None) -> bool:
    """Create, change and deactivate staff accounts and their API tokens."""
    return scope_role(user) in ACCOUNT_MANAGERS


def can_manage_units(user: Any, unit: Any = None) -> bool:
    """Set up Jobbtorg and districts and move a district to another Jobbtorg."""
    return scope_role(user) in ACCOUNT_MANAGERS


def require_account_manager(user: Any) -> None:
    if not can_manage_accounts(user):
        raise NotAllowed(_("An administrator manages staff accounts."))


def require_unit_manager(user: Any) -> None:
    if not can_manage_units(user):
        raise NotAllowed(_("An administrator decides which Jobbtorg a district belongs to."))
