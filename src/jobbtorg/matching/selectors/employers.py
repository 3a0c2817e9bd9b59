"""The reads of employers and their contact log: shared by all Jobbtorg; organisations, not
people, so no read-audit."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jobbtorg.matching.models import (
    Employer,
    EmployerContact,
    EmployerKind,
)
from jobbtorg.matching.permissions import (
    can_read_employers,
)

# A contact this recent is shown as a warning before the next call.
RECENT_CONTACT_DAYS = 14


def employers_visible_to(user: Any) -> QuerySet[Employer]:
    """Every employer for the roles that may read them (shared by all Jobbtorg); none else."""
    if not can_read_employers(user):
        return Employer.objects.none()
    return Employer.objects.all()


def employers_search(
    user: Any, *, text: str = "", kind: str = "", include_inactive: bool = False
) -> QuerySet[Employer]:
    employers = employers_visible_to(user)
    if not include_inactive:
        employers = employers.filter(is_active=True)
    text = (text or "").strip()
    if text:
        digits = text.replace("-", "")
        condition = Q(name__icontains=text) | Q(industry__icontains=text)
        if digits.isdigit():
            condition |= Q(organisation_number__startswith=digits)
        employers = employers.filter(condition)
    if kind in EmployerKind.values:
        employers = employers.filter(kind=kind)
    return employers.annotate(
        open_vacancies=Count("vacancies", filter=Q(vacancies__status="open"))
    ).order_by("name")


@dataclass(frozen=True)
class RecentContact:
    contact: EmployerContact
    days_ago: int


def recent_contacts(
    employer: Employer, today: dt.date | None = None, days: int = RECENT_CONTACT_DAYS
) -> list[RecentContact]:
    """Contacts in the last `days` days (today included), newest first: the warning shown
    before anyone calls the employer again."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days)
    return [
        RecentContact(contact, (today - contact.contacted_on).days)
        for contact in employer.contacts.filter(contacted_on__gte=since, contacted_on__lte=today)
        .select_related("contacted_by")
        .order_by("-contacted_on", "-created_at")
    ]
