"""Follow-up (R28–R32): the committee's target per indicator, shown against the figures as
met, near or not met."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel


class IndicatorTarget(BaseModel):
    """A target value the committee set for an indicator (R31), for the whole city or one
    target group, from a year on. Shares are fractions (0.25 = 25 %)."""

    indicator = models.CharField(_("indicator"), max_length=64)
    target_group = models.ForeignKey(
        "participants.TargetGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group (empty: all)"),
    )
    value = models.FloatField(_("target"))
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    # Within this distance of the target (same unit) counts as "near".
    near_margin = models.FloatField(_("near when within"), default=0.05)
    valid_from_year = models.PositiveIntegerField(_("from year"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    note = models.CharField(_("the committee's decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "-valid_from_year"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "target_group", "valid_from_year"],
                name="one_target_per_indicator_group_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "valid_from_year"],
                condition=Q(target_group__isnull=True),
                name="one_city_target_per_indicator_year",
            ),
            models.CheckConstraint(
                condition=Q(near_margin__gte=0), name="near_margin_not_negative"
            ),
        ]

    def __str__(self) -> str:
        # The indicators' names live with the figures (imported here, as they import this).
        from jobbtorg.followup.services.key_figures import INDICATORS

        name = INDICATORS.get(self.indicator, self.indicator)
        group = self.target_group.name if self.target_group_id else _("the whole city")
        return _("%(indicator)s, %(group)s, from %(year)s") % {
            "indicator": name,
            "group": group,
            "year": self.valid_from_year,
        }


class KeptCase(models.Model):
    """A culled case as the key figures count it, kept without personal data (gallring,
    docs/operations.md): the figures of past tertials stay what they were. The keys are random,
    drawn when the person was culled; nothing leads back to the person."""

    # One per culled person: joins the person's cases and assistance months, nothing else.
    person_key = models.CharField(max_length=40, db_index=True)
    case_key = models.CharField(max_length=40, unique=True)
    job_centre = models.CharField(max_length=64)
    target_group = models.CharField(max_length=64)
    district = models.CharField(max_length=64)
    referred_on = models.DateField()
    enrolled_on = models.DateField(null=True)
    exit_on = models.DateField(null=True)
    exit_reason = models.CharField(max_length=32, blank=True)
    employment_form = models.CharField(max_length=32, blank=True)
    extent = models.CharField(max_length=16, blank=True)
    wage_subsidy = models.BooleanField(null=True)
    studies_with_student_finance = models.BooleanField(null=True)
    # [[start, end or null], ...] as ISO dates.
    interruptions = models.JSONField(default=list)
    first_plan_on = models.DateField(null=True)
    participation_end = models.DateField(null=True)
    # Age on the first day of the month of enrolment (or of referral): the effect estimate's
    # age band, without the date of birth.
    age = models.PositiveSmallIntegerField()
    kept_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kept case (no personal data)")
        verbose_name_plural = _("kept cases (no personal data)")
        ordering = ["referred_on", "case_key"]

    def __str__(self) -> str:
        return f"{self.case_key} ({self.job_centre}, {self.referred_on})"


class KeptActivity(models.Model):
    """A culled case's activity as the key figures count it (provider and type, both ends)."""

    case_key = models.CharField(max_length=40, db_index=True)
    provider = models.CharField(max_length=64)
    activity_type = models.CharField(max_length=64)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        verbose_name = _("kept activity (no personal data)")
        verbose_name_plural = _("kept activities (no personal data)")

    def __str__(self) -> str:
        return f"{self.case_key} {self.activity_type} {self.start}–{self.end}"


class KeptAssistanceMonth(models.Model):
    """A culled person's social assistance in a month, keyed by the person's random key."""

    person_key = models.CharField(max_length=40, db_index=True)
    month = models.DateField()
    amount_sek = models.DecimalField(max_digits=12, decimal_places=2)
    district = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("kept month of assistance (no personal data)")
        verbose_name_plural = _("kept months of assistance (no personal data)")
        constraints = [
            models.UniqueConstraint(
                fields=["person_key", "month"], name="one_kept_amount_per_person_and_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_key} {self.month:%Y-%m}"


class ResultKind(models.TextChoices):
    KEY_FIGURES = "key_figures", _("key figures of a tertial")
    EFFECT = "effect", _("effect estimate of a period")


class KeyFigureResult(models.Model):
    """What the worker last computed for one question a follow-up page asks: the engine's rows
    of the key figures for a tertial (a breakdown, the city or one Jobbtorg, suppressed or
    not), or the effect estimate for a period and breakdown. The pages read these instead of
    computing; `data_version` says which state of the records (and which day) they were
    computed from, so that the worker's refresh recomputes only what is out of date
    (`services/refresh.py`). Aggregates only: nothing here names anyone (the effect
    estimate's matched pairs are not kept)."""

    kind = models.CharField(max_length=16, choices=ResultKind.choices)
    # The question's parameters as canonical JSON (sorted keys): what makes it one question.
    question = models.CharField(max_length=255)
    # None until first computed.
    result = models.JSONField(null=True, blank=True)
    data_version = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    # The last time the worker found `data_version` current (or computed it).
    checked_at = models.DateTimeField(null=True, blank=True)
    # The last time a page asked for it; questions nobody asks any more are dropped.
    asked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("computed key figure")
        verbose_name_plural = _("computed key figures")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "question"], name="one_key_figure_result_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.question}"


class ReportStatus(models.TextChoices):
    PREPARING = "preparing", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("could not be prepared")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel (XLSX)"


class TertialReportFile(BaseModel):
    """A tertial report document the worker prepares (`tasks.prepare_tertial_report`) and a
    follow-up reader downloads. Aggregates only. `suppressed`: prepared for an analyst (groups
    under 5 as "fewer than 5"); only readers who would see the same get it. Kept in the
    database, not on a disk, so that every web process on every machine serves it."""

    year = models.PositiveIntegerField()
    tertial = models.PositiveSmallIntegerField()
    job_centre = models.CharField(max_length=64, blank=True)  # "": the whole city
    format = models.CharField(max_length=8, choices=ReportFormat.choices)
    suppressed = models.BooleanField()
    # The state of the records the document was computed from (written by the worker).
    data_version = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.PREPARING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    task_result_id = models.CharField(max_length=64, blank=True)  # the queue's task
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True)
    figures = models.PositiveIntegerField(default=0)  # how many figures the document holds
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tertial report file")
        verbose_name_plural = _("tertial report files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.year} T{self.tertial} {self.job_centre or 'stad'} {self.format}"
