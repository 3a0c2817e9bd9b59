import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role


class JobCentre(BaseModel):
    """A Jobbtorg: serves the districts assigned to it (R1)."""

    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Jobbtorg")
        verbose_name_plural = _("Jobbtorg")

    def __str__(self) -> str:
        return f"Jobbtorg {self.name}"

    def districts_on(self, day: dt.date) -> models.QuerySet["District"]:
        return District.objects.filter(
            assignments__job_centre=self,
            assignments__valid_from__lte=day,
        ).filter(Q(assignments__valid_until__isnull=True) | Q(assignments__valid_until__gte=day))


class District(BaseModel):
    """A stadsdel: refers its residents to the Jobbtorg it belongs to."""

    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    def assignment_on(self, day: dt.date) -> "DistrictAssignment | None":
        return (
            self.assignments.filter(valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .select_related("job_centre")
            .first()
        )

    def job_centre_on(self, day: dt.date) -> JobCentre | None:
        assignment = self.assignment_on(day)
        return assignment.job_centre if assignment else None


class DistrictAssignment(BaseModel):
    """Which Jobbtorg a district belongs to, from a date. History is kept as rows."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("district")
    )
    job_centre = models.ForeignKey(
        JobCentre,
        on_delete=models.PROTECT,
        related_name="district_assignments",
        verbose_name=_("Jobbtorg"),
    )
    valid_from = models.DateField(_("valid from"))
    # The last day of the belonging; empty while it holds.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["district__name", "-valid_from"]
        verbose_name = _("district belonging")
        verbose_name_plural = _("district belongings")
        constraints = [
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(valid_until__isnull=True),
                name="one_open_assignment_per_district",
            ),
            models.UniqueConstraint(
                fields=["district", "valid_from"], name="one_assignment_per_district_and_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="assignment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.district} → {self.job_centre} ({self.valid_from.isoformat()}–{until})"


class User(AbstractUser):
    """A staff account. The role decides what it may see; the unit decides whose data."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    job_centre = models.ForeignKey(
        JobCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("Jobbtorg"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("district"),
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("provider"),
    )
    # API tokens made before this moment do not work: set when the password changes or the
    # account is deactivated (organisation/signals.py), never cleared, so reactivating an
    # account does not bring its old tokens back.
    api_tokens_valid_after = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
        constraints = [
            models.CheckConstraint(
                name="user_unit_matches_role",
                condition=(
                    Q(
                        role__in=sorted(r.value for r in JOB_CENTRE_ROLES),
                        job_centre__isnull=False,
                        district__isnull=True,
                        provider__isnull=True,
                    )
                    | Q(
                        role=Role.DISTRICT_OFFICER,
                        job_centre__isnull=True,
                        district__isnull=False,
                        provider__isnull=True,
                    )
                    | Q(
                        role=Role.PROVIDER_STAFF,
                        job_centre__isnull=True,
                        district__isnull=True,
                        provider__isnull=False,
                    )
                    | Q(
                        role__in=[Role.ANALYST, Role.ADMINISTRATOR],
                        job_centre__isnull=True,
                        district__isnull=True,
                        provider__isnull=True,
                    )
                ),
            )
        ]

    def check_password(self, raw_password: str | None) -> bool:
        # Django rewrites the hash here when the preferred hasher changed: the same password,
        # which must not end the account's API tokens (organisation/signals.py).
        self._rehashing_password = True
        try:
            return super().check_password(raw_password)
        finally:
            self._rehashing_password = False

    @property
    def unit(self) -> "JobCentre | District | object | None":
        return self.job_centre or self.district or self.provider


class ApiToken(BaseModel):
    """A bearer token for /api/v1/. Only its SHA-256 is stored; the token is shown once."""

    # Redeclared from BaseModel only to be named in Swedish in the admin.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("account")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    # The first characters, so an administrator can tell tokens apart without the secret.
    prefix = models.CharField(_("beginning of the token"), max_length=12)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.get_username()})"
