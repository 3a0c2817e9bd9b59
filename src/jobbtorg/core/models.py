from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.audit.models import AuditEntry

__all__ = ["AuditEntry", "BaseModel", "BilingualName"]


class BaseModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class BilingualName(models.Model):
    """Reference data named in Swedish and English; `name` follows the page's language."""

    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv
