from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "jobbtorg.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from jobbtorg.matching import receivers

        receivers.connect()
