"""A to-do closes itself when the work it asks for is done or no longer possible, in the
service that does the work, audited, and kept as history: the district's inbox item of a plan
version that was replaced or of a person who exited, the intake time of a case whose first
meeting was recorded on another day or that exited, and a placement's supervisor contacts and
proposals in progress when the person exits."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.matching.models import PlacementFollowUp, Proposal
from jobbtorg.matching.services.proposals import (
    proposal_create,
)
from jobbtorg.participants.models import DistrictEvent, EventKind, IntakeSlot
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.participants.services.first_meetings import first_meeting_record
from tests.conftest import client_for
from tests.matching.scenario import TODAY, person, placement_hire, vacancy
from tests.participants.scenarios import (
    approve,
    context,
    enrol,
    publish_slot,
    refer,
    tomorrow_at,
    write_plan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _exit(referral, coach, on=None):
    return exit_record(
        actor=coach,
        audit_context=context(coach),
        referral=referral,
        date=on or timezone.localdate(),
        reason="other",
        reason_text="Flyttade utomlands.",
    )


def _inbox(officer) -> str:
    return client_for(officer, language="en").get(reverse("participants:inbox")).content.decode()


def _awaiting(referral):
    return DistrictEvent.objects.filter(referral=referral, kind=EventKind.PLAN_AWAITING_APPROVAL)


def test_a_replaced_plan_versions_inbox_item_closes_with_the_reason(staff):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    write_plan(case, staff.coach_sydost)
    assert "1 event is not handled yet" in _inbox(staff.officer_farsta)

    second = write_plan(case, staff.coach_sydost, based_on=1)
    first_item = _awaiting(case).get(data__number=1)
    assert first_item.handled_at is not None
    assert first_item.handled_reason == "plan_superseded"
    html = _inbox(staff.officer_farsta)
    assert "1 event is not handled yet" in html  # only version 2 awaits the district
    assert "A newer plan version replaced it" in html

    approve(second, staff.officer_farsta)
    assert not _awaiting(case).filter(handled_at__isnull=True).exists()
    assert "0 events are not handled yet" in _inbox(staff.officer_farsta)
    # Both items are kept, and each closing is on record.
    assert _awaiting(case).count() == 2
    assert AuditEntry.objects.filter(
        action=AuditAction.DISTRICT_EVENT_HANDLED,
        object_id=str(first_item.pk),
        changes__after__reason="plan_superseded",
    ).exists()


def test_an_exit_closes_the_plan_awaiting_the_districts_decision(staff):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    write_plan(case, staff.coach_sydost)
    _exit(case, staff.coach_sydost)
    item = _awaiting(case).get()
    assert (item.handled_reason, item.handled_by) == ("case_exited", None)
    assert "The person has exited" in _inbox(staff.officer_farsta)


def _booked_times(coach) -> str:
    return (
        client_for(coach, language="en").get(reverse("participants:intake_slots")).content.decode()
    )


def test_a_first_meeting_recorded_on_another_day_frees_the_booked_time(staff):
    slot = publish_slot(staff.coach_sydost, tomorrow_at(14))
    case = refer(staff.officer_farsta, first_name="Tidig", last_name="Besökare")
    assert IntakeSlot.objects.get(pk=slot.pk).referral_id == case.pk
    assert "Tidig Besökare" in _booked_times(staff.coach_sydost)

    enrol(case, staff.coach_sydost)  # the person came today, before the booked time

    slot.refresh_from_db()
    assert slot.referral_id is None
    html = _booked_times(staff.coach_sydost)
    assert "Tidig Besökare" not in html and "Free" in html
    assert AuditEntry.objects.filter(
        action=AuditAction.INTAKE_TIME_RELEASED,
        participant=case.participant,
        changes__after__reason="first_meeting_recorded",
    ).exists()


def test_a_time_already_passed_stays_with_the_case_as_history(staff):
    case = refer(staff.officer_farsta)
    past = timezone.now() - dt.timedelta(hours=2)
    slot = IntakeSlot.objects.create(
        job_centre=staff.coach_sydost.job_centre, coach=staff.coach_sydost, starts_at=past
    )
    IntakeSlot.objects.filter(referral=case).update(referral=None)
    IntakeSlot.objects.filter(pk=slot.pk).update(referral=case)
    enrol(case, staff.coach_sydost)
    slot.refresh_from_db()
    assert slot.referral_id == case.pk


def test_an_exit_before_the_first_meeting_frees_the_booked_time(staff):
    slot = publish_slot(staff.coach_sydost, tomorrow_at(9))
    case = refer(staff.officer_farsta, first_name="Aldrig", last_name="Kom")
    _exit(case, staff.coach_sydost)
    slot.refresh_from_db()
    assert slot.referral_id is None
    assert "Aldrig Kom" not in _booked_times(staff.coach_sydost)


def test_a_no_show_is_not_a_first_meeting_and_keeps_a_time_booked(staff):
    publish_slot(staff.coach_sydost, tomorrow_at(9))
    publish_slot(staff.coach_sydost, tomorrow_at(11))
    case = refer(staff.officer_farsta)
    first_meeting_record(
        actor=staff.coach_sydost,
        audit_context=context(staff.coach_sydost),
        referral=case,
        held_on=timezone.localdate(),
        outcome="no_show",
    )
    assert IntakeSlot.objects.filter(referral=case).exists()


def _matching_todo(user) -> str:
    return client_for(user, language="en").get(reverse("matching:todo")).content.decode()


def test_an_exit_closes_the_supervisor_contacts_of_the_placement(staff):
    referral, proposal = placement_hire(staff)
    PlacementFollowUp.objects.filter(proposal=proposal).update(due_on=TODAY)
    assert "Kandidat1 Test, Omsorg AB" in _matching_todo(staff.matcher_sydost)

    _exit(referral, staff.coach_sydost)

    assert "Kandidat1 Test, Omsorg AB" not in _matching_todo(staff.matcher_sydost)
    contacts = PlacementFollowUp.objects.filter(proposal=proposal)
    assert contacts.count() == 3  # kept, closed with the reason
    # Closed on the day of the exit, read when the test runs (TODAY is read at import, and a
    # run may pass midnight).
    assert set(contacts.values_list("closed_reason", "closed_on", "done_on")) == {
        ("case_exited", timezone.localdate(), None)
    }
    page = client_for(staff.matcher_sydost, language="en").get(
        reverse("matching:proposal", args=[proposal.pk])
    )
    assert "The person has exited" in page.content.decode()


def test_an_exit_withdraws_the_proposals_still_in_progress(staff):
    referral = person(staff)
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=vacancy(), referral=referral)
    assert "Kandidat1 Test" in _matching_todo(staff.coach_sydost)  # awaiting the coach

    _exit(referral, staff.coach_sydost)

    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert "exited" in proposal.outcome_reason
    assert proposal.events.filter(status="withdrawn", actor=staff.coach_sydost).exists()
    assert "Kandidat1 Test" not in _matching_todo(staff.coach_sydost)
    assert Proposal.objects.filter(referral=referral).count() == 1


# Rows left open before the services closed them are closed by the data migrations.


def _migration(app: str, name: str):
    return importlib.import_module(f"jobbtorg.{app}.migrations.{name}")


def test_the_migration_closes_inbox_items_of_plans_no_longer_awaiting_a_decision(staff):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    write_plan(case, staff.coach_sydost)
    approve(write_plan(case, staff.coach_sydost, based_on=1), staff.officer_farsta)
    waiting = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    write_plan(waiting, staff.coach_sydost)
    # As they were left before: every item open.
    DistrictEvent.objects.update(handled_at=None, handled_by=None, handled_reason="")

    _migration(
        "plans", "0004_close_inbox_items_of_decided_plans"
    ).close_inbox_items_no_longer_actionable(django_apps, None)

    reasons = dict(_awaiting(case).values_list("data__number", "handled_reason"))
    assert reasons == {1: "plan_superseded", 2: "plan_decided"}
    assert _awaiting(waiting).get().handled_at is None  # still awaits the district


def test_the_migration_gives_back_times_ahead_of_cases_already_met(staff):
    slot = publish_slot(staff.coach_sydost, tomorrow_at(14))
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    IntakeSlot.objects.filter(pk=slot.pk).update(referral=case)  # as it was left before
    waiting_slot = publish_slot(staff.coach_sydost, tomorrow_at(15))
    waiting = refer(staff.officer_farsta)

    _migration(
        "participants", "0012_district_event_handled_reason"
    ).release_intake_times_no_longer_needed(django_apps, None)

    slot.refresh_from_db()
    waiting_slot.refresh_from_db()
    assert slot.referral_id is None
    assert waiting_slot.referral_id == waiting.pk


def test_the_migration_closes_what_exited_cases_held_open_in_matching(staff):
    referral, proposal = placement_hire(staff)
    live = proposal_create(context(staff.matcher_sydost), vacancy=vacancy(), referral=referral)
    _exit(referral, staff.coach_sydost)
    # As they were left before the exit closed them.
    PlacementFollowUp.objects.update(closed_on=None, closed_reason="")
    Proposal.objects.filter(pk=live.pk).update(status="proposed", outcome_reason="")

    _migration("matching", "0003_placement_follow_up_closed").close_what_exited_cases_held_open(
        django_apps, None
    )

    assert set(PlacementFollowUp.objects.values_list("closed_reason", flat=True)) == {"case_exited"}
    live.refresh_from_db()
    assert live.status == "withdrawn" and live.outcome_reason.startswith("Personen avslutades")
