"""The provider portal's first page: provider staff see only the people placed with them,
with only what they need, and each look is logged."""

import pytest
from django.urls import reverse

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.providers.models import Provider, ProviderKind, ProviderReportKind
from jobbtorg.providers.selectors import participations_visible_to
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.offering import offering_at, place, report
from tests.participants.scenarios import enrol, refer

pytestmark = pytest.mark.django_db


def person_placed_at(staff, provider, n, **kwargs):
    case = enrol(
        refer(staff.officer_farsta, first_name=f"Namn{n}", last_name=f"Efternamn{n}"),
        staff.coach_sydost,
    )
    case.participant.phone = "070-111 22 33"
    case.participant.interpreter_language = "somaliska"
    case.participant.save()
    return place(case, offering_at(provider, place=f"Lokal {n}"), staff.coach_sydost, **kwargs)


@pytest.fixture
def providers(staff):
    ours = staff.provider_staff.provider
    theirs = Provider.objects.create(slug="theirs", name="Annan anordnare")
    return ours, theirs


def test_provider_staff_see_only_their_own_participants_with_only_what_they_need(staff, providers):
    ours, theirs = providers
    mine = person_placed_at(staff, ours, 1)
    person_placed_at(staff, theirs, 2)

    html = client_for(staff.provider_staff).get(reverse("web:home")).content.decode()

    assert "Namn1 Efternamn1" in html
    assert "Efternamn2" not in html  # another provider's
    assert "070-111 22 33" in html and "somaliska" in html
    assert "09:00–12:00" in html  # the schedule
    assert mine.referral.participant.personal_identity_number_display not in html
    listed = AuditEntry.objects.filter(action="participant.listed", actor=staff.provider_staff)
    assert [e.participant for e in listed] == [mine.referral.participant]


def test_another_providers_staff_see_none_of_them(staff, providers):
    ours, _ = providers
    person_placed_at(staff, ours, 4)
    other = UserFactory(
        username="other-provider-staff",
        role="provider_staff",
        provider=Provider.objects.get(slug="theirs"),
    )
    assert not participations_visible_to(other).exists()


def test_a_closed_case_leaves_the_portal(staff, providers):
    ours, _ = providers
    participation = person_placed_at(staff, ours, 7)
    participation.referral.stage = "exited"
    participation.referral.save()
    assert not participations_visible_to(staff.provider_staff).exists()


def test_an_ended_activity_stays_in_the_portal_for_reporting_a_result(staff, providers):
    ours, _ = providers
    participation = person_placed_at(staff, ours, 8)
    today = participation.planned_start
    report(participation, staff.provider_staff, ProviderReportKind.START, today)
    report(participation, staff.provider_staff, ProviderReportKind.COMPLETION, today)
    assert participations_visible_to(staff.provider_staff).get() == participation


def test_provider_staff_still_cannot_open_the_case_pages(staff, providers):
    ours, _ = providers
    participation = person_placed_at(staff, ours, 5)
    person = participation.referral.participant_id
    client = client_for(staff.provider_staff)
    assert client.get(reverse("web:participant", args=[person])).status_code == 404
    assert client.get(reverse("participants:assessment", args=[person])).status_code in (403, 404)
    assert client.get(reverse("plans:week", args=[person])).status_code == 404


@pytest.mark.parametrize("username", ["officer_skarpnack", "analyst", "administrator"])
def test_the_participations_are_out_of_scope_for_other_roles(staff, providers, username):
    ours, _ = providers
    person_placed_at(staff, ours, 6)
    assert not participations_visible_to(getattr(staff, username)).exists()


def test_procured_kind_does_not_change_the_scope(staff):
    procured = Provider.objects.create(slug="acme", name="Acme AB", kind=ProviderKind.PROCURED)
    staff.provider_staff.provider = procured
    staff.provider_staff.save()
    person_placed_at(staff, procured, 9)
    assert participations_visible_to(staff.provider_staff).count() == 1
