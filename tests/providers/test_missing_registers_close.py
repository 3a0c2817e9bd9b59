"""The district's inbox item about missing attendance registers closes itself when the provider
fills in every day it named, by the day's list or the week's: kept, with the reason, and the
closing audited. An item with a day still missing stays open."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.participants.models import DistrictEvent, EventKind
from jobbtorg.providers.models import AttendanceRegister
from tests.conftest import client_for
from tests.providers.helpers import (
    FRIDAY,
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    in_training,
    page_url,
    register,
    review,
)
from tests.providers.test_attendance_week import form_as_shown, week_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _missing_tuesday_and_wednesday(staff):
    """A participation registered on Monday only; the review on Thursday tells Farsta of
    Tuesday and Wednesday."""
    participation = in_training(staff, first_name="Amira", last_name="Hassan")
    register(staff.provider_staff, participation, MONDAY, "present")
    assert review(THURSDAY) == 1
    event = DistrictEvent.objects.get(kind=EventKind.MISSING_REGISTERS)
    assert event.data["dates"] == [TUESDAY.isoformat(), WEDNESDAY.isoformat()]
    return participation, event


def _unhandled(officer) -> str:
    html = client_for(officer, "en").get(reverse("participants:inbox")).content.decode()
    return html


def test_filled_by_the_day_list_closes_the_item_once_every_day_named_is_registered(staff, on_day):
    participation, event = _missing_tuesday_and_wednesday(staff)
    assert "1 event is not handled yet" in _unhandled(staff.officer_farsta)
    on_day(THURSDAY)
    client = client_for(staff.provider_staff, "en")

    # Tuesday only: Wednesday is still missing, so the item stays open.
    response = client.post(page_url(TUESDAY), {f"status-{participation.pk}": "present"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.handled_at, event.handled_reason) == (None, "")
    assert "1 event is not handled yet" in _unhandled(staff.officer_farsta)

    # Wednesday too, as an absence with valid reason: a register, whatever it says.
    response = client.post(
        page_url(WEDNESDAY),
        {f"status-{participation.pk}": "absent_valid", f"reason-{participation.pk}": "illness"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.handled_at is not None
    assert (event.handled_reason, event.handled_by) == ("registers_filled", None)
    html = _unhandled(staff.officer_farsta)
    assert "0 events are not handled yet" in html
    assert "The attendance has been registered" in html
    # Kept, and the closing is on record.
    assert DistrictEvent.objects.filter(kind=EventKind.MISSING_REGISTERS).count() == 1
    assert AuditEntry.objects.filter(
        action=AuditAction.DISTRICT_EVENT_HANDLED,
        object_id=str(event.pk),
        changes__after__reason="registers_filled",
    ).exists()


def test_all_present_on_the_week_list_closes_the_item(staff, on_day):
    participation, event = _missing_tuesday_and_wednesday(staff)
    on_day(FRIDAY)
    client = client_for(staff.provider_staff, "en")
    url = week_url(participation.offering)
    shown = form_as_shown(client.get(url).content.decode())
    assert set(shown.values()) == {"present"}  # everyone present unless stated otherwise

    assert client.post(url, shown).status_code == 302

    event.refresh_from_db()
    assert event.handled_reason == "registers_filled" and event.handled_at is not None
    assert "0 events are not handled yet" in _unhandled(staff.officer_farsta)


def test_a_later_item_naming_a_day_still_missing_stays_open(staff, on_day):
    participation, first = _missing_tuesday_and_wednesday(staff)
    review(FRIDAY)  # Tuesday to Thursday now
    later = DistrictEvent.objects.filter(kind=EventKind.MISSING_REGISTERS).latest("occurred_at")
    assert later.data["dates"][-1] == THURSDAY.isoformat()
    for day in (TUESDAY, WEDNESDAY):
        register(staff.provider_staff, participation, day, "present", today=FRIDAY)

    first.refresh_from_db()
    later.refresh_from_db()
    assert first.handled_reason == "registers_filled"
    assert later.handled_at is None  # Thursday is still missing
    assert "1 event is not handled yet" in _unhandled(staff.officer_farsta)


def test_another_persons_registers_do_not_close_the_item(staff):
    participation, event = _missing_tuesday_and_wednesday(staff)
    other = in_training(staff, first_name="Bo", last_name="Berg")
    for day in (TUESDAY, WEDNESDAY):
        register(staff.provider_staff, other, day, "present", today=THURSDAY)
    event.refresh_from_db()
    assert event.handled_at is None
    assert not AttendanceRegister.objects.filter(participation=participation, day=TUESDAY).exists()


def test_the_migration_closes_items_whose_days_were_registered_before(staff):
    participation, filled = _missing_tuesday_and_wednesday(staff)
    other = in_training(staff, first_name="Bo", last_name="Berg")
    register(staff.provider_staff, other, MONDAY, "present")
    review(THURSDAY)
    still_missing = DistrictEvent.objects.get(data__participation=str(other.pk))
    for day in (TUESDAY, WEDNESDAY):
        register(staff.provider_staff, participation, day, "present", today=THURSDAY)
    # As they were left before the service closed them.
    DistrictEvent.objects.update(handled_at=None, handled_by=None, handled_reason="")

    importlib.import_module(
        "jobbtorg.providers.migrations.0008_close_inbox_items_of_filled_registers"
    ).close_inbox_items_of_filled_registers(django_apps, None)

    filled.refresh_from_db()
    still_missing.refresh_from_db()
    assert filled.handled_reason == "registers_filled"
    assert still_missing.handled_at is None
    assert dt.date.fromisoformat(still_missing.data["dates"][0]) == TUESDAY
