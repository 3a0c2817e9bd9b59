"""Plans in the API: the routes keep their paths, fields and codes, and a change is never
saved over one the writer did not see."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.plans.models import PlanVersion
from tests.conftest import api_client_for
from tests.participants.scenarios import activity as path_activity
from tests.participants.scenarios import approve, enrol, refer, write_plan

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


def post(client, path, body=None):
    return client.post(f"/api/v1{path}", body or {}, content_type="application/json")


def activity(**overrides):
    """An activity as JSON carries it."""
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in path_activity(**overrides).items()
    }


@pytest.fixture
def case(staff):
    return enrol(refer(staff.officer_farsta), staff.coach_sydost)


@pytest.fixture
def coach(staff):
    return api_client_for(staff.coach_sydost)


def plans_of(case):
    return f"/participants/{case.participant_id}/plans"


# What districts' and providers' systems are built against: path, method, tag, operation id
# and status codes of every plan route.
ERRORS = {"400", "403", "404", "409", "422"}
ROUTES = {
    ("/api/v1/participants/{participant_id}/plans", "post"): (
        "participants",
        "jobbtorg_participants_api_participants_plan_submit",
        "201",
    ),
    ("/api/v1/plans/{plan_id}", "get"): ("plans", "jobbtorg_plans_api_plans_detail", "200"),
    ("/api/v1/plans/{plan_id}/approve", "post"): (
        "plans",
        "jobbtorg_plans_api_plans_approve",
        "200",
    ),
    ("/api/v1/plans/{plan_id}/reject", "post"): ("plans", "jobbtorg_plans_api_plans_reject", "200"),
    ("/api/v1/plans/{plan_id}/follow-ups", "post"): (
        "plans",
        "jobbtorg_plans_api_plans_follow_up",
        "201",
    ),
}


def test_the_openapi_document_keeps_every_plan_route(db):
    document = Client().get("/api/v1/openapi.json").json()
    for (path, method), (tag, operation_id, success) in ROUTES.items():
        operation = document["paths"][path][method]
        assert operation["tags"] == [tag], path
        assert operation["operationId"] == operation_id, path
        assert set(operation["responses"]) == {success} | ERRORS, path
    plan_in = document["components"]["schemas"]["PlanIn"]["properties"]
    assert set(plan_in) == {"activities", "based_on_version", "note"}
    assert "left out for the first plan only" in plan_in["based_on_version"]["description"]
    plan_out = document["components"]["schemas"]["PlanOut"]["properties"]
    assert set(plan_out) == {
        "id",
        "number",
        "status",
        "start",
        "end",
        "written_by",
        "decided_by",
        "decided_at",
        "rejection_reason",
        "activities",
    }


def test_the_first_plan_may_leave_out_its_base(coach, case):
    response = post(coach, plans_of(case), {"activities": [activity()]})
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1
    assert response.json()["status"] == "awaiting_approval"


def test_a_change_without_a_base_is_refused_and_the_other_change_is_kept(staff, coach, case):
    # Two systems read version 1; one saves a change. The other, sending no base, used to be
    # taken as based on the newest version and replaced that change unseen.
    write_plan(case, staff.coach_sydost)
    manager = api_client_for(staff.manager_sydost)
    theirs = post(
        manager, plans_of(case), {"activities": [activity(goal="Theirs")], "based_on_version": 1}
    )
    assert theirs.status_code == 201
    mine = post(coach, plans_of(case), {"activities": [activity(goal="Mine")]})
    assert mine.status_code == 422
    assert "Planen har redan version 2" in mine.json()["errors"]["based_on"][0]
    assert PlanVersion.objects.get(number=2).activities.get().goal == "Theirs"
    assert not PlanVersion.objects.filter(number=3).exists()


def test_a_stale_base_is_409_and_the_current_base_is_saved(staff, coach, case):
    write_plan(case, staff.coach_sydost)
    write_plan(case, staff.manager_sydost, based_on=1)
    stale = post(coach, plans_of(case), {"activities": [activity()], "based_on_version": 1})
    assert stale.status_code == 409
    assert "version 2" in stale.json()["detail"]
    none_seen = post(coach, plans_of(case), {"activities": [activity()], "based_on_version": None})
    assert none_seen.status_code == 409
    current = post(coach, plans_of(case), {"activities": [activity()], "based_on_version": 2})
    assert current.status_code == 201 and current.json()["number"] == 3


def test_a_person_without_an_open_case_is_refused(staff, coach, people):
    response = post(coach, f"/participants/{people.in_farsta.pk}/plans", {"activities": []})
    assert response.status_code in (404, 422)
    assert not PlanVersion.objects.exists()


def test_a_decided_plan_cannot_be_decided_again(staff, case):
    plan = approve(write_plan(case, staff.coach_sydost), staff.officer_farsta)
    officer = api_client_for(staff.officer_farsta)
    again = post(officer, f"/plans/{plan.pk}/approve")
    assert again.status_code == 422
    assert "bara en version som väntar på godkännande" in again.json()["detail"]
    rejected = post(officer, f"/plans/{plan.pk}/reject", {"reason": "Nej."})
    assert rejected.status_code == 422


def test_reading_records_the_look_and_a_decision_records_no_read(staff, case):
    plan = write_plan(case, staff.coach_sydost)
    officer = api_client_for(staff.officer_farsta)
    assert officer.get(f"/api/v1/plans/{plan.pk}").status_code == 200
    assert post(officer, f"/plans/{plan.pk}/approve").json()["status"] == "approved"
    actions = list(
        AuditEntry.objects.filter(actor=staff.officer_farsta, object_id=str(plan.pk))
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["plan.viewed", "plan.approved"]


def test_a_follow_up_names_an_activity_of_that_plan(staff, coach, case):
    plan = approve(write_plan(case, staff.coach_sydost), staff.officer_farsta)
    body = {"activity_id": 0, "done_on": TODAY.isoformat(), "outcome": "completed"}
    assert post(coach, f"/plans/{plan.pk}/follow-ups", body).status_code == 404
    body["activity_id"] = plan.activities.get().pk
    created = post(coach, f"/plans/{plan.pk}/follow-ups", body)
    assert created.status_code == 201
    assert set(created.json()) == {"id", "activity_id", "done_on", "outcome", "note"}
