"""The matching pages: forms, what each role sees, and what each page logs."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.matching.models import (
    Employer,
    EmployerContact,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from jobbtorg.matching.selectors.fairs import fairs_visible_to
from jobbtorg.matching.services.employers import (
    employer_contact_record,
)
from jobbtorg.matching.services.fairs import fair_invite, invitation_update
from jobbtorg.matching.services.proposals import (
    proposal_agree,
    proposal_create,
    proposal_outcome,
    proposal_send,
)
from jobbtorg.matching.services.vacancies import vacancy_save
from jobbtorg.participants.models import HealthEntry
from tests.audit_reads import in_extract, people_named
from tests.conftest import client_for
from tests.matching.scenario import (
    BACKEND,
    TODAY,
    VALID,
    a_fair,
    person,
    registered_employer,
    vacancy,
    vacancy_form_data,
)
from tests.participants.scenarios import context, enrol, refer

pytestmark = pytest.mark.django_db


def test_the_employer_page_warns_about_a_recent_contact(staff, english):
    employer = registered_employer(staff)
    employer_contact_record(
        actor=staff.manager_jarva,
        employer=employer,
        contacted_on=timezone.localdate() - dt.timedelta(days=2),
        channel="phone",
        person="Eva",
        subject="Placements in the spring",
    )
    page = client_for(staff.coach_sydost, "en").get(f"/matchning/arbetsgivare/{employer.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Contacted in the last 14 days" in html
    assert "manager-jarva" in html and "Placements in the spring" in html
    # The warning and the log come before the facts and the vacancies.
    assert html.index("Contact log") < html.index("About the employer")
    assert "Log the contact" not in html  # coaches read only


def test_no_warning_without_a_recent_contact(staff, english):
    employer = registered_employer(staff)
    EmployerContact.objects.create(
        employer=employer,
        contacted_by=staff.matcher_sydost,
        contacted_on=timezone.localdate() - dt.timedelta(days=30),
        channel="email",
        subject="Old",
    )
    html = (
        client_for(staff.matcher_sydost, "en")
        .get(f"/matchning/arbetsgivare/{employer.pk}/")
        .content.decode()
    )
    assert "Contacted in the last" not in html
    assert "Old" in html


def test_a_matcher_logs_a_contact_on_the_page(staff, english):
    employer = registered_employer(staff)
    client = client_for(staff.matcher_sydost, "en")
    answer = client.post(
        f"/matchning/arbetsgivare/{employer.pk}/kontakt/",
        {"contacted_on": timezone.localdate().isoformat(), "channel": "visit", "subject": "Visit"},
    )
    assert answer.status_code == 302
    assert EmployerContact.objects.get().contacted_by == staff.matcher_sydost
    bad = client.post(
        f"/matchning/arbetsgivare/{employer.pk}/kontakt/",
        {"contacted_on": timezone.localdate().isoformat(), "channel": "visit", "subject": ""},
    )
    assert bad.status_code == 400
    assert EmployerContact.objects.count() == 1


def test_the_employer_form_shows_a_wrong_check_digit(staff, english):
    client = client_for(staff.manager_sydost, "en")
    answer = client.post(
        "/matchning/arbetsgivare/ny/",
        {"name": "X AB", "kind": "company", "organisation_number": "5560160681"},
    )
    assert answer.status_code == 400
    assert "check the last digit" in answer.content.decode()
    assert not Employer.objects.exists()
    answer = client.post(
        "/matchning/arbetsgivare/ny/",
        {"name": "X AB", "kind": "staffing_firm", "organisation_number": VALID},
    )
    assert answer.status_code == 302
    listing = client.get("/matchning/arbetsgivare/?kind=staffing_firm").content.decode()
    assert "X AB" in listing and "Staffing firm" in listing


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("matcher_sydost", 200, 200),
        ("manager_jarva", 200, 200),
        ("coach_sydost", 200, 403),
        ("officer_farsta", 403, 403),
        ("provider_staff", 403, 403),
        ("analyst", 403, 403),
    ],
)
def test_employer_access_per_role(staff, who, read, write):
    employer = registered_employer(staff)
    client = client_for(getattr(staff, who))
    assert client.get("/matchning/arbetsgivare/").status_code == read
    assert client.get(f"/matchning/arbetsgivare/{employer.pk}/").status_code == read
    assert client.get("/matchning/arbetsgivare/ny/").status_code == write
    assert client.get(f"/matchning/arbetsgivare/{employer.pk}/andra/").status_code == write
    answer = client.post(
        f"/matchning/arbetsgivare/{employer.pk}/kontakt/",
        {"contacted_on": timezone.localdate().isoformat(), "channel": "phone", "subject": "x"},
    )
    assert answer.status_code == (302 if write == 200 else 403)


def test_employers_write_no_participant_audit_entries(staff):
    employer = registered_employer(staff)
    client_for(staff.matcher_sydost).get(f"/matchning/arbetsgivare/{employer.pk}/")
    assert not AuditEntry.objects.filter(participant__isnull=False).exists()


def test_signed_out_visitors_are_sent_to_sign_in(db):
    from django.test import Client

    assert Client().get("/matchning/arbetsgivare/").status_code == 302


def test_the_vacancy_form_creates_and_shows_a_vacancy(staff, employer, english):
    client = client_for(staff.matcher_sydost, "en")
    answer = client.post("/matchning/lediga/ny/", vacancy_form_data(employer))
    assert answer.status_code == 302
    vacancy = Vacancy.objects.get()
    page = client.get(answer["Location"]).content.decode()
    assert "Backend-utvecklare (SSYK 2512" in page
    assert "Java, programmeringsspråk" in page
    listing = client.get("/matchning/lediga/?ssyk=25").content.decode()
    assert "Backendutvecklare" in listing
    assert "Backendutvecklare" not in client.get("/matchning/lediga/?ssyk=9").content.decode()
    assert vacancy.source == VacancySource.MANUAL


def test_the_vacancy_form_shows_bad_input_and_writes_nothing(staff, employer, english):
    client = client_for(staff.matcher_sydost, "en")
    answer = client.post(
        "/matchning/lediga/ny/",
        vacancy_form_data(
            employer, occupation="nope", required_skills="Kvantflöjtspel", kind="placement"
        ),
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "is not an occupation of the taxonomy" in html
    assert "Kvantflöjtspel" in html
    assert "A placement needs a supervisor" in html
    assert not Vacancy.objects.exists()


def test_the_occupation_picker_lists_names_with_their_group_name(staff, employer, english):
    client = client_for(staff.matcher_sydost, "en")
    html = client.get(f"/matchning/lediga/ny/?employer={employer.pk}&yrke=backend").content.decode()
    assert "Backend-utvecklare" in html and "Mjukvaru- och systemutvecklare m.fl." in html
    assert f"?employer={employer.pk}&amp;occupation={BACKEND}" in html
    assert f">{BACKEND}<" not in html  # the id is in the link only, never on the page
    chosen = client.get(f"/matchning/lediga/ny/?employer={employer.pk}&occupation={BACKEND}")
    assert "Occupation: Backend-utvecklare (SSYK 2512)" in chosen.content.decode()
    data = client.get("/matchning/yrken/?q=backend&format=json").json()
    assert {"concept_id": BACKEND, "label": "Backend-utvecklare", "ssyk_code": "2512"} in data[
        "occupations"
    ]


@pytest.mark.parametrize("query", ["backend", "2512"])
def test_the_occupation_search_shows_names_and_group_names_never_ids(staff, english, query):
    client = client_for(staff.matcher_sydost, "en")
    html = client.get(f"/matchning/yrken/?q={query}").content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    rows = re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>([^<]+)</th>\s*<td[^>]*>([^<]+)</td>", table)
    assert ("Backend-utvecklare", "Mjukvaru- och systemutvecklare m.fl.") in rows
    assert "Concept id" not in table and BACKEND not in html
    # Every group shown is a name, not a bare code.
    assert not [group for _name, group in rows if group.strip().isdigit()]
    # The JSON for scripts keeps its fields.
    data = client.get(f"/matchning/yrken/?q={query}&format=json").json()
    assert {"concept_id": BACKEND, "label": "Backend-utvecklare", "ssyk_code": "2512"} in data[
        "occupations"
    ]


def test_a_free_text_ad_gets_suggestions_and_the_confirmed_occupation(staff, employer, english):
    client = client_for(staff.matcher_sydost, "en")
    ad = {
        "kind": "job",
        "employer": employer.pk,
        "headline": "Undersköterska till hemtjänsten",
        "text": "Vi söker en undersköterska med körkort.",
    }
    page = client.post("/matchning/lediga/fritext/", {**ad, "suggest": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Suggested occupations" in html and "SSYK 532" in html
    assert not Vacancy.objects.exists()
    refused = client.post(
        "/matchning/lediga/fritext/", {**ad, "confirm": "1", "other_occupation": "nope"}
    )
    assert refused.status_code == 400 and not Vacancy.objects.exists()
    occupation = "bXNH_MNX_dUR"  # Sjuksköterska, grundutbildad: the matcher may pick another
    answer = client.post(
        "/matchning/lediga/fritext/", {**ad, "confirm": "1", "other_occupation": occupation}
    )
    assert answer.status_code == 302
    vacancy = Vacancy.objects.get()
    assert (vacancy.source, vacancy.occupation.concept_id) == (VacancySource.FREE_TEXT, occupation)
    assert vacancy.description == ad["text"]


def test_the_vacancy_page_leaves_room_for_candidates_and_names_no_participant(
    staff, employer, people
):
    vacancy = vacancy_save(
        actor=staff.matcher_sydost, occupation=BACKEND, employer=employer, headline="A"
    )
    html = client_for(staff.coach_sydost).get(f"/matchning/lediga/{vacancy.pk}/").content.decode()
    for someone in (people.in_farsta, people.in_skarpnack, people.in_rinkeby):
        assert someone.last_name not in html
    assert not AuditEntry.objects.filter(participant__isnull=False).exists()


def test_the_status_is_set_on_the_page(staff, employer):
    vacancy = vacancy_save(
        actor=staff.matcher_sydost, occupation=BACKEND, employer=employer, headline="A"
    )
    client = client_for(staff.manager_sydost)
    assert (
        client.post(f"/matchning/lediga/{vacancy.pk}/status/", {"status": "closed"}).status_code
        == 302
    )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED
    assert client.get("/matchning/lediga/").content.decode().count(str(vacancy.pk)) == 0
    assert str(vacancy.pk) in client.get("/matchning/lediga/?status=closed").content.decode()


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("matcher_sydost", 200, 200),
        ("manager_jarva", 200, 200),
        ("coach_jarva", 200, 403),
        ("officer_farsta", 403, 403),
        ("provider_staff", 403, 403),
        ("analyst", 403, 403),
        ("administrator", 403, 403),
    ],
)
def test_vacancy_access_per_role(staff, employer, who, read, write):
    vacancy = vacancy_save(
        actor=staff.matcher_sydost, occupation=BACKEND, employer=employer, headline="A"
    )
    client = client_for(getattr(staff, who))
    assert client.get("/matchning/lediga/").status_code == read
    assert client.get(f"/matchning/lediga/{vacancy.pk}/").status_code == read
    assert client.get("/matchning/yrken/?q=java").status_code == read
    assert client.get("/matchning/lediga/ny/").status_code == write
    assert client.get(f"/matchning/lediga/{vacancy.pk}/andra/").status_code == write
    assert client.get("/matchning/lediga/fritext/").status_code == write
    status = client.post(f"/matchning/lediga/{vacancy.pk}/status/", {"status": "closed"})
    assert status.status_code == (302 if write == 200 else 403)
    vacancy.refresh_from_db()
    assert vacancy.status == (VacancyStatus.CLOSED if write == 200 else VacancyStatus.OPEN)


def test_the_menu_shows_matching_to_matchers_coaches_and_managers(staff):
    for who, shown in [("matcher_sydost", True), ("coach_sydost", True), ("officer_farsta", False)]:
        html = client_for(getattr(staff, who)).get("/").content.decode()
        assert ('href="/matchning/lediga/"' in html) is shown, who


@pytest.mark.usefixtures("english")
def test_the_engine_suggests_people_from_every_jobbtorg_and_the_figures_follow(staff):
    here = person(staff, 1)
    there = person(staff, 2, coach=staff.coach_jarva, officer=staff.officer_rinkeby)
    person(staff, 3, wanted_occupations=["Backend-utvecklare"])  # SSYK 2512: far from 5321
    fair = a_fair(staff)
    page = client_for(staff.matcher_sydost, language="en").get(
        reverse("matching:fair", args=[fair.pk])
    )
    html = page.content.decode()
    assert "Kandidat1 Test" in html and "Kandidat2 Test" in html
    assert html.index("Kandidat1 Test") < html.index("Kandidat3 Test") or "Kandidat3" not in html

    invitation = fair_invite(context(staff.matcher_sydost), fair, here)
    fair_invite(context(staff.coach_jarva), fair, there)
    invitation_update(context(staff.matcher_sydost), invitation, status="attended", outcome="hired")
    figures = fairs_visible_to(staff.manager_jarva).get(pk=fair.pk)
    assert (figures.invited, figures.attended, figures.interviews, figures.hired) == (2, 1, 0, 1)
    assert AuditEntry.objects.filter(action="fair.invitation_recorded").count() == 3


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("username", "status"),
    [("coach_sydost", 200), ("officer_farsta", 403), ("provider_staff", 403), ("analyst", 403)],
)
def test_who_sees_the_fairs(staff, username, status):
    assert client_for(getattr(staff, username)).get(reverse("matching:fairs")).status_code == status


@pytest.mark.usefixtures("english")
def test_a_fair_is_created_on_the_page(staff):
    response = client_for(staff.matcher_sydost, language="en").post(
        reverse("matching:fairs"),
        {
            "name": "Lagermässan",
            "held_on": TODAY.isoformat(),
            "place": "Älvsjömässan",
            "occupations": "Rymdpilot",
        },
    )
    assert response.status_code == 200
    assert "not in the taxonomy" in response.content.decode()


@pytest.mark.usefixtures("english")
def test_the_page_invites_only_people_the_user_may_see_or_the_engine_may_suggest(staff):

    fair = a_fair(staff)
    # Served at Järva, no matching profile: not a candidate, not the Sydost matcher's case.
    hidden = enrol(refer(staff.officer_rinkeby, first_name="Dold"), staff.coach_jarva)
    client = client_for(staff.matcher_sydost)
    url = reverse("matching:fair", args=[fair.pk])
    response = client.post(url, {"action": "invite", "referral": str(hidden.pk)})
    assert response.status_code == 404
    assert not fair.invitations.exists()
    assert client.post(url, {"action": "invite", "referral": "not-an-id"}).status_code == 404
    suggested = person(staff, 9, coach=staff.coach_jarva, officer=staff.officer_rinkeby)
    assert client.post(url, {"action": "invite", "referral": str(suggested.pk)}).status_code == 302
    assert fair.invitations.get().referral == suggested


@pytest.mark.usefixtures("english")
def test_a_matcher_sees_candidates_from_every_jobbtorg_with_the_profile_only(staff):
    here = person(staff, 1)
    there = person(staff, 2, coach=staff.coach_jarva, officer=staff.officer_rinkeby)
    HealthEntry.objects.create(
        referral=there, text="Hemlig hälsonotering", written_by=staff.coach_jarva
    )
    job = vacancy()
    page = client_for(staff.matcher_sydost, language="en").get(
        reverse("matching:candidates", args=[job.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kandidat1 Test" in html and "Kandidat2 Test" in html
    assert "Järva" in html
    assert "Hemlig hälsonotering" not in html
    assert there.participant.personal_identity_number_display not in html
    listed = people_named("matching.candidates_suggested")
    assert sorted(listed) == sorted([here.participant_id, there.participant_id])
    assert in_extract(there.participant_id, "matching.candidates_suggested", "matcher-sydost")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("username", "status"),
    [("coach_sydost", 403), ("officer_farsta", 403), ("provider_staff", 403), ("analyst", 403)],
)
def test_only_matchers_and_managers_see_candidates(staff, username, status):
    job = vacancy()
    url = reverse("matching:candidates", args=[job.pk])
    assert client_for(getattr(staff, username)).get(url).status_code == status


def test_the_proposal_page_offers_only_the_steps_the_workflow_allows_to_each_side(staff):
    referral = person(staff)
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=vacancy(), referral=referral)
    url = reverse("matching:proposal", args=[proposal.pk])

    def offered(user):
        html = client_for(user).get(url).content.decode()
        return set(re.findall(r'name="action" value="([a-z_]+)"', html))

    assert offered(staff.coach_sydost) == {"agree", "withdraw"}
    assert offered(staff.matcher_sydost) == {"withdraw"}
    proposal_agree(
        context(staff.coach_sydost), proposal, person_agrees=True, shared_fields=["skills"]
    )
    assert offered(staff.coach_sydost) == {"withdraw"}
    assert offered(staff.matcher_sydost) == {"send", "withdraw"}
    proposal_send(context(staff.matcher_sydost), proposal)
    assert offered(staff.matcher_sydost) == {"interview", "outcome", "withdraw"}
    proposal_outcome(context(staff.matcher_sydost), proposal, hired=False, reason="Annan valdes.")
    assert offered(staff.matcher_sydost) == set()
    assert offered(staff.coach_sydost) == set()
