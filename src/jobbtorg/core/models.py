from django.db import models

from jobbtorg.core.audit.models import AuditEntry

__all__ = ["AuditEntry", "BaseModel"]


class BaseModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
