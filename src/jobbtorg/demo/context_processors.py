"""In demo mode the sign-in page lists the demo accounts and their password."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jobbtorg.demo.data import DEMO_PASSWORD, DEMO_USERS


def demo_accounts(request: HttpRequest) -> dict[str, Any]:
    if not settings.DEMO_MODE:
        return {}
    return {"demo_users": DEMO_USERS, "demo_password": DEMO_PASSWORD}
