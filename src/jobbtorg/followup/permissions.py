"""Who may see the key figures, the tertial report and the effect estimate.

They hold aggregates only and name no one. Managers, analysts and administrators see them;
analysts see every group under 5 people as "fewer than 5" (disclosure control), managers and
administrators see every group.
"""

from typing import Any

from jobbtorg.core.roles import FOLLOW_UP_READERS, Role, scope_role

# The people who see small groups as they are; the other follow-up readers (analysts) see
# aggregates only.
SMALL_GROUP_READERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


def can_view_key_figures(user: Any, obj: Any = None) -> bool:
    """The dashboard, the tertial report and the effect estimate."""
    return scope_role(user) in FOLLOW_UP_READERS


def can_see_small_groups(user: Any, obj: Any = None) -> bool:
    """Groups under 5 people shown with their value and n (else "fewer than 5")."""
    return scope_role(user) in SMALL_GROUP_READERS


def figures_are_suppressed_for(user: Any) -> bool:
    """A follow-up reader who sees groups under 5 people as "fewer than 5"."""
    return can_view_key_figures(user) and not can_see_small_groups(user)
