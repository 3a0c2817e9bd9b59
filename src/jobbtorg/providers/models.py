from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel, BilingualName


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


class ActivityCategory(models.TextChoices):
    GUIDANCE = "guidance", _("Assessment and guidance")
    PREPARATORY = "preparatory", _("Preparatory")
    LANGUAGE = "language", _("Swedish language")
    WORK_PRACTICE = "work_practice", _("Work training and placements")
    EDUCATION = "education", _("Education and validation")
    MATCHING = "matching", _("Matching and recruitment")
    OTHER = "other", _("Other")


class ActivityType(BaseModel, BilingualName):
    """An activity the Jobbtorg offers (R21). Reference data: seeded, editable by administrators;
    the codes are fixed (API, transfer format, command line)."""

    code = models.SlugField(max_length=64, unique=True)
    category = models.CharField(_("category"), max_length=32, choices=ActivityCategory.choices)
    daily_attendance = models.BooleanField(_("attendance taken daily"), default=False)
    # A follow-up is due after this many days even if the activity goes on (R13, R14).
    max_length_days = models.PositiveIntegerField(
        _("default maximum length (days)"), null=True, blank=True
    )
    full_day = models.BooleanField(_("can be part of a full-day schedule"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self) -> str:
        return self.name
