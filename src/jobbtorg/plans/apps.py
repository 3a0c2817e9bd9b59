from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "jobbtorg.plans"
    label = "plans"
    verbose_name = _("Activity plans")
