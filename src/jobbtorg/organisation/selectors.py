"""Reads of organisation data: Jobbtorg, districts and which Jobbtorg a district belongs to on a
day (reference data, no personal data), and the staff accounts (names of employees: each sees
the accounts of their own unit, administrators every account)."""

import datetime as dt
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from jobbtorg.organisation.models import ApiToken, District, DistrictAssignment, JobCentre, User
from jobbtorg.organisation.permissions import can_manage_accounts


def assignments_on(day: dt.date) -> QuerySet[DistrictAssignment]:
    return DistrictAssignment.objects.filter(valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


class JobCentreCalendar:
    """Which Jobbtorg each district belongs to on any day, as `District.job_centre_on` says,
    from one query: for work over many districts and days (a transfer import)."""

    def __init__(self) -> None:
        self._assignments: dict[int, list[DistrictAssignment]] = {}
        for assignment in DistrictAssignment.objects.select_related("job_centre").order_by(
            "-valid_from"
        ):
            self._assignments.setdefault(assignment.district_id, []).append(assignment)

    def job_centre_on(self, district: District, day: dt.date) -> JobCentre | None:
        for assignment in self._assignments.get(district.pk, ()):
            if assignment.valid_from <= day and (
                assignment.valid_until is None or assignment.valid_until >= day
            ):
                return assignment.job_centre
        return None


def district_ids_served_by(
    job_centre_id: int, day: dt.date | None = None
) -> QuerySet[DistrictAssignment]:
    """The districts that belong to a Jobbtorg on a day (today by default), as a subquery."""
    return (
        assignments_on(day or timezone.localdate())
        .filter(job_centre_id=job_centre_id)
        .values("district_id")
    )


def job_centres_by_district(day: dt.date | None = None) -> dict[int, JobCentre]:
    """Which Jobbtorg each district belongs to on a day (today by default), in one query: for
    a list that names each person's Jobbtorg."""
    return {
        assignment.district_id: assignment.job_centre
        for assignment in assignments_on(day or timezone.localdate()).select_related("job_centre")
    }


def district_find(text: str) -> District | None:
    """A district by slug or by name, ignoring case; None when there is no such district."""
    text = (text or "").strip()
    if not text:
        return None
    return (
        District.objects.filter(slug=text.lower()).first()
        or District.objects.filter(name__iexact=text).first()
    )


def job_centre_find(slug: str) -> JobCentre | None:
    return JobCentre.objects.filter(slug=(slug or "").strip().lower()).first()


def job_centres_with_districts(
    day: dt.date | None = None,
) -> list[tuple[JobCentre, list[District]]]:
    day = day or timezone.localdate()
    by_centre: dict[int, list[District]] = {}
    for assignment in assignments_on(day).select_related("district").order_by("district__name"):
        by_centre.setdefault(assignment.job_centre_id, []).append(assignment.district)
    return [(centre, by_centre.get(centre.pk, [])) for centre in JobCentre.objects.all()]


def provider_find(slug: str) -> Model | None:
    """The provider with this slug, through the staff account's relation to it: organisation
    imports no app above it."""
    provider_model = User._meta.get_field("provider").related_model
    if not slug or provider_model is None or isinstance(provider_model, str):
        return None
    found: Model | None = provider_model._default_manager.filter(slug=slug).first()
    return found


def users_visible_to(user: Any) -> QuerySet[User]:
    """Administrators see every account; anyone else the accounts of their own unit (the same
    Jobbtorg, district or provider), themselves included; a signed-out visitor none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if can_manage_accounts(user):
        return User.objects.all()
    same_unit = Q(pk=user.pk)
    for unit in ("job_centre_id", "district_id", "provider_id"):
        value = getattr(user, unit, None)
        if value is not None:
            same_unit |= Q(**{unit: value})
    return User.objects.filter(same_unit)


def api_tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    """Administrators see every token's prefix and dates (never the secret); anyone else their
    own tokens."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ApiToken.objects.none()
    if can_manage_accounts(user):
        return ApiToken.objects.all()
    return ApiToken.objects.filter(user=user)
