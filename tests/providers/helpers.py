"""Shared builders and constants for the providers tests."""

import csv
import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.participants.models import DistrictEvent
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.providers.models import (
    ActivityParticipation,
    ActivityType,
    ChoiceRotation,
    Provider,
    ProviderKind,
    ProviderReportKind,
)
from jobbtorg.providers.services.attendance import (
    attendance_register,
)
from jobbtorg.providers.services.free_choice import provider_choose
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, backdate, context, enrol, refer

MONDAY = dt.date(2025, 3, 3)


TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + dt.timedelta(days=n) for n in range(1, 5))


SATURDAY = MONDAY + dt.timedelta(days=5)


NEXT_MONDAY = MONDAY + dt.timedelta(days=7)


def in_training(staff, *, provider=None, started=True, **case):
    """A person of Farsta (coach_sydost) in daily-attendance work training from MONDAY."""
    provider = provider or staff.provider_staff.provider
    offering = offering_at(
        provider, code="work_training", valid_from=MONDAY - dt.timedelta(days=30)
    )
    case_ = backdate(active_case(staff, **case), (timezone.localdate() - MONDAY).days + 14)
    participation = place(case_, offering, staff.coach_sydost, start=MONDAY)
    if started:
        report(participation, staff.provider_staff, "start", MONDAY)
        participation.refresh_from_db()
    return participation


def register(user, participation, day, status, reason="", today=None):
    return attendance_register(
        context(user), participation, day=day, status=status, reason=reason, today=today or day
    )


def missing_of(items, participation):
    return next(i.missing for i in items if i.participation.pk == participation.pk)


def events(kind):
    return list(DistrictEvent.objects.filter(kind=kind).order_by("occurred_at", "id"))


def review(on) -> int:
    """Runs the daily review as of `on`; the number of events it says it sent."""
    out = io.StringIO()
    call_command("attendance", "review", "--on", on.isoformat(), stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("events sent"))
    return int(line.split()[-1])


def page_url(day=None):
    url = reverse("providers:attendance")
    return f"{url}?dag={day.isoformat()}" if day else url


TODAY = timezone.localdate()


def started(staff, offering, n: int, *, prefix: str, completed: int = 0, studies: int = 0):
    """n people started today at the offering; the first `completed` completed it, the first
    `studies` exited to studies."""
    participations = []
    for i in range(n):
        case = active_case(staff, first_name=f"{prefix}{i}", last_name="Hemligsson")
        participation = place(case, offering, staff.coach_sydost)
        report(participation, staff.coach_sydost, ProviderReportKind.START, TODAY)
        if i < completed:
            report(participation, staff.coach_sydost, ProviderReportKind.COMPLETION, TODAY)
        if i < studies:
            exit_record(
                actor=staff.coach_sydost,
                audit_context=context(staff.coach_sydost),
                referral=case,
                date=TODAY,
                reason="studies",
            )
        participations.append(participation)
    return participations


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


QUERY = f"?start={(TODAY - dt.timedelta(days=30)).isoformat()}&end={TODAY.isoformat()}"


URL = "/deltagare/{}/valfrihet/"


def lov(slug: str, *, capacity: int = 12, languages: str = "svenska", **kwargs):
    provider = Provider.objects.create(
        slug=slug, name=f"Anordnare {slug.upper()}", kind=ProviderKind.CHOICE_SYSTEM
    )
    return offering_at(provider, capacity=capacity, languages=languages, **kwargs)


def job_search() -> ActivityType:
    return ActivityType.objects.get(code="job_search")


def choose(staff, case, offering=None, *, actor=None, code="job_search", days=60):
    today = timezone.localdate()
    return provider_choose(
        context(actor or staff.coach_sydost),
        referral=case,
        activity_type=ActivityType.objects.get(code=code),
        offering=offering,
        planned_start=today,
        planned_end=today + dt.timedelta(days=days),
        level="B",
    )


def nothing_written(before_audit: int) -> bool:
    return (
        not ActivityParticipation.objects.exists()
        and not ChoiceRotation.objects.exists()
        and AuditEntry.objects.count() == before_audit
    )


TODAY = timezone.localdate()


def enrolled(staff, n=0, coach=None, officer=None):
    return enrol(
        refer(officer or staff.officer_farsta, first_name=f"Person{n}", last_name=f"Test{n}"),
        coach or staff.coach_sydost,
    )


# Who sees what on the participation page of a person of Sydost placed in an offering made at
# Järva (R22): "case" = the Jobbtorg's working material (payment level, how the provider was
# chosen), "contact" = phone, e-mail and interpreter language; None = 404.
HOSTED_PAGE = [
    ("coach_sydost", {"contact", "case"}),
    ("matcher_sydost", {"contact", "case"}),
    ("manager_sydost", {"contact", "case"}),
    ("officer_farsta", {"contact", "case"}),  # the person's home district, as today
    ("coach_jarva", set()),
    ("matcher_jarva", set()),
    ("manager_jarva", set()),
    ("provider_staff", {"contact"}),
    ("other_provider_staff", None),
    ("officer_skarpnack", None),
    ("analyst", None),
    ("administrator", None),
]
