"""Reference data: Jobbtorg and districts. No personal data."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from jobbtorg.organisation.selectors import job_centres_with_districts

router = Router(tags=["organisation"])


class DistrictOut(Schema):
    slug: str
    name: str


class JobCentreOut(Schema):
    slug: str
    name: str
    location: str
    districts: list[DistrictOut]


@router.get(
    "/job-centres", response=list[JobCentreOut], summary="Jobbtorg and their districts today"
)
def job_centres(request: HttpRequest) -> list[JobCentreOut]:
    return [
        JobCentreOut(
            slug=centre.slug,
            name=centre.name,
            location=centre.location,
            districts=[DistrictOut(slug=d.slug, name=d.name) for d in districts],
        )
        for centre, districts in job_centres_with_districts(timezone.localdate())
    ]
