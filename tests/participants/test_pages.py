"""The individual's path through the pages: who may do what, what bad input gets (the message on
its field, what was typed kept, nothing written), and that every look at a person is logged."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.roles import Role
from jobbtorg.engines.rules.deadlines import plan_due
from jobbtorg.participants.models import (
    CoachAssignment,
    DistrictEvent,
    EventKind,
    Exit,
    FirstMeeting,
    HealthEntry,
    IntakeSlot,
    Interruption,
    Participant,
    Referral,
    Stage,
)
from jobbtorg.plans.models import FollowUp, PlanStatus, PlanVersion
from tests.audit_reads import in_extract, people_named
from tests.conftest import client_for
from tests.factories import ParticipantFactory, UserFactory, job_centre
from tests.participants.scenarios import (
    active_case,
    activity,
    backdate,
    enrol,
    formset_post,
    new_number,
    publish_slot,
    refer,
    write_plan,
)

pytestmark = pytest.mark.usefixtures("english")


def en(user):
    return client_for(user, language="en")


def html_of(response) -> str:
    return response.content.decode()


def listed(user) -> set:
    return set(people_named(AuditAction.PARTICIPANT_LISTED, actor=user))


def referral_form(**overrides) -> dict:
    return {
        "personal_identity_number": new_number(),
        "first_name": "Nora",
        "last_name": "Nyström",
        "target_group": "unemployed_assistance",
        "basis": "Arbetslös, försörjningsstöd sedan mars.",
        "consent_given": "on",
        "legal_basis": "",
        "phone": "070-123 45 67",
        "email": "",
        "address": "",
        "interpreter_language": "arabiska",
    } | overrides


# The referral (R4–R7)


def test_an_officer_refers_through_the_form_and_sees_the_booked_first_meeting(staff):
    slot = publish_slot(staff.coach_sydost)
    client = en(staff.officer_farsta)

    response = client.post(reverse("participants:referral_create"), referral_form(), follow=True)

    referral = Referral.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "web:participant", args=[referral.participant_id]
    )
    html = html_of(response)
    when = timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M")
    assert f"The first meeting is booked for {when}" in html
    assert referral.consent_given is True
    assert referral.participant.interpreter_language == "arabiska"
    assert referral.job_centre.slug == "sydost"
    slot.refresh_from_db()
    assert slot.referral == referral


def test_a_referral_with_no_free_time_says_the_jobbtorg_will_book_one(staff):
    response = en(staff.officer_farsta).post(
        reverse("participants:referral_create"), referral_form(), follow=True
    )
    html = html_of(response)
    assert "No intake time was free within 5 working days" in html
    assert "the Jobbtorg will book the first meeting" in html
    assert "Not booked: the Jobbtorg will book a time" in html


def test_the_referral_form_names_the_missing_consent_keeps_what_was_typed_and_writes_nothing(
    staff,
):
    response = en(staff.officer_farsta).post(
        reverse("participants:referral_create"), referral_form(consent_given="", basis="")
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'href="#id_legal_basis"' in html
    assert "Record the person&#x27;s consent" in html or "Record the person's consent" in html
    assert 'href="#id_basis"' in html
    assert 'value="Nyström"' in html
    assert 'value="arabiska"' in html
    assert not Participant.objects.exists()
    assert not Referral.objects.exists()


def test_a_second_referral_of_an_enrolled_person_says_where_they_are_enrolled(staff):
    referral = refer(staff.officer_farsta)
    number = referral.participant.personal_identity_number
    response = en(staff.officer_farsta).post(
        reverse("participants:referral_create"), referral_form(personal_identity_number=number)
    )
    assert response.status_code == 200
    assert "already enrolled at Jobbtorg Sydost" in html_of(response)
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "analyst"])
def test_the_referral_form_is_refused_to_other_roles_with_a_reason(staff, username):
    response = en(getattr(staff, username)).get(reverse("participants:referral_create"))
    assert response.status_code == 403
    assert "Only a district officer refers people" in html_of(response)


# Intake times (R7)


def test_a_coach_publishes_a_time_and_sees_it_among_their_upcoming_times(staff):
    client = en(staff.coach_sydost)
    day = timezone.localdate() + dt.timedelta(days=2)
    response = client.post(
        reverse("participants:intake_slots"),
        {"day": day.isoformat(), "time": "09:30", "minutes": "45"},
        follow=True,
    )
    slot = IntakeSlot.objects.get()
    assert slot.coach == staff.coach_sydost and slot.minutes == 45
    html = html_of(response)
    assert f"{day.isoformat()} 09:30" in html
    assert "Free" in html


def test_a_booked_time_names_the_person_and_the_look_is_logged(staff):
    publish_slot(staff.coach_sydost)
    referral = refer(staff.officer_farsta)
    response = en(staff.coach_sydost).get(reverse("participants:intake_slots"))
    assert referral.participant.full_name in html_of(response)
    assert listed(staff.coach_sydost) == {referral.participant_id}
    assert in_extract(referral.participant_id, "participant.listed", "coach-sydost")


def test_a_time_in_the_past_is_refused_on_the_time_field_and_nothing_is_written(staff):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = en(staff.coach_sydost).post(
        reverse("participants:intake_slots"),
        {"day": yesterday.isoformat(), "time": "09:30", "minutes": "60"},
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'href="#id_time"' in html and "Choose a time in the future" in html
    assert f'value="{yesterday.isoformat()}"' in html
    assert not IntakeSlot.objects.exists()


@pytest.mark.parametrize("username", ["officer_farsta", "matcher_sydost", "analyst"])
def test_only_coaches_and_managers_publish_times(staff, username):
    assert en(getattr(staff, username)).get(reverse("participants:intake_slots")).status_code == 403


# Min dag


def test_the_coachs_day_shows_todays_meetings_what_is_due_and_the_caseload(staff):
    overdue = backdate(
        enrol(
            refer(staff.officer_farsta, first_name="Olle", last_name="Overdue"), staff.coach_sydost
        ),
        days=14,
    )
    today_case = refer(staff.officer_farsta, first_name="Tora", last_name="Today")
    IntakeSlot.objects.create(
        job_centre=job_centre("sydost"),
        coach=staff.coach_sydost,
        starts_at=timezone.now(),
        referral=today_case,
    )

    response = en(staff.coach_sydost).get(reverse("web:home"))

    html = html_of(response)
    assert "Today's first meetings" in html
    assert reverse("participants:first_meeting", args=[today_case.participant_id]) in html
    assert "Activity plan due" in html and "overdue" in html
    assert reverse("plans:create", args=[overdue.participant_id]) in html
    assert "Overdue, Olle" in html  # the caseload, by last name
    assert listed(staff.coach_sydost) == {overdue.participant_id, today_case.participant_id}
    # Min dag is one entry; each person's loggutdrag shows it.
    assert AuditEntry.objects.filter(action="participant.listed").count() == 1
    assert in_extract(overdue.participant_id, "participant.listed", "coach-sydost")
    assert in_extract(today_case.participant_id, "participant.listed", "coach-sydost")


def test_a_deadline_shows_its_date_and_a_plain_word(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    due_on = plan_due(referral.enrolled_on)
    days = (due_on - timezone.localdate()).days
    html = html_of(en(staff.coach_sydost).get(reverse("web:home")))
    assert due_on.isoformat() in html
    assert f"in {days} days" in html


def test_the_coachs_day_shows_only_their_own_caseload(staff):
    other_coach = UserFactory(username="coach-2", coach=True)
    theirs = enrol(refer(staff.officer_farsta, last_name="Annan"), other_coach)
    html = html_of(en(staff.coach_sydost).get(reverse("web:home")))
    assert theirs.participant.last_name not in html


def test_the_managers_day_shows_caseloads_compliance_and_referrals_with_no_time(staff):
    on_time = enrol(refer(staff.officer_farsta, last_name="Intid"), staff.coach_sydost)
    write_plan(on_time, staff.coach_sydost)
    enrol(refer(staff.officer_farsta, last_name="Ejplan"), staff.coach_sydost)
    no_slot = refer(staff.officer_farsta, last_name="Utantid")

    response = en(staff.manager_sydost).get(reverse("web:home"))

    html = html_of(response)
    assert "Caseload per coach" in html
    assert "coach-sydost" in html
    assert '<td class="numeric">2</td>' in html
    # One of two enrolled this month has a plan on time; the other is not yet due.
    assert "<strong>50.0 %</strong>" in html
    assert "1 of 2 people enrolled" in html
    assert "Referred with no first meeting booked" in html
    assert no_slot.participant.full_name in html
    assert no_slot.participant_id in listed(staff.manager_sydost)
    assert in_extract(no_slot.participant_id, "participant.listed", "manager-sydost")


def test_other_roles_keep_their_start_pages(staff):
    html = html_of(en(staff.officer_farsta).get(reverse("web:home")))
    assert reverse("participants:inbox") in html and reverse("participants:create") in html


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [
        (
            "coach_sydost",
            ["participants:intake_slots"],
            ["participants:inbox", "participants:referral_create"],
        ),
        (
            "officer_farsta",
            ["participants:inbox", "participants:referral_create"],
            ["participants:intake_slots"],
        ),
        (
            "analyst",
            [],
            ["participants:inbox", "participants:intake_slots", "participants:referral_create"],
        ),
    ],
)
def test_the_menu_shows_each_role_its_pages(staff, username, shown, hidden):
    html = html_of(en(getattr(staff, username)).get(reverse("web:home")))
    menu = html.split('class="main-nav"')[1].split("</nav>")[0]
    for name in shown:
        assert f'href="{reverse(name)}"' in menu
    for name in hidden:
        assert f'href="{reverse(name)}"' not in menu


# The participant page


def test_the_participant_page_shows_the_case_the_active_plan_and_a_timeline_newest_first(staff):
    referral = active_case(staff)
    url = reverse("web:participant", args=[referral.participant_id])

    html = html_of(en(staff.coach_sydost).get(url))

    assert "Enrolled" in html
    assert "a) Social assistance because of unemployment" in html
    assert "Active plan: version 1" in html
    assert "Söka tio jobb i veckan." in html
    timeline = html.split('class="timeline"')[1]
    approved = timeline.index("Plan version 1 approved by the district")
    written = timeline.index("Plan version 1 written")
    referred = timeline.index("Referred by Farsta")
    assert approved < written < referred
    assert "Personal coach: coach-sydost" in timeline
    assert "Consent not documented" not in html


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        (EventKind.ABSENCE, True),
        (EventKind.NON_COOPERATION, True),
        # The others repeat what the timeline says already (the plan, the interruption).
        (EventKind.PLAN_AWAITING_APPROVAL, False),
        (EventKind.INTERRUPTION_STARTED, False),
        (EventKind.MISSING_REGISTERS, False),
    ],
)
def test_the_timeline_shows_the_reports_to_the_district_of_absence_and_non_cooperation(
    staff, kind, shown
):
    referral = active_case(staff)
    DistrictEvent.objects.create(
        district=referral.district,
        participant=referral.participant,
        referral=referral,
        kind=kind,
        occurred_at=timezone.now(),
        summary="Händelsen i fråga",
    )
    html = html_of(
        en(staff.coach_sydost).get(reverse("web:participant", args=[referral.participant_id]))
    )
    timeline = html.split('class="timeline"')[1]
    assert ("Händelsen i fråga" in timeline) is shown
    assert (f"Reported to the district: {EventKind(kind).label}" in timeline) is shown


def test_a_missing_consent_is_shown_in_words_on_the_participant_page(staff):
    referral = refer(staff.officer_farsta, consent=None)
    html = html_of(
        en(staff.coach_sydost).get(reverse("web:participant", args=[referral.participant_id]))
    )
    assert "Consent not documented" in html


def test_the_participant_page_logs_the_view_and_each_plan_it_shows(staff):
    referral = active_case(staff)
    write_plan(referral, staff.coach_sydost, based_on=1)  # version 2 awaits approval
    before = AuditEntry.objects.count()
    en(staff.officer_farsta).get(reverse("web:participant", args=[referral.participant_id]))
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [e.action for e in entries] == [
        AuditAction.PARTICIPANT_VIEWED,
        AuditAction.PLAN_VIEWED,
        AuditAction.PLAN_VIEWED,
    ]
    assert {e.participant_id for e in entries} == {referral.participant_id}


ACTION_URLS = ["first_meeting", "plans:create", "exit", "report", "interruption", "coach_change"]


def page(name: str) -> str:
    """The exit page composes participants with matching: it is a page of `web`."""
    if name == "exit":
        return "web:participant_exit"
    return name if ":" in name else f"participants:{name}"


@pytest.mark.parametrize(
    ("username", "may_act"),
    [
        ("coach_sydost", True),
        ("manager_sydost", True),
        ("matcher_sydost", False),
        ("officer_farsta", False),
    ],
)
def test_actions_are_shown_only_to_roles_that_may_take_them(staff, username, may_act):
    referred = refer(staff.officer_farsta, last_name="Remitterad")
    enrolled = enrol(refer(staff.officer_farsta, last_name="Inskriven"), staff.coach_sydost)
    client = en(getattr(staff, username))
    first = html_of(client.get(reverse("web:participant", args=[referred.participant_id])))
    second = html_of(client.get(reverse("web:participant", args=[enrolled.participant_id])))
    assert (reverse("participants:first_meeting", args=[referred.participant_id]) in first) is (
        may_act
    )
    for name in ["plans:create", "exit", "report", "interruption", "coach_change"]:
        url = reverse(page(name), args=[enrolled.participant_id])
        assert (url in second) is may_act, name
    assessment = reverse("participants:assessment", args=[enrolled.participant_id])
    assert (assessment in second) is (username != "officer_farsta")


@pytest.mark.parametrize("name", ACTION_URLS + ["assessment", "plans:follow_up"])
def test_the_pages_of_a_case_are_404_outside_scope_and_write_nothing(staff, name):
    referral = active_case(staff)
    before = AuditEntry.objects.count()
    response = en(staff.coach_jarva).get(reverse(page(name), args=[referral.participant_id]))
    assert response.status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("name", ACTION_URLS + ["plans:follow_up"])
def test_the_forms_of_a_case_are_refused_to_officers_and_matchers_with_a_reason(staff, name):
    referral = active_case(staff)
    for user in (staff.officer_farsta, staff.matcher_sydost):
        response = en(user).get(reverse(page(name), args=[referral.participant_id]))
        assert response.status_code == 403, user
        assert "is done by the coach or manager at Jobbtorg Sydost" in html_of(response)


def test_the_participant_list_shows_each_persons_stage(staff, people):
    enrol(refer(staff.officer_farsta, last_name="Steg"), staff.coach_sydost)
    html = html_of(en(staff.officer_farsta).get(reverse("participants:list")))
    assert '<th scope="col">Stage</th>' in html
    row = html.split("Steg, Amira")[1].split("</tr>")[0]
    assert "Enrolled" in row
    row = html.split("Farstasson, Fatima")[1].split("</tr>")[0]
    assert "Not referred" in row


# The first meeting (R8)


def test_a_coach_records_the_first_meeting_and_the_person_is_enrolled(staff):
    referral = refer(staff.officer_farsta)
    url = reverse("participants:first_meeting", args=[referral.participant_id])
    client = en(staff.coach_sydost)
    form = html_of(client.get(url))
    assert 'value="coach-sydost" selected' in form

    response = client.post(
        url,
        {
            "outcome": "held",
            "held_on": timezone.localdate().isoformat(),
            "coach": "coach-sydost",
            "duties_explained": "on",
            "af_registration": "registered_today",
        },
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.stage == Stage.ENROLLED
    assert referral.coach == staff.coach_sydost
    assert referral.af_registration_on == timezone.localdate()


def test_a_no_show_is_recorded_and_reported_to_the_district(staff):
    referral = refer(staff.officer_farsta)
    response = en(staff.coach_sydost).post(
        reverse("participants:first_meeting", args=[referral.participant_id]),
        {"outcome": "no_show", "held_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert DistrictEvent.objects.filter(referral=referral, kind=EventKind.NO_SHOW).exists()
    referral.refresh_from_db()
    assert referral.stage == Stage.REFERRED


def test_the_first_meeting_form_names_what_is_missing_and_keeps_what_was_typed(staff):
    referral = refer(staff.officer_farsta)
    response = en(staff.coach_sydost).post(
        reverse("participants:first_meeting", args=[referral.participant_id]),
        {
            "outcome": "held",
            "held_on": timezone.localdate().isoformat(),
            "coach": "coach-sydost",
            "af_registration": "registered",
        },
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'href="#id_duties_explained"' in html
    assert "Explain the rights, duties and consequences" in html
    assert '<option value="registered" selected>' in html
    assert not FirstMeeting.objects.exists()
    referral.refresh_from_db()
    assert referral.stage == Stage.REFERRED


def test_the_coach_chooser_lists_only_coaches_of_the_persons_jobbtorg(staff):
    referral = refer(staff.officer_farsta)
    html = html_of(
        en(staff.manager_sydost).get(
            reverse("participants:first_meeting", args=[referral.participant_id])
        )
    )
    assert 'value="coach-sydost"' in html
    assert 'value="coach-jarva"' not in html
    assert 'value="manager-sydost"' not in html


# The activity plan (R10, R11)


def test_a_coach_writes_the_first_plan_and_it_goes_to_the_district(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    url = reverse("plans:create", args=[referral.participant_id])
    client = en(staff.coach_sydost)
    html = html_of(client.get(url))
    assert 'name="based_on"' in html and 'name="based_on" id="id_based_on"' in html
    assert 'name="activities-TOTAL_FORMS" value="1"' in html

    response = client.post(url, formset_post([activity()]))

    plan = PlanVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.status == PlanStatus.AWAITING_APPROVAL
    assert plan.activities.get().goal == "Söka tio jobb i veckan."
    assert DistrictEvent.objects.filter(kind=EventKind.PLAN_AWAITING_APPROVAL).exists()


def test_the_plan_form_starts_from_the_plan_with_an_empty_row_and_the_version_seen(staff):
    referral = active_case(staff)
    html = html_of(
        en(staff.coach_sydost).get(reverse("plans:create", args=[referral.participant_id]))
    )
    assert 'name="activities-TOTAL_FORMS" value="2"' in html
    assert 'name="activities-INITIAL_FORMS" value="1"' in html
    assert "Söka tio jobb i veckan." in html
    assert '<option value="job_search" selected>' in html
    assert 'name="based_on" value="1"' in html


def test_blank_extra_rows_are_ignored_and_removed_rows_are_dropped(staff):
    referral = active_case(staff)
    rows = [
        activity(),
        activity(type="coaching", goal="Motivation."),
        {"type": "", "provider": "", "start": "", "end": "", "hours_per_week": "", "goal": ""},
    ]
    data = formset_post(rows, based_on=1, initial_forms=2, **{"activities-0-DELETE": "on"})
    response = en(staff.coach_sydost).post(
        reverse("plans:create", args=[referral.participant_id]), data
    )
    assert response.status_code == 302
    plan = PlanVersion.objects.get(number=2)
    assert [a.activity_type.code for a in plan.activities.all()] == ["coaching"]


def test_a_missing_field_is_named_on_its_row_and_nothing_is_written(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    response = en(staff.coach_sydost).post(
        reverse("plans:create", args=[referral.participant_id]),
        formset_post([activity(end="")]),
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'href="#id_activities-0-end"' in html
    assert "every activity is limited in time: give the end date" in html
    assert "Söka tio jobb i veckan." in html
    assert not PlanVersion.objects.exists()


def test_a_plan_longer_than_6_months_shows_the_message_on_the_end_date_and_keeps_the_rows(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    start = timezone.localdate()
    too_long = activity(type="placement", start=start, end=start + dt.timedelta(days=200))
    response = en(staff.coach_sydost).post(
        reverse("plans:create", args=[referral.participant_id]),
        formset_post([activity(), too_long]),
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'href="#id_activities-1-end"' in html
    assert 'href="#id_activities-0-end"' not in html
    assert "a plan covers at most 6 months from its first activity" in html
    assert f'value="{(start + dt.timedelta(days=200)).isoformat()}"' in html
    assert not PlanVersion.objects.exists()


def test_two_coaches_write_the_same_plan_at_once_and_the_second_is_told_and_keeps_the_text(staff):
    referral = active_case(staff)
    url = reverse("plans:create", args=[referral.participant_id])
    first, second = en(staff.coach_sydost), en(staff.manager_sydost)
    assert 'name="based_on" value="1"' in html_of(first.get(url))
    assert 'name="based_on" value="1"' in html_of(second.get(url))

    saved = first.post(url, formset_post([activity(goal="Den förstas ändring.")], based_on=1))
    refused = second.post(url, formset_post([activity(goal="Den andras ändring.")], based_on=1))

    assert saved.status_code == 302
    assert refused.status_code == 200
    html = html_of(refused)
    assert "saved version 2 of the plan" in html
    assert "Den andras ändring." in html
    newest = PlanVersion.objects.get(number=2)
    assert reverse("plans:detail", args=[newest.pk]) in html
    # The second may now knowingly send theirs again: the form builds on version 2.
    assert 'name="based_on" value="2"' in html
    assert PlanVersion.objects.filter(referral=referral).count() == 2
    assert newest.activities.get().goal == "Den förstas ändring."


def test_a_row_can_be_added_without_losing_what_was_typed(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    response = en(staff.coach_sydost).post(
        reverse("plans:create", args=[referral.participant_id]),
        formset_post([activity(goal="Skrivet först.")], add_row="1"),
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "Skrivet först." in html
    assert 'name="activities-TOTAL_FORMS" value="2"' in html
    assert "Please correct" not in html
    assert not PlanVersion.objects.exists()


def test_a_plan_is_written_after_the_first_meeting(staff):
    referral = refer(staff.officer_farsta)
    html = html_of(
        en(staff.coach_sydost).get(reverse("plans:create", args=[referral.participant_id]))
    )
    assert "A plan is written after the first meeting." in html
    assert "activities-TOTAL_FORMS" not in html


# The plan page and the district's decision (R11)


def test_an_officer_of_the_home_district_approves_the_plan_from_its_page(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    plan = write_plan(referral, staff.coach_sydost)
    client = en(staff.officer_farsta)
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    assert "Approve" in html_of(page) and "Reject" in html_of(page)
    assert AuditEntry.objects.filter(
        actor=staff.officer_farsta, action=AuditAction.PLAN_VIEWED, object_id=str(plan.pk)
    ).exists()

    response = client.post(reverse("plans:approve", args=[plan.pk]), follow=True)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == staff.officer_farsta
    assert "It is now the active plan" in html_of(response)
    assert DistrictEvent.objects.get(kind=EventKind.PLAN_AWAITING_APPROVAL).handled_at


def test_a_rejection_needs_a_reason_and_keeps_the_plan_waiting(staff):
    plan = write_plan(enrol(refer(staff.officer_farsta), staff.coach_sydost), staff.coach_sydost)
    response = en(staff.officer_farsta).post(
        reverse("plans:reject", args=[plan.pk]), {"reason": "  "}
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'href="#id_reason"' in html and "Write why the plan is rejected" in html
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AWAITING_APPROVAL


def test_a_rejected_plan_goes_back_to_the_coach_with_the_reason(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    plan = write_plan(referral, staff.coach_sydost)
    en(staff.officer_farsta).post(
        reverse("plans:reject", args=[plan.pk]), {"reason": "Fler timmar behövs."}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED
    home = html_of(en(staff.coach_sydost).get(reverse("web:home")))
    assert "Plan rejected: write a new version" in home
    form = html_of(
        en(staff.coach_sydost).get(reverse("plans:create", args=[referral.participant_id]))
    )
    assert "Fler timmar behövs." in form


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "officer_skarpnack"])
def test_only_an_officer_of_the_home_district_decides(staff, username):
    plan = write_plan(enrol(refer(staff.officer_farsta), staff.coach_sydost), staff.coach_sydost)
    client = en(getattr(staff, username))
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    if page.status_code == 200:
        assert reverse("plans:approve", args=[plan.pk]) not in html_of(page)
    approved = client.post(reverse("plans:approve", args=[plan.pk]))
    rejected = client.post(reverse("plans:reject", args=[plan.pk]), {"reason": "Nej."})
    assert approved.status_code in (403, 404) and rejected.status_code in (403, 404)
    if approved.status_code == 403:
        assert "officer of the home district, Farsta" in html_of(approved)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AWAITING_APPROVAL


def test_the_plan_page_is_404_outside_scope_and_logs_nothing(staff):
    plan = write_plan(enrol(refer(staff.officer_farsta), staff.coach_sydost), staff.coach_sydost)
    before = AuditEntry.objects.count()
    for user in (staff.coach_jarva, staff.officer_rinkeby, staff.analyst):
        assert en(user).get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    assert AuditEntry.objects.count() == before


# Follow-up (R13)


def test_a_coach_follows_up_the_activity_the_deadline_points_at(staff):
    referral = active_case(staff)
    chosen = PlanVersion.objects.get(status=PlanStatus.APPROVED).activities.get()
    url = reverse("plans:follow_up", args=[referral.participant_id])
    client = en(staff.coach_sydost)
    assert f'<option value="{chosen.pk}" selected>' in html_of(
        client.get(f"{url}?aktivitet={chosen.pk}")
    )

    response = client.post(
        url,
        {
            "activity": chosen.pk,
            "done_on": timezone.localdate().isoformat(),
            "outcome": "next_step",
            "note": "Vidare till praktik.",
        },
    )

    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.activity == chosen and follow_up.outcome == "next_step"
    timeline = html_of(client.get(reverse("web:participant", args=[referral.participant_id])))
    assert "Follow-up of Own job search supported by the coach: Led to the next step" in timeline


def test_a_follow_up_in_the_future_is_refused_on_its_date(staff):
    referral = active_case(staff)
    chosen = PlanVersion.objects.get(status=PlanStatus.APPROVED).activities.get()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = en(staff.coach_sydost).post(
        reverse("plans:follow_up", args=[referral.participant_id]),
        {"activity": chosen.pk, "done_on": tomorrow.isoformat(), "outcome": "completed"},
    )
    html = html_of(response)
    assert 'href="#id_done_on"' in html and "before it has happened" in html
    assert not FollowUp.objects.exists()


# The assessment and health-related entries (R9)


def test_the_coach_reads_and_saves_the_assessment_and_each_view_is_logged(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    url = reverse("participants:assessment", args=[referral.participant_id])
    client = en(staff.coach_sydost)
    html = html_of(client.get(url))
    assert 'name="version" value="1"' in html
    actions = set(
        AuditEntry.objects.filter(actor=staff.coach_sydost).values_list("action", flat=True)
    )
    assert {AuditAction.ASSESSMENT_VIEWED, AuditAction.HEALTH_ENTRIES_VIEWED} <= actions

    response = client.post(
        url, {"action": "assessment", "version": "1", "languages": "arabiska, svenska"}
    )

    assert response.status_code == 302
    referral.assessment.refresh_from_db()
    assert referral.assessment.languages == "arabiska, svenska"
    assert referral.assessment.version == 2


def test_a_concurrent_assessment_save_is_refused_and_shows_what_the_other_saved(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    url = reverse("participants:assessment", args=[referral.participant_id])
    en(staff.manager_sydost).post(
        url, {"action": "assessment", "version": "1", "languages": "somaliska"}
    )
    response = en(staff.coach_sydost).post(
        url, {"action": "assessment", "version": "1", "languages": "tigrinja"}
    )
    html = html_of(response)
    assert "Someone else saved the assessment" in html
    assert "somaliska" in html  # what the other saved
    assert 'value="tigrinja"' in html  # what this one typed
    assert 'name="version" value="2"' in html
    referral.assessment.refresh_from_db()
    assert referral.assessment.languages == "somaliska"


def test_health_entries_are_shown_only_to_the_coach_and_manager(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    url = reverse("participants:assessment", args=[referral.participant_id])
    en(staff.coach_sydost).post(url, {"action": "health", "text": "Ryggbesvär, tål ej lyft."})
    assert HealthEntry.objects.count() == 1

    manager = html_of(en(staff.manager_sydost).get(url))
    matcher = html_of(en(staff.matcher_sydost).get(url))

    assert "Ryggbesvär" in manager
    assert "Ryggbesvär" not in matcher and "Health-related entries" not in matcher
    assert not AuditEntry.objects.filter(
        actor=staff.matcher_sydost, action=AuditAction.HEALTH_ENTRIES_VIEWED
    ).exists()
    refused = en(staff.matcher_sydost).post(url, {"action": "health", "text": "x"})
    assert refused.status_code == 403
    assert HealthEntry.objects.count() == 1


def test_the_assessment_is_not_shown_to_the_district(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    response = en(staff.officer_farsta).get(
        reverse("participants:assessment", args=[referral.participant_id])
    )
    assert response.status_code == 403
    assert "staff of Jobbtorg Sydost" in html_of(response)


def test_an_empty_health_entry_is_refused_and_nothing_is_written(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    response = en(staff.coach_sydost).post(
        reverse("participants:assessment", args=[referral.participant_id]),
        {"action": "health", "text": ""},
    )
    assert response.status_code == 200
    assert "Write the entry." in html_of(response)
    assert not HealthEntry.objects.exists()


# Interruption and restart (R17)


def test_a_coach_interrupts_and_restarts_the_participation(staff):
    referral = active_case(staff)
    url = reverse("participants:interruption", args=[referral.participant_id])
    client = en(staff.coach_sydost)
    today = timezone.localdate().isoformat()

    # The page asks first; nothing is recorded until the coach confirms.
    asked = client.post(url, {"reason": "illness", "start": today})
    assert asked.status_code == 200 and not Interruption.objects.exists()
    assert "Yes, interrupt" in html_of(asked)
    started = client.post(url, {"reason": "illness", "start": today, "confirmed": "yes"})
    assert started.status_code == 302
    interruption = Interruption.objects.get()
    assert "End the interruption" in html_of(client.get(url))

    ended = client.post(url, {"end": today})

    assert ended.status_code == 302
    interruption.refresh_from_db()
    assert interruption.end == timezone.localdate()
    kinds = set(DistrictEvent.objects.values_list("kind", flat=True))
    assert {EventKind.INTERRUPTION_STARTED, EventKind.INTERRUPTION_ENDED} <= kinds


def test_an_interruption_starts_on_the_day_typed_and_is_confirmed_first(staff):
    referral = active_case(staff)
    url = reverse("participants:interruption", args=[referral.participant_id])
    client = en(staff.coach_sydost)
    form = html_of(client.get(url))
    assert 'name="start"' in form
    assert f'value="{timezone.localdate().isoformat()}"' not in form  # nothing commits itself
    typed = {
        "reason": "parental_leave",
        "start": timezone.localdate().isoformat(),
        "expected_end": "2030-01-31",
    }
    asked = html_of(client.post(url, typed))
    assert "Interrupt the participation of" in asked and "Parental leave" in asked
    assert "2030-01-31" in asked and "Yes, interrupt" in asked
    # "No, go back": the form again as typed, nothing recorded.
    back = html_of(client.post(url, typed | {"edit": "yes"}))
    assert "Yes, interrupt" not in back and 'value="2030-01-31"' in back
    assert not Interruption.objects.exists()
    assert not DistrictEvent.objects.filter(kind=EventKind.INTERRUPTION_STARTED).exists()


def test_an_interruption_the_service_would_refuse_is_not_asked_about(staff):
    referral = active_case(staff)
    before_enrolment = (referral.enrolled_on - dt.timedelta(days=3)).isoformat()
    response = en(staff.coach_sydost).post(
        reverse("participants:interruption", args=[referral.participant_id]),
        {"reason": "illness", "start": before_enrolment, "expected_end": "2000-01-01"},
    )
    html = html_of(response)
    assert "Yes, interrupt" not in html
    assert "cannot start before the enrolment" in html
    assert "The expected end cannot be before the start." in html
    assert not Interruption.objects.exists()


def test_an_other_interruption_needs_an_explanation(staff):
    referral = active_case(staff)
    response = en(staff.coach_sydost).post(
        reverse("participants:interruption", args=[referral.participant_id]),
        {"reason": "other", "start": timezone.localdate().isoformat()},
    )
    html = html_of(response)
    assert 'href="#id_reason_text"' in html and "Explain the interruption" in html
    assert '<option value="other" selected>' in html
    assert not Interruption.objects.exists()


# Exit (R19)


def test_an_exit_to_work_records_the_job_and_tells_the_district(staff):
    referral = active_case(staff)
    response = en(staff.coach_sydost).post(
        reverse("web:participant_exit", args=[referral.participant_id]),
        {
            "date": timezone.localdate().isoformat(),
            "reason": "work",
            "employment_form": "permanent",
            "extent": "part",
            "hours_per_week": "30",
            "wage_subsidy": "no",
            "employer": "Bageriet AB",
            "occupation_ssyk": "7612",
        },
    )
    assert response.status_code == 302
    exit_ = Exit.objects.get()
    assert (exit_.reason, exit_.employment_form, exit_.extent) == ("work", "permanent", "part")
    assert exit_.wage_subsidy is False and exit_.employer == "Bageriet AB"
    referral.refresh_from_db()
    assert referral.stage == Stage.EXITED
    assert DistrictEvent.objects.filter(kind=EventKind.EXIT).exists()


def test_an_exit_without_a_reason_is_refused_and_nothing_is_written(staff):
    referral = active_case(staff)
    response = en(staff.coach_sydost).post(
        reverse("web:participant_exit", args=[referral.participant_id]),
        {"date": timezone.localdate().isoformat(), "reason": "", "employer": "Kept AB"},
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'href="#id_reason"' in html and "Every exit has a reason" in html
    assert 'value="Kept AB"' in html
    assert not Exit.objects.exists()


def test_an_exit_to_work_without_the_job_names_each_missing_field(staff):
    referral = active_case(staff)
    response = en(staff.coach_sydost).post(
        reverse("web:participant_exit", args=[referral.participant_id]),
        {"date": timezone.localdate().isoformat(), "reason": "work"},
    )
    html = html_of(response)
    for field in ("employment_form", "extent", "wage_subsidy"):
        assert f'href="#id_{field}' in html, field
    assert not Exit.objects.exists()


# Reports to the district and the inbox (R15, R33)


def test_a_coach_reports_absence_and_it_reaches_the_districts_inbox(staff):
    referral = active_case(staff)
    response = en(staff.coach_sydost).post(
        reverse("participants:report", args=[referral.participant_id]),
        {"kind": "absence", "text": "Frånvarande 3–5 mars utan anmälan."},
    )
    assert response.status_code == 302
    inbox = html_of(en(staff.officer_farsta).get(reverse("participants:inbox")))
    assert "Absence reported" in inbox
    assert "Frånvarande 3–5 mars utan anmälan." in inbox
    assert referral.participant.full_name in inbox


def test_a_report_without_text_is_refused_on_its_field(staff):
    referral = active_case(staff)
    response = en(staff.coach_sydost).post(
        reverse("participants:report", args=[referral.participant_id]), {"kind": "absence"}
    )
    html = html_of(response)
    assert 'href="#id_text"' in html and "Describe what happened." in html
    assert not DistrictEvent.objects.filter(kind=EventKind.ABSENCE).exists()


def test_the_inbox_shows_unhandled_events_first_links_plans_and_logs_the_people(staff):
    handled = active_case(staff, last_name="Handlagd")  # its plan event is handled
    waiting = enrol(refer(staff.officer_farsta, last_name="Vantar"), staff.coach_sydost)
    plan = write_plan(waiting, staff.coach_sydost)

    html = html_of(en(staff.officer_farsta).get(reverse("participants:inbox")))

    assert reverse("plans:detail", args=[plan.pk]) in html
    assert html.index("Vantar") < html.index("Handlagd")
    assert listed(staff.officer_farsta) == {handled.participant_id, waiting.participant_id}
    assert in_extract(waiting.participant_id, "participant.listed", "officer-farsta")


def test_the_inbox_holds_only_the_officers_district(staff):
    active_case(staff, last_name="Farstabo")
    html = html_of(en(staff.officer_skarpnack).get(reverse("participants:inbox")))
    assert "Farstabo" not in html
    assert "The inbox is empty." in html


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "analyst"])
def test_the_inbox_is_for_officers(staff, username):
    assert en(getattr(staff, username)).get(reverse("participants:inbox")).status_code == 403


# Change of coach (R8)


def test_a_manager_changes_the_coach_and_the_history_is_kept(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    other = UserFactory(username="coach-ny", role=Role.COACH, job_centre=job_centre("sydost"))
    response = en(staff.manager_sydost).post(
        reverse("participants:coach_change", args=[referral.participant_id]),
        {"coach": "coach-ny"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.coach == other
    assert CoachAssignment.objects.filter(referral=referral).count() == 2


def test_a_coach_of_another_jobbtorg_cannot_be_chosen(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    response = en(staff.manager_sydost).post(
        reverse("participants:coach_change", args=[referral.participant_id]),
        {"coach": "coach-jarva"},
    )
    assert response.status_code == 200
    assert 'href="#id_coach"' in html_of(response)
    referral.refresh_from_db()
    assert referral.coach == staff.coach_sydost


# The whole path


def test_the_whole_path_through_the_pages_as_officer_and_coach(staff):
    publish_slot(staff.coach_sydost)
    officer, coach = en(staff.officer_farsta), en(staff.coach_sydost)
    officer.post(reverse("participants:referral_create"), referral_form(last_name="Helavagen"))
    referral = Referral.objects.get()
    person = referral.participant_id
    today = timezone.localdate().isoformat()

    coach.post(
        reverse("participants:first_meeting", args=[person]),
        {
            "outcome": "held",
            "held_on": today,
            "coach": "coach-sydost",
            "duties_explained": "on",
            "af_registration": "registered",
        },
    )
    coach.post(reverse("plans:create", args=[person]), formset_post([activity()]))
    plan = PlanVersion.objects.get()
    officer.post(reverse("plans:approve", args=[plan.pk]))
    chosen = plan.activities.get()
    coach.post(
        reverse("plans:follow_up", args=[person]),
        {"activity": chosen.pk, "done_on": today, "outcome": "completed"},
    )
    coach.post(
        reverse("web:participant_exit", args=[person]),
        {"date": today, "reason": "studies"},
    )

    referral.refresh_from_db()
    assert referral.stage == Stage.EXITED
    page = html_of(officer.get(reverse("web:participant", args=[person])))
    for event in (
        "Exit: Studies",
        "Follow-up of",
        "Plan version 1 approved by the district",
        "First meeting held",
        "Referred by Farsta",
    ):
        assert event in page, event
    inbox = html_of(officer.get(reverse("participants:inbox")))
    assert "Exit" in inbox and "Plan awaiting approval" in inbox


def test_a_person_registered_but_never_referred_has_no_case_pages_to_act_on(staff):
    person = ParticipantFactory()
    html = html_of(en(staff.manager_sydost).get(reverse("web:participant_exit", args=[person.pk])))
    assert "The person has no open enrolment." in html
    html = html_of(en(staff.officer_farsta).get(reverse("web:participant", args=[person.pk])))
    assert "has not been referred" in html
    assert reverse("participants:referral_create") in html
