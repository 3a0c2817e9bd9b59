"""The daily attendance review as a task (providers/tasks.py): what it sends, that a second run
the same day changes nothing, and its place in the schedule."""

import pytest
from django.apps import apps

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.participants.models import EventKind
from jobbtorg.providers.tasks import review_attendance
from tests.providers.helpers import MONDAY, THURSDAY, events, in_training, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_review_task_reports_repeated_missing_registers_to_the_district(staff):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")

    result = review_attendance.enqueue(on=THURSDAY.isoformat())

    assert result.return_value["events_sent"] == 1
    (event,) = events(EventKind.MISSING_REGISTERS)
    assert event.district.slug == "farsta"
    assert event.data["participation"] == str(participation.pk)
    assert AuditEntry.objects.filter(action=AuditAction.REPORTED_TO_DISTRICT).count() == 1


def test_a_second_review_the_same_day_changes_nothing(staff):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")
    review_attendance.enqueue(on=THURSDAY.isoformat())
    before = row_counts()
    first = events(EventKind.MISSING_REGISTERS)

    again = review_attendance.enqueue(on=THURSDAY.isoformat())

    assert again.return_value["events_sent"] == 0
    assert again.return_value["reviewed"] == 1  # it did review: it found nothing new
    assert row_counts() == before
    assert events(EventKind.MISSING_REGISTERS) == first
