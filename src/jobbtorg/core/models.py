from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.audit.models import AuditEntry

__all__ = ["AuditEntry", "BaseModel", "BilingualName", "ScheduledRun", "WorkerHeartbeat"]


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
        return in_page_language(self.name_sv, self.name_en)


def in_page_language(name_sv: str, name_en: str) -> str:
    """A bilingual name in the page's language (for rows read without their model)."""
    return name_en if (get_language() or "sv").startswith("en") else name_sv


class WorkerHeartbeat(models.Model):
    """A running `jobbtorg worker`: it writes `last_seen` every few seconds. A task whose worker
    has been silent too long is queued again (core/tasks/worker.py), and /healthz reports the
    latest beat. The row goes when the worker stops cleanly."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname}:{self.pid}"


class ScheduledRun(models.Model):
    """One row per periodic task and day it was enqueued for: the unique pair is how several
    workers agree that only one of them enqueues it."""

    task_path = models.CharField(max_length=255)
    day = models.DateField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["task_path", "day"], name="one_scheduled_run_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.task_path} {self.day}"
