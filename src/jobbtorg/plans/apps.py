from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "jobbtorg.plans"
    label = "plans"
    verbose_name = _("Activity plans")

    def ready(self) -> None:
        # Keeps each case's deadline columns in step with its facts (plans/receivers.py).
        from jobbtorg.plans import receivers

        receivers.connect()
