import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel


class Participant(BaseModel):
    """A person referred to a Jobbtorg (deltagare). Personal data: read through
    `participants_visible_to`, written through the services, every read and write audited."""

    # A random id in URLs and the API, so that neither the personnummer nor a count leaks.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Stored as 12 digits, YYYYMMDDNNNN.
    personal_identity_number = models.CharField(
        _("personal identity number"), max_length=12, unique=True
    )
    is_coordination_number = models.BooleanField(_("coordination number"), default=False)
    birth_date = models.DateField(_("date of birth"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    home_district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("home district"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(personal_identity_number__regex=r"^[0-9]{12}$"),
                name="personal_identity_number_is_12_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def personal_identity_number_display(self) -> str:
        number = self.personal_identity_number
        return f"{number[:8]}-{number[8:]}"
