"""The administrator's page of lex Sarah officers: who is designated, designating a staff
account for a Jobbtorg or the whole city, and ending a designation. Like the other pages of one
role (Överföring, Ersättning), every other role is refused with a 403 that says who designates;
a participant's session gets 404."""

import pytest

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.lex_sarah.models import OfficerDesignation
from jobbtorg.lex_sarah.permissions import is_lex_sarah_officer
from tests.conftest import client_for
from tests.factories import UserFactory, job_centre
from tests.lex_sarah.world import designate, officers
from tests.portal.cases import own_case, signed_in_as

pytestmark = pytest.mark.django_db

NOT_ADMINISTRATORS = [
    "coach_sydost",
    "matcher_sydost",
    "manager_sydost",
    "coach_jarva",
    "manager_jarva",
    "officer_farsta",
    "officer_skarpnack",
    "provider_staff",
    "analyst",
]
REFUSAL = "Lex Sarah-ansvariga utses av en administratör."


def _designated(user, centre=None):
    return OfficerDesignation.objects.filter(user=user, job_centre=centre, ended_at__isnull=True)


def test_the_administrator_sees_the_designations_in_force(staff):
    team = officers(staff)
    ended = designate(staff.coach_jarva, job_centre("jarva"))
    client_for(staff.administrator).post(f"/lex-sarah/handlaggare/{ended.pk}/avsluta/")
    answer = client_for(staff.administrator).get("/lex-sarah/handlaggare/")
    assert answer.status_code == 200
    rows = {(d.user, d.job_centre) for d in answer.context["designations"]}
    assert rows == {
        (team.sydost, job_centre("sydost")),
        (team.city, None),
        (team.jarva, job_centre("jarva")),
    }
    html = answer.content.decode()
    assert "Hela staden" in html
    assert "Chef för Jobbtorg" in html
    assert "Avsluta" in html


@pytest.mark.parametrize("username", NOT_ADMINISTRATORS)
def test_every_other_role_is_refused_with_the_reason(staff, username):
    client = client_for(getattr(staff, username))
    answer = client.get("/lex-sarah/handlaggare/")
    assert answer.status_code == 403
    assert REFUSAL in answer.content.decode()
    target = UserFactory(username="to-designate", coach=True)
    answer = client.post("/lex-sarah/handlaggare/", {"user": target.pk, "job_centre": ""})
    assert answer.status_code == 403
    assert not _designated(target).exists()


def test_an_officer_does_not_designate_either(staff):
    team = officers(staff)
    designation = _designated(team.jarva, job_centre("jarva")).get()
    for officer in (team.city, team.sydost, team.jarva):
        assert client_for(officer).get("/lex-sarah/handlaggare/").status_code == 403
        answer = client_for(officer).post(f"/lex-sarah/handlaggare/{designation.pk}/avsluta/")
        assert answer.status_code == 403
    designation.refresh_from_db()
    assert designation.ended_at is None


def test_a_participants_session_gets_404(staff):
    team = officers(staff)
    designation = _designated(team.city).get()
    client = signed_in_as(own_case(staff).participant)
    assert client.get("/lex-sarah/handlaggare/").status_code == 404
    assert client.post(f"/lex-sarah/handlaggare/{designation.pk}/avsluta/").status_code == 404
    designation.refresh_from_db()
    assert designation.ended_at is None


def test_the_administrator_designates_for_a_jobbtorg_and_it_is_audited(staff):
    client = client_for(staff.administrator)
    answer = client.post(
        "/lex-sarah/handlaggare/",
        {"user": staff.coach_sydost.pk, "job_centre": job_centre("sydost").pk},
    )
    assert answer.status_code == 302
    designation = _designated(staff.coach_sydost, job_centre("sydost")).get()
    assert designation.designated_by == staff.administrator
    assert is_lex_sarah_officer(staff.coach_sydost)
    entry = AuditEntry.objects.get(action=AuditAction.LEX_SARAH_OFFICER_DESIGNATED)
    assert entry.object_id == str(designation.pk)
    assert entry.actor == staff.administrator
    html = client.get(answer["Location"]).content.decode()
    assert "är nu lex Sarah-ansvarig för Sydost" in html or "är nu lex Sarah-ansvarig för" in html


def test_the_administrator_designates_city_wide(staff):
    client_for(staff.administrator).post(
        "/lex-sarah/handlaggare/", {"user": staff.analyst.pk, "job_centre": ""}
    )
    assert _designated(staff.analyst, None).exists()


