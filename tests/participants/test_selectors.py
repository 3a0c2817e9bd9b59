"""Who sees whom: one table over every role, checked in pages and in the API alike. Who may
change whom, route by route, is tests/participants/test_scoping_writes.py."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.organisation.services import district_assign
from jobbtorg.participants.selectors import participants_visible_to
from tests.audit_reads import people_named
from tests.conftest import api_client_for, client_for
from tests.factories import district, job_centre

# user -> the people (by home district) that user sees; everyone else must be invisible.
VISIBILITY = [
    ("coach_sydost", {"in_farsta", "in_skarpnack"}),
    ("matcher_sydost", {"in_farsta", "in_skarpnack"}),
    ("manager_sydost", {"in_farsta", "in_skarpnack"}),
    ("coach_jarva", {"in_rinkeby"}),
    ("manager_jarva", {"in_rinkeby"}),
    ("officer_farsta", {"in_farsta"}),
    ("officer_skarpnack", {"in_skarpnack"}),
    ("officer_rinkeby", {"in_rinkeby"}),
    ("provider_staff", set()),
    ("analyst", set()),
    ("administrator", set()),
]
EVERYONE = {"in_farsta", "in_skarpnack", "in_rinkeby"}


@pytest.mark.parametrize(("username", "visible"), VISIBILITY)
def test_scoping_function_returns_exactly_the_people_of_the_users_unit(
    staff, people, username, visible
):
    user = getattr(staff, username)
    seen = set(participants_visible_to(user))
    assert seen == {getattr(people, name) for name in visible}


@pytest.mark.parametrize(("username", "visible"), VISIBILITY)
def test_participant_pages_show_only_people_in_scope_and_answer_404_for_others(
    staff, people, username, visible
):
    client = client_for(getattr(staff, username))
    listing = client.get(reverse("participants:list"))
    assert listing.status_code == 200
    for name in EVERYONE:
        person = getattr(people, name)
        detail = client.get(reverse("web:participant", args=[person.pk]))
        if name in visible:
            assert person.last_name in listing.content.decode()
            assert detail.status_code == 200
            assert person.personal_identity_number_display in detail.content.decode()
        else:
            assert person.last_name not in listing.content.decode()
            assert detail.status_code == 404
            assert person.last_name not in detail.content.decode()


@pytest.mark.parametrize(("username", "visible"), VISIBILITY)
def test_participant_api_shows_only_people_in_scope_and_answers_404_for_others(
    staff, people, username, visible
):
    client = api_client_for(getattr(staff, username))
    listing = client.get("/api/v1/participants")
    assert listing.status_code == 200
    listed_ids = {item["id"] for item in listing.json()["items"]}
    assert listing.json()["count"] == len(visible)
    for name in EVERYONE:
        person = getattr(people, name)
        detail = client.get(f"/api/v1/participants/{person.pk}")
        if name in visible:
            assert str(person.pk) in listed_ids
            assert detail.status_code == 200
            assert detail.json()["last_name"] == person.last_name
        else:
            assert str(person.pk) not in listed_ids
            assert detail.status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in_and_api_without_token_is_refused(people):
    from django.test import Client

    response = Client().get(reverse("web:participant", args=[people.in_farsta.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
    assert Client().get("/api/v1/participants").status_code == 401
    bad = Client(headers={"Authorization": "Bearer not-a-token"})
    assert bad.get("/api/v1/participants").status_code == 401


def test_deactivated_account_sees_nobody_and_its_token_stops_working(staff, people):
    client = api_client_for(staff.coach_sydost)
    staff.coach_sydost.is_active = False
    staff.coach_sydost.save()
    assert not participants_visible_to(staff.coach_sydost).exists()
    assert client.get("/api/v1/participants").status_code == 401


def test_when_a_district_moves_to_another_jobbtorg_its_people_move_with_it(staff, people):
    district_assign(
        district=district("skarpnack"),
        job_centre=job_centre("jarva"),
        valid_from=timezone.localdate(),
    )
    assert set(participants_visible_to(staff.coach_sydost)) == {people.in_farsta}
    assert set(participants_visible_to(staff.coach_jarva)) == {
        people.in_rinkeby,
        people.in_skarpnack,
    }


def test_a_move_decided_for_a_future_date_changes_nothing_today(staff, people):
    district_assign(
        district=district("skarpnack"),
        job_centre=job_centre("jarva"),
        valid_from=timezone.localdate() + dt.timedelta(days=30),
    )
    assert people.in_skarpnack in participants_visible_to(staff.coach_sydost)
    assert people.in_skarpnack not in participants_visible_to(staff.coach_jarva)


def test_malformed_participant_id_in_the_url_is_a_plain_404(staff):
    client = client_for(staff.coach_sydost)
    assert client.get("/deltagare/not-a-uuid/").status_code == 404
    api = api_client_for(staff.coach_sydost)
    assert api.get("/api/v1/participants/not-a-uuid").status_code == 404


def test_search_finds_by_name_and_by_any_written_form_of_the_number(staff, people):
    client = client_for(staff.coach_sydost)
    number = people.in_farsta.personal_identity_number
    for query in ("Farstasson", "fatima farsta", number, number[2:], f"{number[2:8]}-{number[8:]}"):
        html = client.get(reverse("participants:list"), {"q": query}).content.decode()
        assert "Farstasson" in html, query
        assert "Skarpnäcksson" not in html, query


def test_search_never_reaches_outside_the_scope(staff, people):
    number = people.in_rinkeby.personal_identity_number
    for client in (client_for(staff.coach_sydost), client_for(staff.officer_farsta)):
        html = client.get(reverse("participants:list"), {"q": number}).content.decode()
        assert "Rinkebysson" not in html
    api = api_client_for(staff.coach_sydost)
    assert api.get("/api/v1/participants", {"q": number}).json()["count"] == 0


# Per case: a person with a closed case of Rinkeby-Kista at Järva, who then moved to Farsta
# and was referred by Farsta to Sydost. user -> which of the two cases the user sees.
CASE_VISIBILITY = [
    ("coach_sydost", {"farsta_case"}),
    ("matcher_sydost", {"farsta_case"}),
    ("manager_sydost", {"farsta_case"}),
    ("coach_jarva", {"rinkeby_case"}),
    ("manager_jarva", {"rinkeby_case"}),
    ("officer_farsta", {"farsta_case"}),
    ("officer_skarpnack", set()),
    ("officer_rinkeby", {"rinkeby_case"}),
    ("provider_staff", set()),
    ("analyst", set()),
    ("administrator", set()),
]


@pytest.fixture
def two_cases(staff):
    from django.utils import timezone

    from jobbtorg.participants.services.exits import exit_record
    from tests.participants.scenarios import context, enrol, new_number, refer

    number = new_number()
    rinkeby_case = enrol(refer(staff.officer_rinkeby, number=number), staff.coach_jarva)
    exit_record(
        actor=staff.coach_jarva,
        audit_context=context(staff.coach_jarva),
        referral=rinkeby_case,
        date=timezone.localdate(),
        reason="moved",
    )
    farsta_case = refer(staff.officer_farsta, number=number, confirm_move=True)
    return {"rinkeby_case": rinkeby_case, "farsta_case": farsta_case}


@pytest.mark.parametrize(("username", "visible"), CASE_VISIBILITY)
def test_cases_are_scoped_per_unit_not_per_person(staff, two_cases, username, visible):
    from jobbtorg.participants.selectors import referrals_visible_to
    from jobbtorg.plans.selectors import plans_visible_to

    user = getattr(staff, username)
    assert set(referrals_visible_to(user)) == {two_cases[name] for name in visible}
    assert (
        not plans_visible_to(user)
        .exclude(referral__in=[two_cases[name] for name in visible])
        .exists()
    )
    api = api_client_for(user).get(
        f"/api/v1/participants/{two_cases['farsta_case'].participant_id}"
    )
    if visible:
        assert api.json()["referral_id"] == str(two_cases[next(iter(visible))].pk)
    else:
        assert api.status_code == 404


# The selectors a page shows through write the read-audit for what they return, and nothing
# for what is outside the scope (that is a 404 before any write).


def _reads(action: str, actor) -> list:
    return people_named(action, actor=actor)


def list_entries(action: str, actor) -> list:
    from jobbtorg.core.audit.models import AuditEntry

    return list(AuditEntry.objects.filter(action=action, actor=actor))


def test_participant_for_display_records_the_read_and_nothing_outside_the_scope(staff, people):
    from django.http import Http404

    from jobbtorg.participants.selectors import participant_for_display
    from tests.participants.scenarios import context

    user = staff.officer_farsta
    shown = participant_for_display(
        user=user, participant_id=people.in_farsta.pk, audit_context=context(user)
    )
    assert shown == people.in_farsta
    with pytest.raises(Http404):
        participant_for_display(
            user=user, participant_id=people.in_rinkeby.pk, audit_context=context(user)
        )
    assert _reads("participant.viewed", user) == [people.in_farsta.pk]


def test_participant_shown_records_the_read_of_the_person_the_page_shows(staff, people):
    from jobbtorg.participants.selectors import participant_get, participant_shown
    from tests.participants.scenarios import context

    user = staff.officer_farsta
    person = participant_get(user=user, participant_id=people.in_farsta.pk)
    assert _reads("participant.viewed", user) == []
    assert participant_shown(participant=person, audit_context=context(user)) == person
    assert _reads("participant.viewed", user) == [people.in_farsta.pk]


def test_participants_shown_records_every_person_on_the_page_in_one_write(staff, people):
    from jobbtorg.participants.selectors import participants_shown
    from tests.participants.scenarios import context

    user = staff.coach_sydost
    page = participants_shown(
        user=user, query="", page_number=1, page_size=50, audit_context=context(user)
    )
    assert set(page.object_list) == {people.in_farsta, people.in_skarpnack}
    assert sorted(_reads("participant.listed", user)) == sorted(
        [people.in_farsta.pk, people.in_skarpnack.pk]
    )
    # One entry for the page, however many people it names.
    assert len(list_entries("participant.listed", user)) == 1
    assert all(hasattr(p, "stage_label") for p in page.object_list)


def test_assessment_for_display_records_the_assessment_and_health_reads(staff):
    from django.http import Http404

    from jobbtorg.participants.selectors import assessment_for_display
    from tests.participants.scenarios import context, enrol, refer

    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    coach = staff.coach_sydost
    shown = assessment_for_display(
        user=coach,
        participant=case.participant,
        case=case,
        with_health=True,
        audit_context=context(coach),
    )
    assert shown == case.assessment
    assert _reads("assessment.viewed", coach) == [case.participant_id]
    assert _reads("health.viewed", coach) == [case.participant_id]

    outsider = staff.coach_jarva
    with pytest.raises(Http404):
        assessment_for_display(
            user=outsider,
            participant=case.participant,
            case=case,
            with_health=False,
            audit_context=context(outsider),
        )
    assert _reads("assessment.viewed", outsider) == []
    assert _reads("participant.viewed", outsider) == []


def test_inbox_events_shown_records_the_people_the_page_names(staff):
    from jobbtorg.participants.selectors import inbox_events_shown
    from jobbtorg.participants.services.district_events import district_report
    from tests.participants.scenarios import context, enrol, refer

    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    district_report(
        actor=staff.coach_sydost,
        audit_context=context(staff.coach_sydost),
        referral=case,
        kind="absence",
        text="Did not come on Monday.",
    )
    officer = staff.officer_farsta
    page, unhandled = inbox_events_shown(
        user=officer, page_number=1, page_size=50, audit_context=context(officer)
    )
    assert page.paginator.count == unhandled == len(page.object_list) > 0
    named = {event.participant_id for event in page.object_list}
    assert named == {case.participant_id}
    assert _reads("participant.listed", officer) == [case.participant_id]

    other = staff.officer_rinkeby
    page, unhandled = inbox_events_shown(
        user=other, page_number=1, page_size=50, audit_context=context(other)
    )
    assert list(page.object_list) == [] and unhandled == 0
    assert _reads("participant.listed", other) == []


def test_audit_extract_shown_records_the_pull_and_shows_it_first(staff, people):
    from jobbtorg.participants.selectors import audit_extract_exported, audit_extract_shown
    from tests.participants.scenarios import context

    manager = staff.manager_sydost
    shown = audit_extract_shown(participant=people.in_farsta, audit_context=context(manager))
    assert shown.entries.first().action == "audit_extract.viewed"
    assert shown.entries.first().actor == manager
    # The chain is checked up to the extract's newest entry: its own.
    assert shown.chain.intact
    assert shown.chain.up_to_entry_id == shown.entries.first().pk
    exported = audit_extract_exported(participant=people.in_farsta, audit_context=context(manager))
    newest = [e.action for e in exported.entries[:2]]
    assert newest == ["audit_extract.exported", "audit_extract.viewed"]
    assert exported.chain.up_to_entry_id == exported.entries.first().pk


def test_intake_slots_shown_records_the_people_the_booked_times_name(staff):
    from jobbtorg.participants.selectors import intake_slots_shown
    from tests.participants.scenarios import context, publish_slot, refer

    coach = staff.coach_sydost
    publish_slot(coach)
    case = refer(staff.officer_farsta)
    page, rows = intake_slots_shown(
        user=coach, page_number=1, page_size=50, audit_context=context(coach)
    )
    assert [row["case"] for row in rows] == [case]
    assert _reads("participant.listed", coach) == [case.participant_id]

    outsider = staff.coach_jarva
    page, rows = intake_slots_shown(
        user=outsider, page_number=1, page_size=50, audit_context=context(outsider)
    )
    assert rows == []
    assert _reads("participant.listed", outsider) == []
