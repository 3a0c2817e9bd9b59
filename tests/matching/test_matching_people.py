"""The person's side of matching (R24): the matching profile, the adapter that feeds the engine
(fair: no protected ground reaches it), candidates from every Jobbtorg with only the matching
profile, and the workflow from proposal to hire, exit and placement follow-ups."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.matching import feed
from jobbtorg.matching.models import (
    Employer,
    Occupation,
    PlacementFollowUp,
    Proposal,
    Vacancy,
    VacancyKind,
    VacancyLanguage,
)
from jobbtorg.matching.profiles import ProfileValues, profile_update
from jobbtorg.matching.proposals import (
    follow_up_done,
    proposal_agree,
    proposal_create,
    proposal_interview,
    proposal_outcome,
    proposal_send,
)
from jobbtorg.participants.models import HealthEntry
from jobbtorg.participants.services.interruptions import interruption_start
from tests.conftest import client_for
from tests.participants.scenarios import context, enrol, refer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()
# An occupation name of SSYK 5321 (undersköterskor, hemtjänst …).
NURSE_ASSISTANT = "Undersköterska, hemtjänst, äldreboende och habilitering"


def values(**changes) -> ProfileValues:
    base = {
        "wanted_occupations": [NURSE_ASSISTANT],
        "experience": [],
        "skills": [],
        "languages": [],
        "swedish_level": "intermediate",
        "licences": ["B"],
        "education_level": "",
        "travel_districts": [],
        "extent": "any",
    }
    return ProfileValues(**(base | changes))


def person(staff, n=1, coach=None, officer=None, **changes):
    coach = coach or staff.coach_sydost
    referral = enrol(
        refer(officer or staff.officer_farsta, first_name=f"Kandidat{n}", last_name="Test"),
        coach,
    )
    profile_update(context(coach), referral=referral, based_on_version=1, values=values(**changes))
    return referral


def vacancy(ssyk_label=NURSE_ASSISTANT, kind=VacancyKind.JOB, district="farsta", **fields):
    from jobbtorg.organisation.models import District

    employer, _ = Employer.objects.get_or_create(name="Omsorg AB")
    return Vacancy.objects.create(
        kind=kind,
        employer=employer,
        headline="Undersköterska till hemtjänsten",
        occupation=Occupation.objects.get(label_sv=ssyk_label),
        district=District.objects.get(slug=district),
        **({"supervisor_name": "Stina", "capacity": 2} if kind == VacancyKind.PLACEMENT else {})
        | fields,
    )


# The profile


def test_the_coach_saves_a_profile_resolved_against_the_taxonomy(staff):
    referral = person(staff, experience=[f"{NURSE_ASSISTANT}; 3"], skills=["A-truckar"])
    profile = referral.matching_profile
    assert [o.ssyk_code for o in profile.wanted_occupations.all()] == ["5321"]
    assert profile.experience.get().years == 3
    entry = AuditEntry.objects.filter(action="matching_profile.updated").latest("id")
    assert entry.changes["after"]["wanted_occupations"] == [NURSE_ASSISTANT]


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


def test_a_stale_profile_save_is_refused(staff):
    referral = person(staff)
    with pytest.raises(ValidationFailed, match="Someone else saved"):
        profile_update(
            context(staff.coach_sydost), referral=referral, based_on_version=1, values=values()
        )


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


# The adapter and fairness


def test_the_engine_never_receives_a_protected_ground(staff):
    referral = person(staff, skills=["A-truckar"], languages=["Arabiska"])
    job = vacancy()
    before_features = feed.people_features([referral.pk])
    before = feed.city_index().score(str(referral.pk), str(job.pk)).score

    participant = referral.participant
    participant.birth_date = dt.date(1955, 3, 3)  # age
    participant.first_name, participant.last_name = "Mohammed", "Al-Hassan"  # origin proxy
    participant.interpreter_language = "somaliska"
    participant.is_coordination_number = True
    participant.save()
    HealthEntry.objects.create(referral=referral, text="Ryggbesvär", written_by=staff.coach_sydost)
    referral.assessment.obstacles = "Funktionsnedsättning: nedsatt hörsel"
    referral.assessment.save()

    assert feed.people_features([referral.pk]) == before_features
    assert feed.city_index().score(str(referral.pk), str(job.pk)).score == before


def test_an_interrupted_person_is_not_suggested(staff):
    referral = person(staff)
    job = vacancy()
    assert [m.person_ref for m in feed.city_index().best_people(str(job.pk))] == [str(referral.pk)]
    interruption_start(
        actor=staff.coach_sydost,
        audit_context=context(staff.coach_sydost),
        referral=referral,
        reason="illness",
        start=TODAY,
    )
    assert feed.city_index().best_people(str(job.pk)) == []


def test_swedish_at_intermediate_level_meets_a_required_swedish(staff):
    speaks = person(staff, 1, swedish_level="intermediate")
    beginner = person(staff, 2, swedish_level="basic")
    job = vacancy()
    from jobbtorg.matching.models import Language

    VacancyLanguage.objects.create(
        vacancy=job,
        language=Language.objects.get(concept_id=feed.SWEDISH_CONCEPT_ID),
        required=True,
    )
    Vacancy.objects.filter(pk=job.pk).update(updated_at=timezone.now())
    found = [m.person_ref for m in feed.city_index().best_people(str(job.pk))]
    assert found == [str(speaks.pk)]
    assert str(beginner.pk) not in found


# Candidates from every Jobbtorg


def test_a_matcher_sees_candidates_from_every_jobbtorg_with_the_profile_only(staff):
    here = person(staff, 1)
    there = person(staff, 2, coach=staff.coach_jarva, officer=staff.officer_rinkeby)
    HealthEntry.objects.create(
        referral=there, text="Hemlig hälsonotering", written_by=staff.coach_jarva
    )
    job = vacancy()
    page = client_for(staff.matcher_sydost, language="en").get(
        reverse("matching_people:candidates", args=[job.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kandidat1 Test" in html and "Kandidat2 Test" in html
    assert "Järva" in html
    assert "Hemlig hälsonotering" not in html
    assert there.participant.personal_identity_number_display not in html
    listed = AuditEntry.objects.filter(action="matching.candidates_suggested")
    assert {e.participant_id for e in listed} == {here.participant_id, there.participant_id}


@pytest.mark.parametrize(
    ("username", "status"),
    [("coach_sydost", 403), ("officer_farsta", 403), ("provider_staff", 403), ("analyst", 403)],
)
def test_only_matchers_and_managers_see_candidates(staff, username, status):
    job = vacancy()
    url = reverse("matching_people:candidates", args=[job.pk])
    assert client_for(getattr(staff, username)).get(url).status_code == status


# The workflow


def test_from_proposal_to_hire_with_consent_sharing_and_the_exit(staff):
    referral = person(staff)
    job = vacancy()
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=job, referral=referral)
    with pytest.raises(ValidationFailed, match="cannot be taken now"):
        proposal_send(context(staff.matcher_sydost), proposal)  # not agreed yet
    with pytest.raises(NotAllowed):
        proposal_agree(
            context(staff.matcher_sydost), proposal, person_agrees=True, shared_fields=[]
        )
    proposal_agree(
        context(staff.coach_sydost), proposal, person_agrees=True, shared_fields=["skills"]
    )
    proposal_send(context(staff.matcher_sydost), proposal)

    printed = client_for(staff.matcher_sydost, language="en").get(
        reverse("matching_people:employer_profile", args=[proposal.pk])
    )
    html = printed.content.decode()
    assert "Kandidat1 Test" in html
    assert referral.participant.phone not in html or not referral.participant.phone
    assert "Wanted occupations" not in html  # not agreed to
    proposal_interview(context(staff.matcher_sydost), proposal, on=TODAY)
    proposal_outcome(context(staff.matcher_sydost), proposal, hired=True)
    job.refresh_from_db()
    assert job.status == "filled"
    exit_page = client_for(staff.coach_sydost).get(
        reverse("web:participant_exit", args=[referral.participant_id]),
        {"anstallning": str(proposal.pk)},
    )
    assert 'value="Omsorg AB"' in exit_page.content.decode()
    assert AuditEntry.objects.filter(action="proposal.profile_shared").exists()


def test_a_person_who_does_not_agree_is_never_sent(staff):
    referral = person(staff)
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=vacancy(), referral=referral)
    proposal_agree(context(staff.coach_sydost), proposal, person_agrees=False, shared_fields=[])
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    with pytest.raises(ValidationFailed):
        proposal_send(context(staff.matcher_sydost), proposal)
    response = client_for(staff.matcher_sydost).get(
        reverse("matching_people:employer_profile", args=[proposal.pk])
    )
    assert response.status_code == 403


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


def test_a_placement_hire_schedules_supervisor_contacts_on_the_matchers_list(staff):
    referral = person(staff)
    placement = vacancy(kind=VacancyKind.PLACEMENT, starts_on=TODAY - dt.timedelta(days=10))
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=placement, referral=referral)
    proposal_agree(context(staff.coach_sydost), proposal, person_agrees=True, shared_fields=[])
    proposal_send(context(staff.matcher_sydost), proposal)
    proposal_outcome(context(staff.matcher_sydost), proposal, hired=True)
    due = sorted(PlacementFollowUp.objects.values_list("due_on", flat=True))
    assert due == [TODAY + dt.timedelta(days=d) for d in (7, 30, 90)]
    PlacementFollowUp.objects.filter(due_on=TODAY + dt.timedelta(days=7)).update(due_on=TODAY)
    todo = client_for(staff.matcher_sydost, language="en").get(reverse("matching_people:todo"))
    assert "Kandidat1 Test, Omsorg AB" in todo.content.decode()
    first = PlacementFollowUp.objects.get(due_on=TODAY)
    with pytest.raises(ValidationFailed):
        follow_up_done(context(staff.matcher_sydost), first, done_on=TODAY, note="")
    follow_up_done(context(staff.matcher_sydost), first, done_on=TODAY, note="Går bra")
    assert (
        "Kandidat1 Test, Omsorg AB"
        not in client_for(staff.matcher_sydost, language="en")
        .get(reverse("matching_people:todo"))
        .content.decode()
    )


@pytest.mark.parametrize("username", ["coach_sydost", "officer_farsta", "provider_staff"])
def test_only_matchers_and_managers_propose(staff, username):
    with pytest.raises(NotAllowed):
        proposal_create(
            context(getattr(staff, username)), vacancy=vacancy(), referral=person(staff)
        )


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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_production_a_change_is_picked_up_by_a_background_rebuild(staff, settings):
    """The page answers from the index it has while the rebuild runs, then from the new one."""
    import time

    settings.JOBBTORG_MATCHING_REBUILD = "background"
    referral = person(staff, 1)
    job = vacancy()
    feed._cache = None
    assert [m.person_ref for m in feed.city_index().best_people(str(job.pk))] == [str(referral.pk)]
    second = person(staff, 2)
    # At once: still the index it had.
    assert [m.person_ref for m in feed.city_index().best_people(str(job.pk))] == [str(referral.pk)]
    for _ in range(100):
        if not feed._rebuilding.is_set():
            break
        time.sleep(0.05)
    found = {m.person_ref for m in feed.city_index().best_people(str(job.pk))}
    assert found == {str(referral.pk), str(second.pk)}
