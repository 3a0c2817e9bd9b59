from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "jobbtorg.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Deactivating an account or changing its password ends its API tokens.
        from jobbtorg.organisation import signals  # noqa: F401
