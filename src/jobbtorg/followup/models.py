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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
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
        return f"{self.indicator} {self.value} ({self.valid_from_year})"
