from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jobbtorg.core.roles import Role


def jobbtorg(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "user_role_label": Role(role).label if role in Role.values else "",
        "user_sees_participants": role
        in {Role.COACH, Role.MATCHER, Role.MANAGER, Role.DISTRICT_OFFICER},
        "user_is_administrator": role == Role.ADMINISTRATOR,
        "user_is_officer": role == Role.DISTRICT_OFFICER,
        "user_publishes_times": role in {Role.COACH, Role.MANAGER},
        "user_imports_transfers": role in {Role.MANAGER, Role.ADMINISTRATOR},
    }
