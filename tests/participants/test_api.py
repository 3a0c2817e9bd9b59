"""The individual's path end to end through the API, as a district's system and a coach's
would drive it, with the refusals the issue names."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.engines.rules import deadlines
from jobbtorg.participants.models import IntakeSlot, Referral
from jobbtorg.participants.services.first_meetings import intake_slot_publish
from jobbtorg.plans.models import PlanVersion
from tests.audit_reads import extract_of
from tests.conftest import api_client_for
from tests.factories import valid_personal_identity_number

pytestmark = pytest.mark.usefixtures("english")

NUMBER = valid_personal_identity_number(777)
TODAY = timezone.localdate()


def post(client, path, body=None):
    return client.post(f"/api/v1{path}", body or {}, content_type="application/json")


def referral_body(**overrides):
    return {
        "personnummer": NUMBER,
        "first_name": "Nora",
        "last_name": "Nyström",
        "district": "farsta",
        "target_group": "unemployed_assistance",
        "basis": "Arbetslös sedan 2025, försörjningsstöd beviljat.",
        "consent": True,
    } | overrides


def activity(**overrides):
    return {
        "type": "job_search",
        "provider": "Jobbtorg Sydost",
        "start": TODAY.isoformat(),
        "end": (TODAY + dt.timedelta(days=60)).isoformat(),
        "hours_per_week": 20,
        "goal": "Söka minst tio jobb i veckan",
    } | overrides


@pytest.fixture
def clients(staff):
    return {name: api_client_for(getattr(staff, name)) for name in vars(staff)}


@pytest.fixture
def enrolled(clients, staff):
    """A person referred by Farsta and met by the Sydost coach today."""
    response = post(clients["officer_farsta"], "/referrals", referral_body())
    assert response.status_code == 201, response.content
    pid = response.json()["participant_id"]
    met = post(
        clients["coach_sydost"],
        f"/participants/{pid}/first-meeting",
        {
            "held_on": TODAY.isoformat(),
            "coach": "coach-sydost",
            "duties_explained": True,
            "af_registration": "registered_today",
        },
    )
    assert met.status_code == 200, met.content
    return pid


def test_a_referral_books_the_earliest_free_intake_slot_of_the_persons_jobbtorg(clients, staff):
    soon = timezone.now() + dt.timedelta(days=1)
    later = intake_slot_publish(actor=staff.coach_sydost, starts_at=soon + dt.timedelta(hours=2))
    earliest = intake_slot_publish(actor=staff.coach_sydost, starts_at=soon)
    intake_slot_publish(actor=staff.coach_jarva, starts_at=soon - dt.timedelta(hours=1))

    response = post(clients["officer_farsta"], "/referrals", referral_body())

    assert response.status_code == 201
    body = response.json()
    assert body["jobbtorg"] == "sydost"
    assert dt.datetime.fromisoformat(body["first_meeting_at"]) == earliest.starts_at
    assert body["consent_documented"] is True
    earliest.refresh_from_db()
    later.refresh_from_db()
    assert str(earliest.referral_id) == body["id"] and later.referral_id is None


def test_with_no_free_slot_within_five_working_days_the_referral_succeeds_without_a_time(
    clients, staff
):
    far = timezone.now() + dt.timedelta(days=20)
    intake_slot_publish(actor=staff.coach_sydost, starts_at=far)
    response = post(clients["officer_farsta"], "/referrals", referral_body())
    assert response.status_code == 201
    assert response.json()["first_meeting_at"] is None
    assert not IntakeSlot.objects.filter(referral__isnull=False).exists()


def test_a_referral_without_consent_or_legal_basis_is_kept_and_flagged(clients):
    body = referral_body()
    del body["consent"]
    response = post(clients["officer_farsta"], "/referrals", body)
    assert response.status_code == 201
    assert response.json()["consent_documented"] is False


def test_a_second_referral_of_an_enrolled_person_says_where_they_are_enrolled(clients, enrolled):
    response = post(clients["officer_farsta"], "/referrals", referral_body())
    assert response.status_code == 422
    assert "Sydost" in response.json()["errors"]["personal_identity_number"][0]
    assert Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"personnummer": "19900230-1234"}, "personal_identity_number"),
        ({"district": "atlantis"}, "district"),
        ({"target_group": "nonsense"}, "target_group"),
        ({"basis": " "}, "basis"),
        ({"first_name": ""}, "first_name"),
    ],
)
def test_bad_referrals_name_the_field_and_write_nothing(clients, overrides, field):
    response = post(clients["officer_farsta"], "/referrals", referral_body(**overrides))
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Referral.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize("name", ["coach_sydost", "manager_sydost", "analyst", "provider_staff"])
def test_only_district_officers_refer(clients, name):
    assert post(clients[name], "/referrals", referral_body()).status_code == 403


def test_an_officer_refers_only_people_of_their_own_district(clients):
    response = post(clients["officer_farsta"], "/referrals", referral_body(district="bromma"))
    assert response.status_code == 403


def test_the_whole_path_from_referral_to_exit_to_work(clients, staff, enrolled):
    coach, officer = clients["coach_sydost"], clients["officer_farsta"]

    person = coach.get(f"/api/v1/participants/{enrolled}").json()
    assert person["status"] == "enrolled"
    assert person["coach"] == "coach-sydost"
    assert person["jobbtorg"] == "sydost"
    assert person["deadlines"]["plan_due"] == deadlines.plan_due(TODAY).isoformat()

    plan = post(coach, f"/participants/{enrolled}/plans", {"activities": [activity()]})
    assert plan.status_code == 201, plan.content
    assert plan.json()["status"] == "awaiting_approval"
    plan_id = plan.json()["id"]
    assert coach.get(f"/api/v1/participants/{enrolled}").json()["deadlines"]["plan_due"] is None

    approved = post(officer, f"/plans/{plan_id}/approve")
    assert approved.status_code == 200
    person = coach.get(f"/api/v1/participants/{enrolled}").json()
    assert person["active_plan"]["id"] == plan_id
    assert person["deadlines"]["review_due"] == deadlines.review_due(TODAY).isoformat()
    # Own job search is followed up after its 4 weeks even though it runs for 60 days.
    assert (
        person["deadlines"]["follow_ups_due"][0]["due_on"]
        == deadlines.activity_follow_up_due(TODAY, TODAY + dt.timedelta(days=60), 28).isoformat()
    )

    interrupted = post(
        coach,
        f"/participants/{enrolled}/interruptions",
        {"reason": "illness", "start": TODAY.isoformat()},
    )
    assert interrupted.status_code == 201
    ended = post(
        coach, f"/interruptions/{interrupted.json()['id']}/end", {"end": TODAY.isoformat()}
    )
    assert ended.status_code == 200
    person = coach.get(f"/api/v1/participants/{enrolled}").json()
    assert (
        person["deadlines"]["participation_ends"]
        == (deadlines.add_months(TODAY, 18) + dt.timedelta(days=1)).isoformat()
    )

    exit_ = post(
        coach,
        f"/participants/{enrolled}/exit",
        {
            "date": TODAY.isoformat(),
            "reason": "work",
            "employment": {
                "form": "permanent",
                "extent": "part",
                "hours_per_week": 30,
                "wage_subsidy": False,
                "employer": "Stockholms stad",
                "occupation_ssyk": "5321",
            },
        },
    )
    assert exit_.status_code == 200, exit_.content
    assert exit_.json()["status"] == "exited"
    assert exit_.json()["exit"]["employment"]["form"] == "permanent"

    events = officer.get("/api/v1/district/events").json()
    assert [e["kind"] for e in events] == [
        "plan_awaiting_approval",
        "interruption_started",
        "interruption_ended",
        "exit",
    ]
    # The read is one entry naming each event and its person: the loggutdrag shows each event.
    read = [(a, obj) for a, _, obj in extract_of(enrolled) if a == "district_events.read"]
    assert sorted(obj for _, obj in read) == sorted(str(e["id"]) for e in events)
    since = events[1]["occurred_at"]
    later = officer.get("/api/v1/district/events", {"since": since}).json()
    assert [e["kind"] for e in later] == ["interruption_ended", "exit"]


def test_a_coach_cannot_approve_and_an_officer_of_another_district_cannot_see_the_plan(
    clients, enrolled
):
    plan_id = post(
        clients["coach_sydost"], f"/participants/{enrolled}/plans", {"activities": [activity()]}
    ).json()["id"]
    assert post(clients["coach_sydost"], f"/plans/{plan_id}/approve").status_code == 403
    assert post(clients["officer_skarpnack"], f"/plans/{plan_id}/approve").status_code == 404
    assert PlanVersion.objects.get().status == "awaiting_approval"


def test_a_plan_of_seven_months_is_refused_with_the_latest_end_date(clients, enrolled):
    too_long = activity(end=(deadlines.add_months(TODAY, 7)).isoformat())
    response = post(
        clients["coach_sydost"], f"/participants/{enrolled}/plans", {"activities": [too_long]}
    )
    assert response.status_code == 422
    message = response.json()["errors"]["activities.1.end"][0]
    assert deadlines.latest_plan_end(TODAY).isoformat() in message
    assert not PlanVersion.objects.exists()


def test_a_plan_of_exactly_six_months_is_accepted(clients, enrolled):
    six = activity(end=deadlines.latest_plan_end(TODAY).isoformat())
    response = post(
        clients["coach_sydost"], f"/participants/{enrolled}/plans", {"activities": [six]}
    )
    assert response.status_code == 201


def test_a_rejection_needs_a_reason_and_goes_back_to_the_coach(clients, staff, enrolled):
    plan_id = post(
        clients["coach_sydost"], f"/participants/{enrolled}/plans", {"activities": [activity()]}
    ).json()["id"]
    assert (
        post(clients["officer_farsta"], f"/plans/{plan_id}/reject", {"reason": ""}).status_code
        == 422
    )
    rejected = post(
        clients["officer_farsta"], f"/plans/{plan_id}/reject", {"reason": "För få timmar."}
    )
    assert rejected.json()["status"] == "rejected"
    due = clients["coach_sydost"].get("/api/v1/deadlines").json()
    assert [(d["kind"], d["detail"]) for d in due] == [("plan_rejected", "För få timmar.")]


def test_a_change_based_on_an_old_version_is_refused_and_nothing_is_lost(clients, enrolled):
    coach = clients["coach_sydost"]
    first = post(
        coach,
        f"/participants/{enrolled}/plans",
        {"activities": [activity()], "based_on_version": None},
    )
    assert first.status_code == 201
    # Two coaches open version 1 and both save a change.
    mine = post(
        coach,
        f"/participants/{enrolled}/plans",
        {"activities": [activity(hours_per_week=10)], "based_on_version": 1},
    )
    theirs = post(
        coach,
        f"/participants/{enrolled}/plans",
        {"activities": [activity(hours_per_week=30)], "based_on_version": 1},
    )
    assert mine.status_code == 201
    assert theirs.status_code == 409
    assert "version 2" in theirs.json()["detail"]
    assert [p.number for p in PlanVersion.objects.order_by("number")] == [1, 2]
    assert PlanVersion.objects.get(number=2).activities.get().hours_per_week == 10


def test_a_change_awaiting_approval_leaves_the_approved_plan_active(clients, enrolled):
    coach, officer = clients["coach_sydost"], clients["officer_farsta"]
    v1 = post(coach, f"/participants/{enrolled}/plans", {"activities": [activity()]}).json()["id"]
    post(officer, f"/plans/{v1}/approve")
    v2 = post(
        coach,
        f"/participants/{enrolled}/plans",
        {"activities": [activity(hours_per_week=35)], "based_on_version": 1},
    )
    person = coach.get(f"/api/v1/participants/{enrolled}").json()
    assert person["active_plan"]["id"] == v1
    assert person["plan_awaiting_approval"]["id"] == v2.json()["id"]
    post(officer, f"/plans/{v2.json()['id']}/approve")
    statuses = dict(PlanVersion.objects.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "approved"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": TODAY.isoformat()}, "reason"),
        ({"date": TODAY.isoformat(), "reason": ""}, "reason"),
        ({"date": TODAY.isoformat(), "reason": "vacation"}, "reason"),
        ({"date": TODAY.isoformat(), "reason": "other"}, "reason_text"),
        ({"date": TODAY.isoformat(), "reason": "work"}, "employment.form"),
        ({"reason": "studies"}, "date"),
    ],
)
def test_an_exit_without_a_reason_or_without_the_job_is_refused(clients, enrolled, body, field):
    response = post(clients["coach_sydost"], f"/participants/{enrolled}/exit", body)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Referral.objects.get().stage == "enrolled"


def test_a_no_show_is_reported_to_the_district(clients):
    pid = post(clients["officer_farsta"], "/referrals", referral_body()).json()["participant_id"]
    post(
        clients["coach_sydost"],
        f"/participants/{pid}/first-meeting",
        {"held_on": TODAY.isoformat(), "outcome": "no_show"},
    )
    events = clients["officer_farsta"].get("/api/v1/district/events").json()
    assert [e["kind"] for e in events] == ["no_show"]
    assert events[0]["personnummer"] == f"{NUMBER[:8]}-{NUMBER[8:]}"


def test_the_first_meeting_needs_duties_explained_and_af_registration(clients):
    pid = post(clients["officer_farsta"], "/referrals", referral_body()).json()["participant_id"]
    response = post(
        clients["coach_sydost"],
        f"/participants/{pid}/first-meeting",
        {"held_on": TODAY.isoformat()},
    )
    assert response.status_code == 422
    assert {"duties_explained", "af_registration"} <= set(response.json()["errors"])


@pytest.mark.parametrize("name", ["coach_sydost", "analyst", "provider_staff"])
def test_the_district_feed_is_for_district_officers(clients, name):
    assert clients[name].get("/api/v1/district/events").status_code == 403


def test_the_district_feed_holds_only_the_officers_district(clients, enrolled, staff):
    assert clients["officer_skarpnack"].get("/api/v1/district/events").json() == []


@pytest.mark.parametrize("name", ["officer_farsta", "analyst"])
def test_the_deadlines_list_is_for_coaches_and_managers(clients, name):
    assert clients[name].get("/api/v1/deadlines").status_code == 403


def test_the_deadlines_list_shows_the_plan_due_for_the_coachs_new_person(clients, enrolled):
    due = clients["coach_sydost"].get("/api/v1/deadlines").json()
    assert [(d["participant_id"], d["kind"]) for d in due] == [(enrolled, "plan_due")]
    assert clients["coach_jarva"].get("/api/v1/deadlines").json() == []


def test_the_activity_catalog_lists_every_code_the_issue_names(clients):
    codes = {t["code"] for t in clients["analyst"].get("/api/v1/activity-types").json()}
    assert codes >= {
        "job_search",
        "coaching",
        "guidance",
        "sfi",
        "sfi_test",
        "preparatory",
        "work_training",
        "placement",
        "intro_placement",
        "vocational_course",
        "validation",
        "adapted_vocational_training",
        "af_programme",
        "recruitment_activity",
        "start_business_advice",
    }


def test_every_write_on_the_path_is_audited(clients, enrolled):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"participant.created", "referral.created", "first_meeting.recorded"} <= actions


def test_reading_a_plan_version_is_audited_and_outside_scope_is_404(clients, enrolled):
    plan_id = post(
        clients["coach_sydost"], f"/participants/{enrolled}/plans", {"activities": [activity()]}
    ).json()["id"]
    assert clients["officer_farsta"].get(f"/api/v1/plans/{plan_id}").status_code == 200
    assert AuditEntry.objects.filter(action="plan.viewed", object_id=plan_id).count() == 1
    for outsider in ("coach_jarva", "officer_skarpnack", "analyst", "provider_staff"):
        assert clients[outsider].get(f"/api/v1/plans/{plan_id}").status_code == 404


def test_after_a_no_show_the_next_free_time_is_booked_and_the_district_told(clients, staff):
    soon = timezone.now() + dt.timedelta(hours=1)
    first = intake_slot_publish(actor=staff.coach_sydost, starts_at=soon)
    second = intake_slot_publish(actor=staff.coach_sydost, starts_at=soon + dt.timedelta(days=1))
    pid = post(clients["officer_farsta"], "/referrals", referral_body()).json()["participant_id"]
    post(
        clients["coach_sydost"],
        f"/participants/{pid}/first-meeting",
        {"held_on": TODAY.isoformat(), "outcome": "no_show"},
    )
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.referral is not None and first.referral is None
    person = clients["coach_sydost"].get(f"/api/v1/participants/{pid}").json()
    assert dt.datetime.fromisoformat(person["first_meeting_at"]) == second.starts_at
    event = clients["officer_farsta"].get("/api/v1/district/events").json()[0]
    assert event["data"]["next_meeting_at"] is not None


def test_the_events_feed_is_scoped_as_the_inbox(staff):
    """The feed shows what the inbox page shows: events of the district's own cases and moves
    away, never an event filed under the district about another unit's case."""
    from jobbtorg.participants.models import DistrictEvent, EventKind
    from tests.conftest import client_for
    from tests.participants.scenarios import new_number, refer

    number = new_number()
    rinkeby_case = refer(staff.officer_rinkeby, number=number)
    farsta_case = refer(staff.officer_farsta, number=new_number())
    stray = DistrictEvent.objects.create(
        district=farsta_case.district,
        participant=rinkeby_case.participant,
        referral=rinkeby_case,
        kind=EventKind.EXIT,
        occurred_at=timezone.now(),
        summary="Another unit's case",
    )
    feed = api_client_for(staff.officer_farsta).get("/api/v1/district/events").json()
    assert stray.pk not in [e["id"] for e in feed]
    inbox = client_for(staff.officer_farsta, "en").get("/inkorg/").content.decode()
    assert "Another unit&#x27;s case" not in inbox and "Another unit's case" not in inbox


def test_a_page_number_past_what_a_database_can_offset_is_a_422(staff, people):
    api = api_client_for(staff.coach_sydost)
    response = api.get("/api/v1/participants", {"page": "4110516701581675008"})
    assert response.status_code == 422
    assert "page" in response.json()["errors"]


def test_a_page_past_the_last_is_empty(staff, people):
    api = api_client_for(staff.coach_sydost)
    body = api.get("/api/v1/participants", {"page": 1000}).json()
    assert body["items"] == []
    assert body["count"] > 0 and body["page"] == 1000
