"""Reference data of the offering: the activity catalog (codes are contracts)."""

from django.http import HttpRequest
from ninja import Router, Schema

from jobbtorg.providers.models import ActivityType

router = Router(tags=["reference data"])


class ActivityTypeOut(Schema):
    code: str
    name_sv: str
    name_en: str
    category: str
    daily_attendance: bool
    max_length_days: int | None
    full_day: bool
    is_active: bool


@router.get("", response=list[ActivityTypeOut], summary="The activity catalog (R21)")
def activity_types(request: HttpRequest) -> list[ActivityType]:
    return list(ActivityType.objects.order_by("code"))
