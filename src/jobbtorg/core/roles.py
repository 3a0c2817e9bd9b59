"""The roles a staff account can have, and what each is tied to."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COACH = "coach", _("Coach")
    MATCHER = "matcher", _("Matcher")
    MANAGER = "manager", _("Jobbtorg manager")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Each of these works at one Jobbtorg and sees the people served there.
JOB_CENTRE_ROLES = frozenset({Role.COACH, Role.MATCHER, Role.MANAGER})
# The staff of a Jobbtorg who act on a case: the person's coach and the manager.
CASE_WORKERS = frozenset({Role.COACH, Role.MANAGER})
# The staff of a Jobbtorg who match people to work.
MATCHING_STAFF = frozenset({Role.MATCHER, Role.MANAGER})
# Who work with the cases of participants: a Jobbtorg's staff and the referring district's officers.
CASE_READERS = frozenset({Role.COACH, Role.MATCHER, Role.MANAGER, Role.DISTRICT_OFFICER})
# Who follow the key figures: the managers, the city's analysts and the administrators.
FOLLOW_UP_READERS = frozenset({Role.MANAGER, Role.ANALYST, Role.ADMINISTRATOR})


def scope_role(user: Any) -> str:
    """The role a scoping function goes by: "" for nobody, a signed-out visitor or a
    deactivated account, who see nothing whatever their role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")
