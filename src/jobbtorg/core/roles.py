"""The roles a staff account can have, and what each is tied to."""

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
# Roles that may never see personal data, whatever else they may do.
ROLES_WITHOUT_PERSONAL_DATA = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
