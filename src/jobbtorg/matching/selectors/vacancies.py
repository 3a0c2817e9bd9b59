"""The reads of vacancies and placements: shared by all Jobbtorg; organisations, not people, so no
read-audit."""

from typing import Any

from django.db.models import QuerySet

from jobbtorg.matching.models import (
    Vacancy,
    VacancyKind,
    VacancyStatus,
)
from jobbtorg.matching.permissions import (
    can_read_employers,
)


def vacancies_visible_to(user: Any) -> QuerySet[Vacancy]:
    if not can_read_employers(user):
        return Vacancy.objects.none()
    return Vacancy.objects.select_related("employer", "occupation", "district")


def vacancies_search(
    user: Any,
    *,
    status: str = "",
    kind: str = "",
    ssyk_code: str = "",
    occupation: str = "",
    district: str = "",
) -> QuerySet[Vacancy]:
    vacancies = vacancies_visible_to(user)
    if status in VacancyStatus.values:
        vacancies = vacancies.filter(status=status)
    if kind in VacancyKind.values:
        vacancies = vacancies.filter(kind=kind)
    if ssyk_code.strip().isdigit():
        vacancies = vacancies.filter(occupation__ssyk_code__startswith=ssyk_code.strip())
    if occupation.strip():
        vacancies = vacancies.filter(occupation__label_sv__icontains=occupation.strip())
    if district:
        vacancies = vacancies.filter(district__slug=district)
    return vacancies.order_by("-created_at")
