"""Start pages say what to do next. The district officer's shows the plans awaiting the
district's decision and the inbox's unhandled events, with counts, only of the officer's own
district; one clear way to refer a person. Nobody else's start page shows a district's counts.
The key-figure dashboard opens with every figure against its target and links the effect page."""

import pytest
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.participants.services.district_events import district_report
from tests.conftest import client_for
from tests.participants.scenarios import approve, context, enrol, refer, write_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _home(user) -> str:
    response = client_for(user, language="en").get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def waiting(staff):
    """In Farsta: one plan awaiting a decision (and one decided), one absence reported. In
    Skarpnäck: one plan awaiting a decision."""
    farsta = enrol(
        refer(staff.officer_farsta, first_name="Farida", last_name="Väntar"), staff.coach_sydost
    )
    write_plan(farsta, staff.coach_sydost)
    decided = enrol(
        refer(staff.officer_farsta, first_name="Gustav", last_name="Klar"), staff.coach_sydost
    )
    approve(write_plan(decided, staff.coach_sydost), staff.officer_farsta)
    district_report(
        actor=staff.coach_sydost,
        audit_context=context(staff.coach_sydost),
        referral=farsta,
        kind="absence",
        text="Kom inte tisdag.",
    )
    skarpnack = enrol(
        refer(staff.officer_skarpnack, first_name="Sara", last_name="Annanstad"), staff.coach_sydost
    )
    write_plan(skarpnack, staff.coach_sydost)
    return farsta, skarpnack


def test_the_officer_sees_the_plans_to_decide_and_the_unhandled_events_with_counts(staff, waiting):
    farsta, _ = waiting
    html = _home(staff.officer_farsta)
    plans = html[html.index('id="plans-title"') : html.index('id="inbox-title"')]
    assert "<strong>1</strong> plan awaits the district's approval." in plans
    assert "Farida Väntar" in plans and "Decide on version 1" in plans
    plan = farsta.plan_versions.get()
    assert reverse("plans:detail", args=[plan.pk]) in plans
    assert "Gustav Klar" not in plans  # decided: nothing to do
    inbox = html[html.index('id="inbox-title"') : html.index('id="refer-title"')]
    assert "2 events are not handled yet" in inbox
    assert "Plan awaiting approval" in inbox and "Absence reported" in inbox
    # The page named Farida: the look is on record.
    assert AuditEntry.objects.filter(
        action=AuditAction.PARTICIPANT_LISTED, actor=staff.officer_farsta
    ).exists()


def test_the_officer_never_sees_another_districts_counts(staff, waiting):
    html = _home(staff.officer_skarpnack)
    assert "<strong>1</strong> plan awaits" in html and "Sara Annanstad" in html
    assert "Farida Väntar" not in html
    assert "1 event is not handled yet" in html  # its own plan only, not Farsta's absence
    assert "Absence reported" not in html
    rinkeby = _home(staff.officer_rinkeby)
    assert "No plan awaits the district's decision." in rinkeby
    assert "Every event in the inbox is handled." in rinkeby


def test_a_decided_plan_leaves_the_officers_start_page(staff, waiting):
    farsta, _ = waiting
    approve(farsta.plan_versions.get(), staff.officer_farsta)
    html = _home(staff.officer_farsta)
    assert "No plan awaits the district's decision." in html
    assert "1 event is not handled yet" in html  # the absence is still to handle


@pytest.mark.parametrize(
    "who", ["coach_sydost", "manager_sydost", "coach_jarva", "provider_staff", "analyst"]
)
def test_no_one_else_sees_a_districts_counts(staff, waiting, who):
    html = _home(getattr(staff, who))
    assert "Plans awaiting your decision" not in html
    assert "events are not handled yet" not in html and "event is not handled yet" not in html
    assert "Farida Väntar" not in html or who in ("coach_sydost",)
    assert "Sara Annanstad" not in html or who in ("coach_sydost",)


def test_one_clear_way_to_refer_a_person(staff):
    html = _home(staff.officer_farsta)
    refer_section = html[html.index('id="refer-title"') :]
    assert refer_section.index(reverse("participants:referral_create")) < refer_section.index(
        reverse("participants:create")
    )
    assert "books their first meeting" in refer_section
    assert "Only register a person without a referral when" in refer_section
    form = client_for(staff.officer_farsta, language="en").get(reverse("participants:create"))
    assert "Registering does not send the person to the Jobbtorg" in form.content.decode()
    assert reverse("participants:referral_create") in form.content.decode()


def test_the_analysts_start_page_leads_to_the_key_figures_and_the_effect_page(staff):
    html = _home(staff.analyst)
    assert reverse("followup:dashboard") in html and reverse("followup:effect") in html
