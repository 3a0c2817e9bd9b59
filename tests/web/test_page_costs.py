"""What a page costs does not grow with what it shows: the participant page with a long case
file, the participant list with many people and the API's participant detail read the database
as many times for 5 entries as for 50. And the frame every page shares costs no write: an
unchanged session is not saved on every request, yet a session still ends after the idle time
and moves forward when it nears its end."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.sessions import SessionStore
from jobbtorg.participants.models import (
    CoachAssignment,
    DistrictEvent,
    EventKind,
    Interruption,
    InterruptionReason,
)
from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanStatus
from tests.conftest import api_client_for, client_for
from tests.factories import PASSWORD, ParticipantFactory, district
from tests.participants.factories import ReferralFactory
from tests.plans.factories import PlanActivityFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db


def queries_of(client, path: str) -> list[str]:
    client.get(path)  # the first view may write the session a sign-in opened
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def case_file_with(entries: int, coach, officer):
    """An enrolled person of Farsta whose case file has `entries` of each kind: plan versions
    (one approved, one awaiting approval, the rest superseded), activities of the approved one
    with a follow-up each, coaches, ended interruptions and reports to the district."""
    today = timezone.localdate()
    referral = ReferralFactory(enrolled=True, coach=coach, referred_by=officer)
    for number in range(1, entries + 1):
        status = {entries - 1: PlanStatus.APPROVED, entries: PlanStatus.AWAITING_APPROVAL}.get(
            number, PlanStatus.SUPERSEDED
        )
        PlanVersionFactory(referral=referral, number=number, status=status, activity=None)
    approved = referral.plan_versions.get(status=PlanStatus.APPROVED)
    for _ in range(entries):
        FollowUp.objects.create(
            activity=PlanActivityFactory(plan=approved),
            done_on=today,
            outcome=FollowUpOutcome.NEXT_STEP,
            recorded_by=coach,
        )
    for n in range(entries):
        day = today - dt.timedelta(days=3 * (entries - n))
        CoachAssignment.objects.create(
            referral=referral, coach=coach, assigned_from=day, assigned_by=coach
        )
        Interruption.objects.create(
            referral=referral,
            reason=InterruptionReason.ILLNESS,
            start=day,
            end=day + dt.timedelta(days=1),
            recorded_by=coach,
        )
        DistrictEvent.objects.create(
            district=referral.district,
            participant=referral.participant,
            referral=referral,
            kind=EventKind.ABSENCE,
            occurred_at=timezone.now(),
            summary=f"Kom inte till passet {n}",
        )
    return referral.participant


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "officer_farsta"])
def test_the_participant_page_reads_as_much_for_a_long_case_file_as_for_a_short(staff, username):
    client = client_for(getattr(staff, username))
    short = case_file_with(5, staff.coach_sydost, staff.officer_farsta)
    long = case_file_with(50, staff.coach_sydost, staff.officer_farsta)

    short_queries = queries_of(client, reverse("web:participant", args=[short.pk]))
    long_queries = queries_of(client, reverse("web:participant", args=[long.pk]))

    assert len(long_queries) == len(short_queries)
    html = client.get(reverse("web:participant", args=[long.pk])).content.decode()
    assert html.count("Kom inte till passet") == 50


@pytest.mark.parametrize("username", ["coach_sydost", "officer_farsta"])
def test_the_api_detail_reads_as_much_for_a_long_case_file_as_for_a_short(staff, username):
    client = api_client_for(getattr(staff, username))
    short = case_file_with(5, staff.coach_sydost, staff.officer_farsta)
    long = case_file_with(50, staff.coach_sydost, staff.officer_farsta)

    short_queries = queries_of(client, f"/api/v1/participants/{short.pk}")
    long_queries = queries_of(client, f"/api/v1/participants/{long.pk}")

    assert len(long_queries) == len(short_queries)
    assert (
        len(client.get(f"/api/v1/participants/{long.pk}").json()["active_plan"]["activities"]) == 50
    )


def people_of_farsta(count: int, officer) -> None:
    for _ in range(count):
        ReferralFactory(
            participant=ParticipantFactory(home_district=district("farsta")), referred_by=officer
        )


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "officer_farsta"])
def test_the_participant_list_reads_as_much_for_fifty_people_as_for_five(staff, settings, username):
    settings.JOBBTORG_PAGE_SIZE = 100
    client = client_for(getattr(staff, username))
    people_of_farsta(5, staff.officer_farsta)
    few = queries_of(client, reverse("participants:list"))
    people_of_farsta(45, staff.officer_farsta)
    many = queries_of(client, reverse("participants:list"))

    assert len(many) == len(few)
    assert "50 deltagare" in client.get(reverse("participants:list")).content.decode()


def test_the_api_list_reads_as_much_for_fifty_people_as_for_five(staff):
    client = api_client_for(staff.coach_sydost)
    people_of_farsta(5, staff.officer_farsta)
    few = queries_of(client, "/api/v1/participants?page_size=100")
    people_of_farsta(45, staff.officer_farsta)
    many = queries_of(client, "/api/v1/participants?page_size=100")

    assert len(many) == len(few)
    items = client.get("/api/v1/participants?page_size=100").json()["items"]
    assert len(items) == 50 and {item["job_centre"] for item in items} == {"sydost"}


def test_a_page_view_writes_no_session_and_reads_the_unit_with_the_account(staff):
    queries = queries_of(client_for(staff.coach_sydost), reverse("participants:list"))

    assert not [sql for sql in queries if "django_session" in sql and "SELECT" not in sql]
    assert not [sql for sql in queries if sql.startswith('SELECT "organisation_jobcentre"')]


def sign_in(staff) -> Client:
    client = Client()
    response = client.post(
        reverse("web:login"), {"username": staff.coach_sydost.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_a_session_near_its_end_is_moved_forward_by_the_next_page(staff):
    client = sign_in(staff)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=5))

    client.get(reverse("web:home"))

    assert Session.objects.get().expire_date > timezone.now() + dt.timedelta(minutes=29)


def test_a_session_just_moved_is_not_written_again(staff):
    client = sign_in(staff)
    end = timezone.now() + dt.timedelta(minutes=29, seconds=50)
    Session.objects.update(expire_date=end)

    client.get(reverse("web:home"))

    assert Session.objects.get().expire_date == end


def test_a_value_changed_inside_the_session_is_written_at_once(staff):
    """As the sign-in callback does with the provider's states: a dict in the session changed in
    place, which Django does not mark as modified, and saved."""
    client = sign_in(staff)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=29, seconds=50))
    store = SessionStore(client.cookies["sessionid"].value)
    store["states"] = {"abc": {"nonce": "n"}}
    store.save()

    store = SessionStore(client.cookies["sessionid"].value)
    del store["states"]["abc"]
    store.save()

    assert SessionStore(client.cookies["sessionid"].value)["states"] == {}


def test_a_participant_list_past_the_count_limit_says_more_than_and_asks_for_a_search(
    staff, settings
):
    """Past JOBBTORG_LIST_COUNT_LIMIT the list stops counting: it says "more than", pages
    through the first people by name and points to the search, which counts its own hits."""
    settings.JOBBTORG_PAGE_SIZE = 2
    settings.JOBBTORG_LIST_COUNT_LIMIT = 4
    client = client_for(staff.coach_sydost)
    people_of_farsta(6, staff.officer_farsta)
    html = client.get(reverse("participants:list")).content.decode()
    assert "Fler än 4 deltagare: sök på namn eller personnummer" in html
    assert "Sida 1 av 2: de första 4 visas" in html
    last = client.get(reverse("participants:list") + "?sida=2").context["page"]
    assert len(last.object_list) == 2 and not last.has_next()

    person = ParticipantFactory(home_district=district("farsta"), last_name="Sökbar")
    found = client.get(reverse("participants:list"), {"q": "Sökbar"}).content.decode()
    assert "1 deltagare" in found and "Fler än" not in found
    assert person.last_name in found


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost"])
def test_min_dag_does_not_count_the_people_of_the_jobbtorgs_districts(staff, username):
    """A coach's and a manager's Min dag count their caseloads; the people of the Jobbtorg's
    districts (a scan of every person at city scale) are counted on the list when asked."""
    queries = queries_of(client_for(getattr(staff, username)), reverse("web:home"))
    assert not [
        sql for sql in queries if 'COUNT(*) AS "__count" FROM "participants_participant"' in sql
    ]
