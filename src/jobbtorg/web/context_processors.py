"""What every page's frame needs: the demo flag, the signed-in role's name and which entries
of the main menu the role sees. Each entry asks the role set that guards its pages, so the menu
offers nothing the page would refuse."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jobbtorg.core.roles import (
    CASE_READERS,
    CASE_WORKERS,
    FOLLOW_UP_READERS,
    JOB_CENTRE_ROLES,
    MATCHING_STAFF,
    Role,
)
from jobbtorg.providers.payments import ROLES_THAT_PREVIEW
from jobbtorg.transfer.uploads import ROLES_THAT_IMPORT


def jobbtorg(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "user_role_label": Role(role).label if role in Role.values else "",
        "user_sees_participants": role in CASE_READERS,
        "user_is_administrator": role == Role.ADMINISTRATOR,
        "user_is_officer": role == Role.DISTRICT_OFFICER,
        "user_publishes_times": role in CASE_WORKERS,
        "user_imports_transfers": role in ROLES_THAT_IMPORT,
        "user_sees_offerings": role in JOB_CENTRE_ROLES,
        "user_matches": role in JOB_CENTRE_ROLES,
        "user_handles_summer_jobs": role in MATCHING_STAFF,
        # The other readers of the key figures (analysts, administrators) follow the seasons.
        "user_reads_summer_seasons": role in FOLLOW_UP_READERS and role not in MATCHING_STAFF,
        "user_sees_payments": role in ROLES_THAT_PREVIEW,
        "user_follows_up": role in FOLLOW_UP_READERS,
    }
