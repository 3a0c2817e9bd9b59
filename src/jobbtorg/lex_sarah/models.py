"""Lex Sarah (R35): reports of wrongdoings and risks, their investigations in versions, the
documents sent to IVO, the measures to follow up, and who the lex Sarah officers are.

A report names its Jobbtorg (none: the city's own operations elsewhere), the unit whose
officers receive it. It may name a participant the reporter could see; the link never opens
the person's case to anyone (ADR 0006)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobbtorg.core.models import BaseModel
from jobbtorg.engines.rules import lex_sarah as rules


class ReportStatus(models.TextChoices):
    RECEIVED = rules.ReportStatus.RECEIVED.value, _("Received")
    INVESTIGATING = rules.ReportStatus.INVESTIGATING.value, _("Under investigation")
    # "Avslutad", not the "Stängd" of other things closed.
    CLOSED = rules.ReportStatus.CLOSED.value, pgettext_lazy("lex Sarah report", "Closed")


class ReportKind(models.TextChoices):
    """What the reporter saw: a wrongdoing that happened, or a risk of one."""

    WRONGDOING = "wrongdoing", _("A wrongdoing")
    RISK = "risk", _("A risk of wrongdoing")


class Assessment(models.TextChoices):
    NO_WRONGDOING = rules.Assessment.NO_WRONGDOING.value, _("No wrongdoing")
    WRONGDOING = rules.Assessment.WRONGDOING.value, _("Wrongdoing")
    RISK = rules.Assessment.RISK.value, _("Risk of wrongdoing")
    SERIOUS_WRONGDOING = rules.Assessment.SERIOUS_WRONGDOING.value, _("Serious wrongdoing")
    SERIOUS_RISK = rules.Assessment.SERIOUS_RISK.value, _("Risk of serious wrongdoing")


class IvoDocumentKind(models.TextChoices):
    # The notification without delay, then the completed investigation later.
    NOTIFICATION = "notification", _("Notification to IVO")
    INVESTIGATION = "investigation", _("Completed investigation to IVO")


class OfficerDesignation(BaseModel):
    """A named staff account designated lex Sarah officer by the administrator, for one
    Jobbtorg or (no Jobbtorg) city-wide. Ended, never deleted: who received what stays known."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lex_sarah_designations",
        verbose_name=_("staff account"),
    )
    job_centre = models.ForeignKey(
        "organisation.JobCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lex_sarah_designations",
        verbose_name=_("Jobbtorg"),
        help_text=_("Empty: city-wide, every report."),
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("designated by"),
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lex Sarah officer")
        verbose_name_plural = _("lex Sarah officers")


class Report(BaseModel):
    """A lex Sarah report: what the reporter wrote (never changed afterwards), where it stands,
    and the officer's assessment, decision and closing."""

    # "LS-2026-0007": the receipt's number, running per year.
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lex_sarah_reports",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"))
    job_centre = models.ForeignKey(
        "organisation.JobCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lex_sarah_reports",
        verbose_name=_("Jobbtorg"),
        help_text=_("Empty: the city's own operations outside a Jobbtorg."),
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lex_sarah_reports",
        verbose_name=_("provider"),
    )
    kind = models.CharField(_("what it is"), max_length=20, choices=ReportKind.choices)
    what_happened = models.TextField(_("what happened or could happen"))
    happened_on = models.DateField(_("when"), null=True, blank=True)
    happened_where = models.CharField(_("where"), max_length=300)
    affected = models.TextField(_("who was or could be affected"))
    # A person the reporter could see when reporting; culled with the person's file.
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )
    immediate_actions = models.TextField(_("what was done at once"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    # The current investigation version's assessment, kept here for lists and key figures.
    assessment = models.CharField(
        _("assessment"), max_length=32, choices=Assessment.choices, blank=True
    )
    # The first day the case was assessed as serious: the IVO deadline runs from it.
    assessed_serious_on = models.DateField(_("assessed as serious"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    measures_taken = models.TextField(_("measures taken"), blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # Raised by every write: a form sent with an older one is refused, never overwrites.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("lex Sarah report")
        verbose_name_plural = _("lex Sarah reports")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="lex_sarah_number_per_year"),
            models.CheckConstraint(
                name="lex_sarah_closed_has_decision",
                condition=~Q(status=ReportStatus.CLOSED)
                | (Q(decided_on__isnull=False) & ~Q(decision="") & ~Q(assessment="")),
            ),
        ]
        indexes = [models.Index(fields=["job_centre", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_serious(self) -> bool:
        return rules.is_serious(self.assessment)


class InvestigationVersion(BaseModel):
    """One saved state of the investigation; the newest is the current one. Never changed."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="investigation_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    facts = models.TextField(_("facts"), blank=True)
    course_of_events = models.TextField(_("course of events"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    measures_taken = models.TextField(_("measures taken"), blank=True)
    measures_planned = models.TextField(_("measures planned"), blank=True)
    people_heard = models.TextField(_("people heard"), blank=True)
    assessment = models.CharField(
        _("assessment"), max_length=32, choices=Assessment.choices, blank=True
    )

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("investigation version")
        verbose_name_plural = _("investigation versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="lex_sarah_version_number")
        ]


class IvoSubmission(BaseModel):
    """That a document went to IVO, on which day, and which investigation version it showed."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="ivo_submissions")
    kind = models.CharField(_("document"), max_length=20, choices=IvoDocumentKind.choices)
    sent_on = models.DateField(_("sent"))
    investigation_number = models.PositiveIntegerField(_("investigation version"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["report", "sent_on"]
        verbose_name = _("document sent to IVO")
        verbose_name_plural = _("documents sent to IVO")
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="lex_sarah_one_ivo_document")
        ]


class Measure(BaseModel):
    """A measure decided when the report was closed, with the day it is followed up."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="measures")
    description = models.CharField(_("measure"), max_length=500)
    follow_up_on = models.DateField(_("follow up on"))
    followed_up_on = models.DateField(_("followed up"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("followed up by"),
    )
    follow_up_note = models.TextField(_("what the follow-up found"), blank=True)

    class Meta:
        ordering = ["follow_up_on", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