def test_the_list_of_accounts_holds_the_designable_roles_only(staff):
    form = client_for(staff.administrator).get("/lex-sarah/handlaggare/").context["form"]
    offered = set(form.fields["user"].queryset)
    assert {staff.coach_sydost, staff.manager_jarva, staff.analyst, staff.administrator} <= offered
    assert not {staff.provider_staff, staff.officer_farsta} & offered


def _refused(staff, data, message):
    before = OfficerDesignation.objects.count()
    answer = client_for(staff.administrator).post("/lex-sarah/handlaggare/", data)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    assert OfficerDesignation.objects.count() == before
    assert not AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_OFFICER_DESIGNATED).exists()


def test_no_account_chosen_is_refused(staff):
    _refused(staff, {"user": "", "job_centre": ""}, "Välj personalkontot som ska utses.")


@pytest.mark.parametrize("username", ["provider_staff", "officer_farsta"])
def test_an_account_of_another_principal_is_refused(staff, username):
    _refused(
        staff,
        {"user": getattr(staff, username).pk, "job_centre": ""},
        "Välj ett aktivt personalkonto i listan.",
    )


def test_a_closed_account_is_refused(staff):
    staff.coach_jarva.is_active = False
    staff.coach_jarva.save(update_fields=["is_active"])
    _refused(
        staff,
        {"user": staff.coach_jarva.pk, "job_centre": ""},
        "Välj ett aktivt personalkonto i listan.",
    )


def test_a_jobbtorgs_staff_for_another_jobbtorg_is_refused_by_the_service(staff):
    _refused(
        staff,
        {"user": staff.coach_jarva.pk, "job_centre": job_centre("sydost").pk},
        "Bara ett aktivt konto för personal på ett Jobbtorg",
    )


def test_a_designation_twice_is_refused(staff):
    designate(staff.coach_sydost, job_centre("sydost"))
    before = AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_OFFICER_DESIGNATED).count()
    answer = client_for(staff.administrator).post(
        "/lex-sarah/handlaggare/",
        {"user": staff.coach_sydost.pk, "job_centre": job_centre("sydost").pk},
    )
    assert "Kontot är redan utsett för det." in answer.content.decode()
    assert _designated(staff.coach_sydost, job_centre("sydost")).count() == 1
    after = AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_OFFICER_DESIGNATED).count()
    assert after == before


def test_an_unknown_jobbtorg_is_refused(staff):
    _refused(
        staff,
        {"user": staff.coach_sydost.pk, "job_centre": "999999"},
        "Välj ett aktivt Jobbtorg.",
    )


def test_ending_a_designation_is_a_post_that_is_audited(staff):
    team = officers(staff)
    designation = _designated(team.jarva, job_centre("jarva")).get()
    client = client_for(staff.administrator)
    assert client.get(f"/lex-sarah/handlaggare/{designation.pk}/avsluta/").status_code == 405
    answer = client.post(f"/lex-sarah/handlaggare/{designation.pk}/avsluta/")
    assert answer.status_code == 302
    assert answer["Location"] == "/lex-sarah/handlaggare/"
    designation.refresh_from_db()
    assert designation.ended_by == staff.administrator
    assert designation.ended_at is not None
    entry = AuditEntry.objects.get(action=AuditAction.LEX_SARAH_DESIGNATION_ENDED)
    assert entry.object_id == str(designation.pk)
    html = client.get("/lex-sarah/handlaggare/").content.decode()
    assert "är inte längre lex Sarah-ansvarig för Järva" in html


def test_ending_twice_says_so_and_writes_nothing(staff):
    designation = designate(staff.coach_sydost, job_centre("sydost"))
    client = client_for(staff.administrator)
    client.post(f"/lex-sarah/handlaggare/{designation.pk}/avsluta/")
    answer = client.post(f"/lex-sarah/handlaggare/{designation.pk}/avsluta/", follow=True)
    assert "Uppdraget är redan avslutat." in answer.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_DESIGNATION_ENDED).count() == 1


def test_ending_an_unknown_designation_is_404(staff):
    assert (
        client_for(staff.administrator).post("/lex-sarah/handlaggare/999999/avsluta/").status_code
        == 404
    )


def test_the_administrator_finds_the_page_from_the_lex_sarah_page(staff):
    assert (
        'href="/lex-sarah/handlaggare/"'
        in client_for(staff.administrator).get("/lex-sarah/").content.decode()
    )
    assert (
        'href="/lex-sarah/handlaggare/"'
        not in client_for(staff.manager_sydost).get("/lex-sarah/").content.decode()
    )
