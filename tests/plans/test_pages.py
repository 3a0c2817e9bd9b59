"""The plan pages: same addresses as before, and they offer only what the permissions and the
workflow table allow."""

import pytest
from django.urls import reverse

from jobbtorg.plans.models import PlanStatus, PlanVersion
from tests.conftest import client_for
from tests.participants.scenarios import (
    active_case,
    activity,
    approve,
    enrol,
    formset_post,
    refer,
    write_plan,
)

pytestmark = pytest.mark.usefixtures("english")


def html_of(response) -> str:
    return response.content.decode()


def test_the_page_addresses_are_unchanged(staff):
    plan = write_plan(enrol(refer(staff.officer_farsta), staff.coach_sydost), staff.coach_sydost)
    person, pk = plan.referral.participant_id, plan.pk
    assert reverse("plans:create", args=[person]) == f"/deltagare/{person}/plan/ny/"
    assert reverse("plans:follow_up", args=[person]) == f"/deltagare/{person}/uppfoljning/"
    assert reverse("plans:detail", args=[pk]) == f"/planer/{pk}/"
    assert reverse("plans:approve", args=[pk]) == f"/planer/{pk}/godkann/"
    assert reverse("plans:reject", args=[pk]) == f"/planer/{pk}/avsla/"


# (status of the version, whether the decider is offered approve and reject)
OFFERS = [
    (PlanStatus.AWAITING_APPROVAL, True),
    (PlanStatus.APPROVED, False),
    (PlanStatus.REJECTED, False),
    (PlanStatus.SUPERSEDED, False),
]


@pytest.mark.parametrize(("status", "offered"), OFFERS)
def test_the_decision_is_offered_only_where_the_table_allows_it(staff, status, offered):
    plan = write_plan(enrol(refer(staff.officer_farsta), staff.coach_sydost), staff.coach_sydost)
    PlanVersion.objects.filter(pk=plan.pk).update(
        status=status, rejection_reason="Nej." if status == PlanStatus.REJECTED else ""
    )
    html = html_of(
        client_for(staff.officer_farsta, "en").get(reverse("plans:detail", args=[plan.pk]))
    )
    assert (reverse("plans:approve", args=[plan.pk]) in html) is offered
    assert (reverse("plans:reject", args=[plan.pk]) in html) is offered


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "matcher_sydost"])
def test_who_may_not_decide_is_told_who_does_and_offered_no_decision(staff, username):
    plan = write_plan(enrol(refer(staff.officer_farsta), staff.coach_sydost), staff.coach_sydost)
    html = html_of(
        client_for(getattr(staff, username), "en").get(reverse("plans:detail", args=[plan.pk]))
    )
    assert reverse("plans:approve", args=[plan.pk]) not in html
    assert "Awaiting approval by a social-assistance officer of Farsta." in html


def test_a_second_approval_is_refused_with_the_reason_on_the_page(staff):
    plan = write_plan(enrol(refer(staff.officer_farsta), staff.coach_sydost), staff.coach_sydost)
    approve(plan, staff.officer_farsta)
    response = client_for(staff.officer_farsta, "en").post(reverse("plans:approve", args=[plan.pk]))
    assert response.status_code == 200
    assert "only a version awaiting approval can be approved or rejected" in html_of(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


@pytest.mark.parametrize(
    ("username", "writes"),
    [
        ("coach_sydost", True),
        ("manager_sydost", True),
        ("matcher_sydost", False),
        ("officer_farsta", False),
    ],
)
def test_writing_and_following_up_are_offered_to_the_case_workers_only(staff, username, writes):
    case = active_case(staff)
    plan = case.plan_versions.get()
    html = html_of(
        client_for(getattr(staff, username), "en").get(reverse("plans:detail", args=[plan.pk]))
    )
    assert (reverse("plans:create", args=[case.participant_id]) in html) is writes
    assert (reverse("plans:follow_up", args=[case.participant_id]) in html) is writes


def test_a_coach_writes_a_change_through_the_page_on_the_version_seen(staff):
    case = active_case(staff)
    client = client_for(staff.coach_sydost, "en")
    url = reverse("plans:create", args=[case.participant_id])
    response = client.post(url, formset_post([activity(goal="Ny ändring.")], based_on=1))
    newest = PlanVersion.objects.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[newest.pk])
    assert newest.status == PlanStatus.AWAITING_APPROVAL
