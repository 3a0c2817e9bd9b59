"""Vacancies and placements by hand and from free-text ads: rules, forms, pages, who may."""

import pytest

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.matching.models import Vacancy, VacancySource, VacancyStatus
from jobbtorg.matching.services.employers import employer_create
from jobbtorg.matching.services.vacancies import vacancy_close, vacancy_save, vacancy_save_named
from tests.conftest import client_for
from tests.factories import district

pytestmark = pytest.mark.django_db

BACKEND = "7wdX_4rv_33z"  # Backend-utvecklare, SSYK 2512


@pytest.fixture
def employer(staff):
    return employer_create(actor=staff.matcher_sydost, name="Bygg AB")


def test_a_matcher_registers_a_job_with_skills_and_languages(staff, employer):
    vacancy = vacancy_save_named(
        actor=staff.matcher_sydost,
        occupation=BACKEND,
        names={
            "required_skills": ["Java"],
            "desired_skills": ["JavaScript, programmeringsspråk"],
            "required_languages": ["Svenska"],
            "desired_languages": ["Engelska"],
        },
        employer=employer,
        headline="Utvecklare",
        licence="B",
        district=district("farsta"),
        openings=2,
    )
    assert vacancy.occupation.ssyk_code == "2512"
    assert vacancy.made_at == staff.matcher_sydost.job_centre
    assert {(s.skill.label_sv, s.required) for s in vacancy.skills.all()} == {
        ("Java, programmeringsspråk", True),
        ("JavaScript, programmeringsspråk", False),
    }
    assert {(la.language.label_sv, la.required) for la in vacancy.languages.all()} == {
        ("Svenska", True),
        ("Engelska", False),
    }


def test_every_problem_is_named_at_once_and_nothing_is_written(staff, employer, english):
    with pytest.raises(ValidationFailed) as refused:
        vacancy_save_named(
            actor=staff.matcher_sydost,
            occupation="no-such-id",
            names={"required_skills": ["Kvantflöjtspel"], "desired_languages": ["Klingonska"]},
            employer=employer,
            headline="",
            openings=0,
        )
    assert set(refused.value.errors) >= {
        "occupation",
        "required_skills",
        "desired_languages",
        "headline",
        "openings",
    }
    assert "Kvantflöjtspel" in refused.value.errors["required_skills"][0]
    assert not Vacancy.objects.exists()


def test_a_placement_needs_a_supervisor_and_capacity(staff, employer, english):
    with pytest.raises(ValidationFailed) as refused:
        vacancy_save(
            actor=staff.manager_sydost,
            occupation=BACKEND,
            employer=employer,
            headline="Praktik",
            kind="placement",
        )
    assert set(refused.value.errors) == {"supervisor_name", "capacity"}
    placement = vacancy_save(
        actor=staff.manager_sydost,
        occupation=BACKEND,
        employer=employer,
        headline="Praktik",
        kind="placement",
        supervisor_name="Eva Handledare",
        capacity=2,
    )
    assert (placement.kind, placement.capacity) == ("placement", 2)


def test_update_and_close(staff, employer):
    vacancy = vacancy_save(
        actor=staff.matcher_sydost, occupation=BACKEND, employer=employer, headline="A"
    )
    vacancy = vacancy_save(
        actor=staff.manager_jarva, vacancy=vacancy, occupation=BACKEND, headline="B"
    )
    assert (vacancy.headline, vacancy.employer) == ("B", employer)
    vacancy_close(actor=staff.matcher_sydost, vacancy=vacancy, status=VacancyStatus.FILLED)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    assert Vacancy.objects.count() == 1


@pytest.mark.parametrize("who", ["coach_sydost", "officer_farsta", "provider_staff", "analyst"])
def test_only_matchers_and_managers_register_vacancies(staff, employer, who):
    with pytest.raises(NotAllowed):
        vacancy_save(actor=getattr(staff, who), occupation=BACKEND, employer=employer, headline="A")
    assert not Vacancy.objects.exists()


# Pages


def _form(employer, **changes):
    data = {
        "kind": "job",
        "employer": employer.pk,
        "headline": "Backendutvecklare",
        "occupation": BACKEND,
        "required_skills": "Java",
        "required_languages": "Svenska",
        "extent": "full",
        "openings": "1",
    }
    data.update(changes)
    return data


def test_the_vacancy_form_creates_and_shows_a_vacancy(staff, employer, english):
    client = client_for(staff.matcher_sydost, "en")
    answer = client.post("/matchning/lediga/ny/", _form(employer))
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
        _form(employer, occupation="nope", required_skills="Kvantflöjtspel", kind="placement"),
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "is not an occupation of the taxonomy" in html
    assert "Kvantflöjtspel" in html
    assert "A placement needs a supervisor" in html
    assert not Vacancy.objects.exists()


def test_the_occupation_picker_lists_names_with_their_ssyk_code(staff, employer, english):
    client = client_for(staff.matcher_sydost, "en")
    html = client.get(f"/matchning/lediga/ny/?employer={employer.pk}&yrke=backend").content.decode()
    assert "Backend-utvecklare" in html and "2512" in html
    assert f"?employer={employer.pk}&amp;occupation={BACKEND}" in html
    chosen = client.get(f"/matchning/lediga/ny/?employer={employer.pk}&occupation={BACKEND}")
    assert "Occupation: Backend-utvecklare (SSYK 2512)" in chosen.content.decode()
    data = client.get("/matchning/yrken/?q=backend&format=json").json()
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
    for person in (people.in_farsta, people.in_skarpnack, people.in_rinkeby):
        assert person.last_name not in html
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
def test_access_per_role(staff, employer, who, read, write):
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
