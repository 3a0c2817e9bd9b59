"""Monthly payment runs (R27): a preview of what is due to the providers under their contracts'
payment models, approved by a manager; approved runs are the paid history the next run compares
with.

The tables were made by the providers app and keep their names (`db_table`): moving the models
here changed no row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel
from jobbtorg.providers.models import (
    ActivityParticipation,
    Contract,
    PaymentLevel,
    PaymentStepKind,
    Provider,
)


class PaymentRunStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    APPROVED = "approved", _("Approved")
    DISCARDED = "discarded", _("Discarded")


class PaymentRun(BaseModel):
    """A monthly payment run (R27): previewed, then approved by a manager. Approved runs are the
    paid history the next run compares with; they are never changed."""

    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentRunStatus.choices, default="preview"
    )
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        db_table = "providers_paymentrun"
        ordering = ["-month", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="payment_run_month_is_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.status})"


class PaymentRunLine(BaseModel):
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="lines")
    # Empty once the person's case files are culled (gallring): the line stays, as paid history
    # and accounting record, without the person.
    participation = models.ForeignKey(
        ActivityParticipation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_lines",
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=PaymentStepKind.choices)
    period = models.DateField(null=True, blank=True)
    level = models.CharField(max_length=1, choices=PaymentLevel.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    # In English, as the invoice basis has always written it; `reason_details` holds the same as
    # values (the engine's `Reason.as_json`), from which the page words it in the user's
    # language. Empty on lines made before it was stored.
    reason = models.CharField(max_length=500)
    reason_details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("line of a payment run")
        verbose_name_plural = _("lines of payment runs")
        db_table = "providers_paymentrunline"
        ordering = ["provider__name", "participation_id", "id"]
