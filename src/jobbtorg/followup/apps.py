from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "jobbtorg.followup"
    label = "followup"
    verbose_name = _("Follow-up and key figures")

    def ready(self) -> None:
        from jobbtorg.followup import receivers

        receivers.connect()
