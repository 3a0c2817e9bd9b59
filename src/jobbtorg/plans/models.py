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
        verbose_name = _("activity of a plan")
        verbose_name_plural = _("activities of plans")
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
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["done_on", "created_at"]


class CaseDeadlineSummary(models.Model):
    """What the deadline rules (engines/rules/case_deadlines.py) say about an enrolled case,
    kept with it so that lists read it instead of working it out for every case on each view.
    `plans/case_deadlines.py` writes it, with the case's `CaseDeadlineItem`s, in the
    transaction of every change the rules read; nothing else does."""

    referral = models.OneToOneField(
        "participants.Referral",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="deadline_summary",
    )
    participation_ends = models.DateField()
    # The earliest start of an open-ended interruption: from that day the work deadlines pause.
    paused_from = models.DateField(null=True, blank=True)
    # The day the rules were asked on; None when a fact they read was deleted since.
    computed_on = models.DateField(null=True, blank=True)
    # False: it holds on `computed_on` only (an open-ended interruption moves the 18-month end
    # each day), and is worked out again on the next day it is read or by the nightly rebuild.
    holds_every_day = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("summary of a case's time limits")
        verbose_name_plural = _("summaries of cases' time limits")
        indexes = [
            models.Index(
                fields=["computed_on"],
                condition=Q(holds_every_day=False) | Q(computed_on__isnull=True),
                name="deadline_summary_day_bound",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: ends {self.participation_ends}"


class CaseDeadlineItem(models.Model):
    """One deadline of an enrolled case, with the days it is shown on (see `KeptItem`); kept
    beside `CaseDeadlineSummary` so that a caseload's to-dos are one indexed query."""

    referral = models.ForeignKey(
        "participants.Referral", on_delete=models.CASCADE, related_name="deadline_items"
    )
    kind = models.CharField(max_length=32)
    due_on = models.DateField()
    detail = models.TextField(blank=True)
    activity_id = models.BigIntegerField(null=True, blank=True)
    # A follow-up's activity type, which names it (in the reader's language).
    activity_type = models.ForeignKey(
        "providers.ActivityType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The rule's order among a case's deadlines due on the same day.
    rank = models.PositiveSmallIntegerField()
    shown_from = models.DateField(null=True, blank=True)
    hidden_from = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("time limit of a case")
        verbose_name_plural = _("time limits of cases")
        ordering = ["referral", "due_on", "rank"]
        indexes = [
            models.Index(fields=["referral", "due_on", "rank"]),
            models.Index(fields=["due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"
