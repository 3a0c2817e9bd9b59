from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel


class AssistanceMonth(BaseModel):
    """Social assistance paid to a person's household in a month, as the district reports it
    (R29). People who were never participants appear too: they are the comparison pool."""

    # Found through the unique constraint's index (personnummer, month): an index of its own
    # (and PostgreSQL's second one, for LIKE) only cost every insert of an import.
    personal_identity_number = models.CharField(max_length=12)
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_months",
    )
    # The first day of the month.
    month = models.DateField()
    amount_sek = models.DecimalField(max_digits=12, decimal_places=2)
    # The district the assistance was paid in, when the file says (the optional column
    # `district`); the effect estimate matches the comparison pool on it.
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("month of social assistance")
        verbose_name_plural = _("months of social assistance")
        ordering = ["personal_identity_number", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["personal_identity_number", "month"], name="one_amount_per_person_and_month"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_sek__gte=0), name="assistance_is_not_negative"
            ),
        ]


class RunStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking the file")
    VALIDATED = "validated", _("Checked: ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    UNUSABLE = "unusable", _("The file cannot be used")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded: the file is deleted")


class ImportRun(BaseModel):
    """One import, who made it, from what, and what came of it (the reconciliation). A file
    uploaded on the page is checked first (a dry run) and imported when the person confirms;
    a worker does both (`transfer/tasks.py`)."""

    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.DONE)
    # Where an uploaded file is kept until it is imported.
    stored_file = models.CharField(max_length=500, blank=True)
    # For the page while it runs: {step: check|import, people: {done, total},
    # files: {name: {done, total}}}.
    progress = models.JSONField(default=dict, blank=True)
    # How far a writing import has come, committed with each batch of people, so that an
    # import whose worker died goes on after the last person written (imports.Checkpoint).
    checkpoint = models.JSONField(default=dict, blank=True)
    # The request that started the step the worker runs (AuditContext.as_json): the worker
    # writes the audit entries in its name.
    requested = models.JSONField(default=dict, blank=True)
    # The queue's id of the task running the step; how often a worker has started it, and when
    # and after how many people it last started again after an interruption.
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    resumed_at = models.DateTimeField(null=True, blank=True)
    resumed_after = models.PositiveIntegerField(default=0)
    # The first rejects, for the page; all of them are in the rejects file beside the upload.
    rejects_sample = models.JSONField(default=list, blank=True)
    rejects_total = models.PositiveIntegerField(default=0)
    # The first rows imported with a warning (a reason not described), for the page.
    warnings_sample = models.JSONField(default=list, blank=True)
    warnings_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=500)
    dry_run = models.BooleanField(default=False)
    all_or_nothing = models.BooleanField(default=False)
    # {file: {read, created, updated, unchanged, rejected, warnings}}
    reconciliation = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("transfer import")
        verbose_name_plural = _("transfer imports")
        ordering = ["-created_at"]
