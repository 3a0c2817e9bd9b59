import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel
from jobbtorg.engines.rules.plan_workflow import PlanStatus as WorkflowStatus


class PlanStatus(models.TextChoices):
    DRAFT = WorkflowStatus.DRAFT.value, _("Draft")
    AWAITING_APPROVAL = WorkflowStatus.AWAITING_APPROVAL.value, _("Awaiting approval")
    APPROVED = WorkflowStatus.APPROVED.value, _("Approved")
    REJECTED = WorkflowStatus.REJECTED.value, _("Rejected")
    SUPERSEDED = WorkflowStatus.SUPERSEDED.value, _("Superseded")


class PlanVersion(BaseModel):
    """One version of a person's activity plan (R10, R11). A new plan and every change is a new
    version awaiting the district's approval; versions are never overwritten."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(
        "participants.Referral", on_delete=models.PROTECT, related_name="plan_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=32, choices=PlanStatus.choices, default=PlanStatus.AWAITING_APPROVAL
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    note = models.TextField(_("what changed and why"), blank=True)
    # The day the version was drawn up (the plan-within-5-working-days rule reads it) and, for a
    # plan transferred from another system, that system's id.
    drawn_up_on = models.DateField(_("drawn up on"), null=True, blank=True)
    source_ref = models.CharField(_("id in the source system"), max_length=100, blank=True)

    class Meta:
        ordering = ["referral", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "number"], name="one_number_per_plan_version"
            ),
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(status="approved"),
                name="one_active_plan_per_referral",
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="plan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="rejection_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral.participant} v{self.number} ({self.status})"

    @property
    def is_active(self) -> bool:
        """The approved version is the person's active plan; its activities are followed up."""
        return self.status == PlanStatus.APPROVED


class PlanActivity(BaseModel):
    """An activity in a plan version: what, by whom, when, how much, to what end (R12, R13)."""

    plan = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="activities")
    activity_type = models.ForeignKey(
        "providers.ActivityType", on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # For a provider not yet in the register.
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    goal = models.TextField(_("goal"))

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(provider__isnull=False) | ~Q(provider_name=""),
                name="activity_has_a_provider",
            ),
        ]

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider else self.provider_name


class FollowUpOutcome(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    INTERRUPTED = "interrupted", _("Interrupted")
    NEXT_STEP = "next_step", _("Led to the next step")
    NO_RESULT = "no_result", _("Did not lead to results")


class FollowUp(BaseModel):
    """A follow-up of an activity (R13): due when it ends, or when its type's maximum length is
    reached even if it goes on."""

    activity = models.ForeignKey(PlanActivity, on_delete=models.PROTECT, related_name="follow_ups")
    done_on = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=32, choices=FollowUpOutcome.choices)
    note = models.TextField(_("note and next step"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["done_on", "created_at"]
