"""The provider portal's first page: provider staff see only their own participants' activities,
with only what they need, and each look is logged."""

import datetime as dt

import pytest
from django.urls import reverse

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.participants.services.path import first_meeting_record, referral_create
from jobbtorg.plans.selectors import provider_activities_visible_to
from jobbtorg.plans.services import plan_approve, plan_submit
from jobbtorg.providers.models import Provider
from tests.conftest import client_for
from tests.factories import UserFactory, valid_personal_identity_number

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def ctx(user):
    return AuditContext.for_command("test", actor=user)


def person_with_activity_at(staff, provider, n, *, approved=True):
    case = referral_create(
        actor=staff.officer_farsta,
        audit_context=ctx(staff.officer_farsta),
        personal_identity_number=valid_personal_identity_number(700 + n),
        first_name=f"Namn{n}",
        last_name=f"Efternamn{n}",
        district="farsta",
        target_group="resurs",
        basis="x",
        consent_given=True,
        phone="070-111 22 33",
        interpreter_language="somaliska",
    )
    first_meeting_record(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        referral=case,
        held_on=TODAY,
        coach=staff.coach_sydost,
        duties_explained=True,
        af_registration="registered",
    )
    case.refresh_from_db()
    plan = plan_submit(
        actor=staff.coach_sydost,
        audit_context=ctx(staff.coach_sydost),
        referral=case,
        activities=[
            {
                "type": "work_training",
                "provider": str(provider.pk),
                "start": TODAY,
                "end": TODAY + dt.timedelta(days=60),
                "hours_per_week": 30,
                "goal": "Arbetsträning i lager",
            }
        ],
        based_on=None,
    )
    if approved:
        plan_approve(actor=staff.officer_farsta, audit_context=ctx(staff.officer_farsta), plan=plan)
    return case


@pytest.fixture
def providers(staff):
    ours = staff.provider_staff.provider
    theirs = Provider.objects.create(slug="theirs", name="Annan anordnare")
    return ours, theirs


def test_provider_staff_see_only_their_own_participants_with_only_what_they_need(staff, providers):
    ours, theirs = providers
    mine = person_with_activity_at(staff, ours, 1)
    person_with_activity_at(staff, theirs, 2)
    person_with_activity_at(staff, ours, 3, approved=False)

    html = client_for(staff.provider_staff).get(reverse("home")).content.decode()

    assert "Namn1 Efternamn1" in html
    assert "Efternamn2" not in html  # another provider's
    assert "Efternamn3" not in html  # plan not approved yet
    assert "070-111 22 33" in html and "somaliska" in html
    assert mine.participant.personal_identity_number_display not in html
    listed = AuditEntry.objects.filter(action="participant.listed", actor=staff.provider_staff)
    assert [e.participant for e in listed] == [mine.participant]


def test_another_providers_staff_see_none_of_them(staff, providers):
    ours, _ = providers
    person_with_activity_at(staff, ours, 4)
    other = UserFactory(
        username="other-provider-staff",
        role="provider_staff",
        provider=Provider.objects.get(slug="theirs"),
    )
    assert not provider_activities_visible_to(other).exists()


def test_provider_staff_still_cannot_open_the_case_pages(staff, providers):
    ours, _ = providers
    case = person_with_activity_at(staff, ours, 5)
    client = client_for(staff.provider_staff)
    assert client.get(reverse("participants:detail", args=[case.participant_id])).status_code == 404
    assert client.get(
        reverse("participants:assessment", args=[case.participant_id])
    ).status_code in (403, 404)


@pytest.mark.parametrize("username", ["coach_sydost", "officer_farsta", "analyst", "administrator"])
def test_the_portal_scope_is_empty_for_other_roles(staff, providers, username):
    ours, _ = providers
    person_with_activity_at(staff, ours, 6)
    assert not provider_activities_visible_to(getattr(staff, username)).exists()
