"""The writes of matching: employers, vacancies, matching profiles, proposals and recruitment
fairs; their rules, and who may."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.matching.models import (
    Employer,
    EmployerContact,
    EmployerKind,
    Occupation,
    Proposal,
    Vacancy,
    VacancyStatus,
)
from jobbtorg.matching.services.employers import (
    employer_contact_record,
    employer_create,
    employer_update,
)
from jobbtorg.matching.services.fairs import fair_create, fair_invite, invitation_update
from jobbtorg.matching.services.profiles import profile_update
from jobbtorg.matching.services.proposals import (
    proposal_agree,
    proposal_create,
    proposal_outcome,
    proposal_send,
)
from jobbtorg.matching.services.vacancies import vacancy_close, vacancy_save, vacancy_save_named
from tests.factories import district
from tests.matching.scenario import (
    BACKEND,
    NURSE_ASSISTANT,
    OTHER_VALID,
    TODAY,
    VALID,
    a_fair,
    person,
    registered_employer,
    vacancy,
    values,
)
from tests.participants.scenarios import context, enrol, refer

pytestmark = pytest.mark.django_db


def test_a_matcher_registers_an_employer_with_a_valid_number(staff):
    employer = employer_create(
        actor=staff.matcher_sydost,
        name=" Bygg AB ",
        kind=EmployerKind.COMPANY,
        organisation_number=VALID,
    )
    assert employer.organisation_number == "5560160680"
    assert employer.name == "Bygg AB"
    assert employer.created_by == staff.matcher_sydost


def test_a_wrong_check_digit_is_refused_and_nothing_is_written(staff, english):
    with pytest.raises(ValidationFailed) as refused:
        employer_create(
            actor=staff.matcher_sydost, name="Bygg AB", organisation_number="556016-0681"
        )
    assert "check the last digit" in refused.value.errors["organisation_number"][0]
    assert not Employer.objects.exists()


def test_a_duplicate_organisation_number_is_refused(staff, english):
    employer_create(actor=staff.matcher_sydost, name="Bygg AB", organisation_number=VALID)
    with pytest.raises(ValidationFailed) as refused:
        employer_create(
            actor=staff.manager_jarva, name="Bygg AB igen", organisation_number="5560160680"
        )
    assert (
        "Bygg AB already has organisation number" in refused.value.errors["organisation_number"][0]
    )
    assert Employer.objects.count() == 1


def test_an_update_may_not_take_another_employers_number(staff, english):
    employer_create(actor=staff.matcher_sydost, name="A", organisation_number=VALID)
    b = employer_create(actor=staff.matcher_sydost, name="B", organisation_number=OTHER_VALID)
    with pytest.raises(ValidationFailed):
        employer_update(actor=staff.matcher_sydost, employer=b, organisation_number=VALID)
    b.refresh_from_db()
    assert b.organisation_number == OTHER_VALID
    updated = employer_update(
        actor=staff.manager_jarva, employer=b, kind=EmployerKind.STAFFING_FIRM, industry="Bemanning"
    )
    assert (updated.kind, updated.industry) == (EmployerKind.STAFFING_FIRM, "Bemanning")


def test_a_name_is_needed(staff):
    with pytest.raises(ValidationFailed) as refused:
        employer_create(actor=staff.matcher_sydost, name="  ")
    assert "name" in refused.value.errors


@pytest.mark.parametrize("who", ["coach_sydost", "officer_farsta", "provider_staff", "analyst"])
def test_only_matchers_and_managers_write(staff, who):
    with pytest.raises(NotAllowed):
        employer_create(actor=getattr(staff, who), name="Bygg AB")
    assert not Employer.objects.exists()


def test_a_contact_needs_a_subject_and_a_past_date(staff, english):
    employer = registered_employer(staff)
    with pytest.raises(ValidationFailed) as refused:
        employer_contact_record(
            actor=staff.matcher_sydost,
            employer=employer,
            contacted_on=timezone.localdate() + dt.timedelta(days=1),
            channel="pigeon",
            subject=" ",
        )
    assert set(refused.value.errors) == {"contacted_on", "channel", "subject"}
    assert not EmployerContact.objects.exists()


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


@pytest.mark.usefixtures("english")
def test_bad_fair_input_is_refused(staff):
    with pytest.raises(ValidationFailed) as refused:
        a_fair(staff, name=" ", occupations=[])
    assert {"name", "occupations"} <= set(refused.value.errors)


@pytest.mark.usefixtures("english")
def test_an_outcome_needs_the_person_to_have_come(staff):
    fair = a_fair(staff)
    invitation = fair_invite(context(staff.matcher_sydost), fair, person(staff))
    with pytest.raises(ValidationFailed, match="have come"):
        invitation_update(
            context(staff.matcher_sydost), invitation, status="invited", outcome="interview"
        )


@pytest.mark.usefixtures("english")
def test_the_same_person_is_invited_once(staff):
    fair = a_fair(staff)
    referral = person(staff)
    fair_invite(context(staff.matcher_sydost), fair, referral)
    with pytest.raises(ValidationFailed, match="already invited"):
        fair_invite(context(staff.matcher_sydost), fair, referral)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("username", ["coach_sydost", "officer_farsta", "provider_staff"])
def test_only_matchers_and_managers_organise(staff, username):
    with pytest.raises(NotAllowed):
        fair_create(
            context(getattr(staff, username)),
            name="x",
            held_on=TODAY,
            place="y",
            occupations=[Occupation.objects.first()],
            employers=[],
        )


@pytest.mark.usefixtures("english")
def test_the_coach_saves_a_profile_resolved_against_the_taxonomy(staff):
    referral = person(staff, experience=[f"{NURSE_ASSISTANT}; 3"], skills=["A-truckar"])
    profile = referral.matching_profile
    assert [o.ssyk_code for o in profile.wanted_occupations.all()] == ["5321"]
    assert profile.experience.get().years == 3
    entry = AuditEntry.objects.filter(action="matching_profile.updated").latest("id")
    assert entry.changes["after"]["wanted_occupations"] == [NURSE_ASSISTANT]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"wanted_occupations": ["Rymdpilot"]}, "wanted_occupations", "not in the taxonomy"),
        (
            {"wanted_occupations": ["Undersköterska hemtjänst äldreboende"]},
            "wanted_occupations",
            "Did you mean",
        ),
        ({"experience": ["Snickare"]}, "experience", "semicolon"),
        ({"experience": ["Snickare; många"]}, "experience", "from 0 to 60"),
        ({"licences": ["Z"]}, "licences", "Unknown driving licence"),
        ({"extent": "sometimes"}, "extent", "how much"),
        ({"travel_districts": ["atlantis"]}, "travel_districts", "from the list"),
    ],
)
def test_a_bad_profile_is_refused_with_the_reason_and_nothing_is_saved(
    staff, changes, field, words
):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    with pytest.raises(ValidationFailed) as refused:
        profile_update(
            context(staff.coach_sydost),
            referral=referral,
            based_on_version=1,
            values=values(**changes),
        )
    assert words in " ".join(refused.value.errors[field])
    assert not hasattr(referral, "matching_profile") or referral.matching_profile.pk is None


@pytest.mark.usefixtures("english")
def test_a_stale_profile_save_is_refused(staff):
    referral = person(staff)
    with pytest.raises(ValidationFailed, match="Someone else saved"):
        profile_update(
            context(staff.coach_sydost), referral=referral, based_on_version=1, values=values()
        )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("username", ["matcher_sydost", "coach_jarva", "officer_farsta"])
def test_only_the_coach_or_manager_of_the_persons_jobbtorg_changes_the_profile(staff, username):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    with pytest.raises(NotAllowed):
        profile_update(
            context(getattr(staff, username)),
            referral=referral,
            based_on_version=1,
            values=values(),
        )


@pytest.mark.usefixtures("english")
def test_not_hired_needs_a_reason(staff):
    referral = person(staff)
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=vacancy(), referral=referral)
    proposal_agree(context(staff.coach_sydost), proposal, person_agrees=True, shared_fields=[])
    proposal_send(context(staff.matcher_sydost), proposal)
    with pytest.raises(ValidationFailed) as refused:
        proposal_outcome(context(staff.matcher_sydost), proposal, hired=False, reason=" ")
    assert "reason" in refused.value.errors
    proposal_outcome(
        context(staff.matcher_sydost), proposal, hired=False, reason="Valde en annan sökande"
    )
    assert Proposal.objects.get().outcome_reason == "Valde en annan sökande"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("username", ["coach_sydost", "officer_farsta", "provider_staff"])
def test_only_matchers_and_managers_propose(staff, username):
    with pytest.raises(NotAllowed):
        proposal_create(
            context(getattr(staff, username)), vacancy=vacancy(), referral=person(staff)
        )


@pytest.mark.usefixtures("english")
def test_an_unavailable_person_or_a_closed_vacancy_cannot_be_proposed(staff):
    referral = person(staff)
    closed = vacancy(status="closed")
    with pytest.raises(ValidationFailed, match="no longer open"):
        proposal_create(context(staff.matcher_sydost), vacancy=closed, referral=referral)
    fresh = enrol(refer(staff.officer_farsta, first_name="Ny"), staff.coach_sydost)
    fresh.stage = "exited"
    fresh.save()
    with pytest.raises(ValidationFailed, match="not available"):
        proposal_create(context(staff.matcher_sydost), vacancy=vacancy(), referral=fresh)
