from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummerJobsConfig(AppConfig):
    name = "jobbtorg.summerjobs"
    label = "summerjobs"
    verbose_name = _("Summer jobs")
