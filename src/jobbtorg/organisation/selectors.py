import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from jobbtorg.organisation.models import District, DistrictAssignment, JobCentre


def assignments_on(day: dt.date) -> QuerySet[DistrictAssignment]:
    return DistrictAssignment.objects.filter(valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def district_ids_served_by(
    job_centre_id: int, day: dt.date | None = None
) -> QuerySet[DistrictAssignment]:
    """The districts that belong to a Jobbtorg on a day (today by default), as a subquery."""
    return (
        assignments_on(day or timezone.localdate())
        .filter(job_centre_id=job_centre_id)
        .values("district_id")
    )


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
