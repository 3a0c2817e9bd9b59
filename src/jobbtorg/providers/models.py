from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel


class Provider(BaseModel):
    """Runs activities (anordnare). A stub until the providers issue fills in the register."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name
