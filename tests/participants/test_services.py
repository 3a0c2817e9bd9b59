"""Rules of the path that pages and API share, tested at the services."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.participants.models import CoachAssignment
from jobbtorg.participants.selectors import health_entries_visible_to
from jobbtorg.participants.services.assessments import assessment_update, health_entry_add
from jobbtorg.participants.services.coaches import coach_change
from jobbtorg.participants.services.first_meetings import first_meeting_record
from jobbtorg.participants.services.referrals import referral_create
from tests.factories import UserFactory, job_centre, valid_personal_identity_number

pytestmark = pytest.mark.usefixtures("english")
TODAY = timezone.localdate()


def ctx(user):
    return AuditContext.for_command("test", actor=user)


@pytest.fixture
def case(staff):
    referral = referral_create(
        actor=staff.officer_farsta,
        audit_context=ctx(staff.officer_farsta),
        personal_identity_number=valid_personal_identity_number(31),
        first_name="Nora",
        last_name="Nyström",
        district="farsta",
        target_group="youth",
        basis="Ung utan sysselsättning.",
        consent_given=True,
    )
    first_meeting_record(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        referral=referral,
        held_on=TODAY,
        coach=staff.coach_sydost,
        duties_explained=True,
        af_registration="registered",
    )
    referral.refresh_from_db()
    return referral


def test_the_page_form_requires_consent_or_a_legal_basis(staff):
    with pytest.raises(ValidationFailed) as raised:
        referral_create(
            actor=staff.officer_farsta,
            audit_context=ctx(staff.officer_farsta),
            personal_identity_number=valid_personal_identity_number(32),
            first_name="A",
            last_name="B",
            district="farsta",
            target_group="youth",
            basis="x",
            require_consent_or_legal_basis=True,
        )
    assert "legal_basis" in raised.value.errors


def test_health_entries_are_seen_only_by_coach_and_manager_of_the_jobbtorg(staff, case):
    entry = health_entry_add(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        referral=case,
        text="Ryggbesvär: högst 4 timmars stående arbete.",
    )
    assert entry in health_entries_visible_to(staff.coach_sydost)
    assert entry in health_entries_visible_to(staff.manager_sydost)
    for user in (
        staff.matcher_sydost,
        staff.officer_farsta,
        staff.coach_jarva,
        staff.manager_jarva,
        staff.analyst,
        staff.provider_staff,
    ):
        assert entry not in health_entries_visible_to(user)
    logged = AuditEntry.objects.get(action="health.added")
    assert "Ryggbesvär" not in str(logged.changes)


def test_a_matcher_cannot_write_health_entries(staff, case):
    with pytest.raises(NotAllowed):
        health_entry_add(
            actor=staff.matcher_sydost,
            audit_context=ctx(staff.matcher_sydost),
            referral=case,
            text="x",
        )


def test_two_coaches_saving_the_same_assessment_the_second_is_told_and_nothing_is_lost(staff, case):
    opened = case.assessment.version
    assessment_update(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        assessment=case.assessment,
        based_on_version=opened,
        values={"wishes": "Bli busschaufför"},
    )
    with pytest.raises(ConcurrentChange):
        assessment_update(
            actor=staff.manager_sydost,
            audit_context=ctx(staff.manager_sydost),
            assessment=case.assessment,
            based_on_version=opened,
            values={"wishes": "Lager"},
        )
    case.assessment.refresh_from_db()
    assert case.assessment.wishes == "Bli busschaufför"
    assert case.assessment.version == opened + 1


def test_changing_coach_keeps_the_history(staff, case):
    second = UserFactory(username="coach-2", role="coach", job_centre=job_centre("sydost"))
    coach_change(
        actor=staff.manager_sydost,
        audit_context=ctx(staff.manager_sydost),
        referral=case,
        coach=second,
    )
    history = list(
        CoachAssignment.objects.filter(referral=case).values_list("coach__username", flat=True)
    )
    assert history == ["coach-sydost", "coach-2"]
    case.refresh_from_db()
    assert case.coach == second


def test_a_coach_of_another_jobbtorg_cannot_become_the_personal_coach(staff, case):
    with pytest.raises(ValidationFailed) as raised:
        coach_change(
            actor=staff.manager_sydost,
            audit_context=ctx(staff.manager_sydost),
            referral=case,
            coach=staff.coach_jarva,
        )
    assert "coach" in raised.value.errors


def test_an_exception_to_18_months_moves_the_limit_only_once_the_manager_approves(staff, case):
    from jobbtorg.participants.services.limit_exceptions import (
        limit_exception_decide,
        limit_exception_request,
    )
    from jobbtorg.plans.deadlines import case_deadlines

    limit = case_deadlines(case).participation_ends
    until = limit + dt.timedelta(days=90)
    exception = limit_exception_request(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        referral=case,
        reason="Vårdutbildning slutar i mars; anställning utlovad efteråt.",
        until=until,
    )
    assert case_deadlines(case).participation_ends == limit
    with pytest.raises(NotAllowed):
        limit_exception_decide(
            actor=staff.coach_sydost,
            audit_context=ctx(staff.coach_sydost),
            exception=exception,
            approve=True,
        )
    limit_exception_decide(
        actor=staff.manager_sydost,
        audit_context=ctx(staff.manager_sydost),
        exception=exception,
        approve=True,
    )
    assert case_deadlines(case).participation_ends == until


def test_the_participation_end_alone_is_the_one_the_case_deadlines_show(staff, case):
    """`participation_end_of` (participants) and `case_deadlines` (plans) ask the same rule: with
    an interruption and approved exceptions they give the same day, and none unless enrolled."""
    from jobbtorg.participants.models import Interruption, LimitException
    from jobbtorg.participants.selectors import participation_end_of
    from jobbtorg.plans.deadlines import case_deadlines

    eighteen_months = participation_end_of(case)
    assert eighteen_months == case_deadlines(case).participation_ends
    Interruption.objects.create(
        referral=case,
        reason="illness",
        start=TODAY + dt.timedelta(days=10),
        end=TODAY + dt.timedelta(days=40),
        recorded_by=staff.coach_sydost,
    )
    LimitException.objects.create(
        referral=case,
        reason="Skäl",
        until=eighteen_months + dt.timedelta(days=10),
        requested_by=staff.coach_sydost,
        approved=True,
    )
    later = TODAY + dt.timedelta(days=100)
    moved = participation_end_of(case, later)
    assert moved == eighteen_months + dt.timedelta(days=31)
    assert moved == case_deadlines(case, later).participation_ends
    LimitException.objects.create(
        referral=case,
        reason="Fler skäl",
        until=eighteen_months + dt.timedelta(days=90),
        requested_by=staff.coach_sydost,
        approved=True,
    )
    assert participation_end_of(case, later) == eighteen_months + dt.timedelta(days=90)
    assert participation_end_of(case, later) == case_deadlines(case, later).participation_ends
    for day in (TODAY, TODAY + dt.timedelta(days=20), later):
        assert participation_end_of(case, day) == case_deadlines(case, day).participation_ends
    case.stage = "exited"
    assert participation_end_of(case) is None
    assert case_deadlines(case).participation_ends is None


def test_an_exception_needs_reasons_and_a_date_after_the_limit(staff, case):
    from jobbtorg.participants.services.limit_exceptions import limit_exception_request

    with pytest.raises(ValidationFailed) as raised:
        limit_exception_request(
            actor=staff.coach_sydost,
            audit_context=ctx(staff.coach_sydost),
            referral=case,
            reason=" ",
            until=TODAY,
        )
    assert {"reason", "until"} <= set(raised.value.errors)


def test_a_refused_exception_needs_a_note(staff, case):
    from jobbtorg.participants.services.limit_exceptions import (
        limit_exception_decide,
        limit_exception_request,
    )
    from jobbtorg.plans.deadlines import case_deadlines

    limit = case_deadlines(case).participation_ends
    exception = limit_exception_request(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        referral=case,
        reason="Skäl",
        until=limit + dt.timedelta(days=30),
    )
    with pytest.raises(ValidationFailed):
        limit_exception_decide(
            actor=staff.manager_sydost,
            audit_context=ctx(staff.manager_sydost),
            exception=exception,
            approve=False,
        )
    limit_exception_decide(
        actor=staff.manager_sydost,
        audit_context=ctx(staff.manager_sydost),
        exception=exception,
        approve=False,
        note="Inga särskilda skäl.",
    )
    assert case_deadlines(case).participation_ends == limit


def test_the_same_coach_cannot_be_assigned_again(staff, case):
    with pytest.raises(ValidationFailed) as raised:
        coach_change(
            actor=staff.manager_sydost,
            audit_context=ctx(staff.manager_sydost),
            referral=case,
            coach=staff.coach_sydost,
        )
    assert "already" in raised.value.errors["coach"][0]
    assert CoachAssignment.objects.filter(referral=case).count() == 1


def test_a_restart_cannot_be_recorded_ahead_of_time(staff, case):
    from jobbtorg.participants.services.interruptions import interruption_end
    from tests.participants.factories import InterruptionFactory

    interruption = InterruptionFactory(referral=case, start=TODAY)
    with pytest.raises(ValidationFailed) as raised:
        interruption_end(
            actor=staff.coach_sydost,
            audit_context=ctx(staff.coach_sydost),
            interruption=interruption,
            end=TODAY + dt.timedelta(days=3),
        )
    assert "end" in raised.value.errors


def test_only_coaches_publish_intake_times(staff):
    from django.utils import timezone

    from jobbtorg.participants.services.first_meetings import intake_slot_publish

    with pytest.raises(NotAllowed):
        intake_slot_publish(
            actor=staff.manager_sydost, starts_at=timezone.now() + dt.timedelta(days=1)
        )


def test_follow_ups_are_for_activities_of_the_active_plan(staff, case):
    from jobbtorg.plans.services import follow_up_record, plan_submit

    plan = plan_submit(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        referral=case,
        activities=[
            {
                "type": "job_search",
                "provider": "Jobbtorget",
                "start": TODAY,
                "end": TODAY + dt.timedelta(days=20),
                "hours_per_week": 20,
                "goal": "Jobb",
            }
        ],
        based_on=None,
    )
    with pytest.raises(ValidationFailed) as raised:
        follow_up_record(
            actor=staff.coach_sydost,
            audit_context=ctx(staff.coach_sydost),
            activity=plan.activities.get(),
            done_on=TODAY,
            outcome="completed",
        )
    assert "active" in raised.value.errors["__all__"][0]


def test_the_18_month_flag_is_on_my_day_a_month_ahead(staff, case):
    from jobbtorg.engines.rules import deadlines
    from jobbtorg.participants.models import Referral
    from jobbtorg.plans.case_deadlines import case_deadlines_keep
    from jobbtorg.plans.deadlines import deadlines_for

    Referral.objects.filter(pk=case.pk).update(
        enrolled_on=deadlines.add_months(TODAY, -18) + dt.timedelta(days=20)
    )
    # Moved behind the services' back: keep its deadlines as the nightly rebuild would.
    case_deadlines_keep(referral_ids=[case.pk])
    due = deadlines_for(staff.coach_sydost, within_days=7)
    assert "participation_limit" in [item.kind for item in due]


def test_a_case_at_another_jobbtorg_is_not_shown_after_the_district_moved(staff, case):
    from jobbtorg.organisation.services import district_assign
    from tests.conftest import api_client_for
    from tests.factories import district

    district_assign(district=district("farsta"), job_centre=job_centre("jarva"), valid_from=TODAY)
    pid = case.participant_id
    jarva = api_client_for(staff.coach_jarva).get(f"/api/v1/participants/{pid}").json()
    sydost = api_client_for(staff.coach_sydost).get(f"/api/v1/participants/{pid}").json()
    assert jarva["status"] == "none" and jarva["active_plan"] is None
    assert sydost["status"] == "enrolled"


def test_a_referral_without_a_time_is_booked_on_the_first_free_one_however_far_ahead(staff):
    from django.utils import timezone

    from jobbtorg.participants.services.first_meetings import (
        first_meeting_book,
        intake_slot_publish,
    )

    referral = referral_create(
        actor=staff.officer_farsta,
        audit_context=ctx(staff.officer_farsta),
        personal_identity_number=valid_personal_identity_number(33),
        first_name="A",
        last_name="B",
        district="farsta",
        target_group="youth",
        basis="x",
        consent_given=True,
    )
    assert not hasattr(referral, "first_meeting_slot")
    with pytest.raises(ValidationFailed):
        first_meeting_book(
            actor=staff.manager_sydost, audit_context=ctx(staff.manager_sydost), referral=referral
        )
    far = intake_slot_publish(
        actor=staff.coach_sydost, starts_at=timezone.now() + dt.timedelta(days=30)
    )
    slot = first_meeting_book(
        actor=staff.manager_sydost, audit_context=ctx(staff.manager_sydost), referral=referral
    )
    assert slot.pk == far.pk
    assert AuditEntry.objects.filter(action="first_meeting.booked").count() == 1


def test_an_officer_marks_an_inbox_event_handled_and_the_event_stays(staff, case):
    from jobbtorg.participants.models import DistrictEvent
    from jobbtorg.participants.services.district_events import (
        district_event_handle,
        district_report,
    )

    event = district_report(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        referral=case,
        kind="absence",
        text="Frånvarande utan giltigt skäl.",
    )
    with pytest.raises(NotAllowed):
        district_event_handle(actor=staff.officer_skarpnack, event=event)
    district_event_handle(actor=staff.officer_farsta, event=event)
    stored = DistrictEvent.objects.get(pk=event.pk)
    assert stored.handled_by == staff.officer_farsta
    assert stored.summary == "Frånvarande utan giltigt skäl."
