"""The reads of matching: the employers' search and contact warning, the scoping functions, the
feed that gives the engine what it may know of people (no protected ground), and the read-audit."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.matching import feed, index_store
from jobbtorg.matching.models import (
    PlacementFollowUp,
    Vacancy,
    VacancyLanguage,
)
from jobbtorg.matching.selectors.employers import recent_contacts
from jobbtorg.matching.selectors.fairs import fair_invitations_visible_to
from jobbtorg.matching.selectors.profiles import (
    employer_profile_shown,
    matching_profile_shown,
    matching_profiles_visible_to,
)
from jobbtorg.matching.selectors.proposals import (
    follow_ups_visible_to,
    proposal_shown,
    proposals_visible_to,
    todo_shown,
    vacancy_proposals_shown,
)
from jobbtorg.matching.services.employers import (
    employer_contact_record,
    employer_create,
)
from jobbtorg.matching.services.fairs import fair_invite
from jobbtorg.matching.services.proposals import proposal_create
from jobbtorg.participants.models import HealthEntry
from tests.audit_reads import people_named
from tests.conftest import client_for
from tests.matching.scenario import (
    TODAY,
    a_fair,
    person,
    registered_employer,
    vacancy,
)
from tests.participants.factories import InterruptionFactory
from tests.participants.scenarios import context

pytestmark = pytest.mark.django_db


def test_contacts_in_the_last_14_days_are_the_warning_newest_first(staff):
    employer = registered_employer(staff)
    today = dt.date(2025, 3, 20)
    for days_ago, subject in [(20, "old"), (14, "edge"), (3, "placement"), (0, "today")]:
        employer_contact_record(
            actor=staff.matcher_sydost,
            employer=employer,
            contacted_on=today - dt.timedelta(days=days_ago),
            channel="phone",
            subject=subject,
            today=today,
        )
    recent = recent_contacts(employer, today)
    assert [r.contact.subject for r in recent] == ["today", "placement", "edge"]
    assert [r.days_ago for r in recent] == [0, 3, 14]


def test_employers_search(staff):
    registered_employer(staff)
    employer_create(actor=staff.matcher_sydost, name="Vård AB", industry="Vård")
    client = client_for(staff.coach_sydost, "en")
    html = client.get("/matchning/arbetsgivare/?q=bygg").content.decode()
    assert "Bygg AB" in html and "Vård AB" not in html
    html = client.get("/matchning/arbetsgivare/?q=556016").content.decode()
    assert "Bygg AB" in html


@pytest.mark.usefixtures("english")
def test_the_engine_never_receives_a_protected_ground(staff):
    referral = person(staff, skills=["A-truckar"], languages=["Arabiska"])
    job = vacancy()
    before_features = feed.people_features([referral.pk])
    before = index_store.city_index().score(str(referral.pk), str(job.pk)).score

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
    assert index_store.city_index().score(str(referral.pk), str(job.pk)).score == before


@pytest.mark.usefixtures("english")
def test_an_interrupted_person_is_not_suggested(staff):
    referral = person(staff)
    job = vacancy()
    assert [m.person_ref for m in index_store.city_index().best_people(str(job.pk))] == [
        str(referral.pk)
    ]
    InterruptionFactory(referral=referral, start=TODAY)
    assert index_store.city_index().best_people(str(job.pk)) == []


@pytest.mark.usefixtures("english")
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
    found = [m.person_ref for m in index_store.city_index().best_people(str(job.pk))]
    assert found == [str(speaks.pk)]
    assert str(beginner.pk) not in found


# Scoping: every model that names a person


def _proposal(staff):
    referral = person(staff)
    return proposal_create(context(staff.matcher_sydost), vacancy=vacancy(), referral=referral)


SCOPE = [
    ("coach_sydost", True),
    ("matcher_sydost", True),
    ("manager_sydost", True),
    ("coach_jarva", False),
    ("officer_farsta", False),
    ("provider_staff", False),
    ("analyst", False),
    ("administrator", False),
]


@pytest.mark.parametrize(("who", "sees"), [*SCOPE[:4], ("manager_jarva", True), *SCOPE[4:]])
def test_who_sees_a_matching_profile(staff, who, sees):
    """The coach side of the person's Jobbtorg, and matchers and managers everywhere (they
    find candidates from every Jobbtorg)."""
    profile = person(staff).matching_profile
    visible = matching_profiles_visible_to(getattr(staff, who))
    assert visible.filter(pk=profile.pk).exists() is sees


@pytest.mark.parametrize(("who", "sees"), [*SCOPE, ("manager_jarva", False)])
def test_who_sees_a_proposal_and_its_supervisor_contacts(staff, who, sees):
    proposal = _proposal(staff)
    follow_up = PlacementFollowUp.objects.create(proposal=proposal, due_on=TODAY)
    user = getattr(staff, who)
    assert proposals_visible_to(user).filter(pk=proposal.pk).exists() is sees
    assert follow_ups_visible_to(user).filter(pk=follow_up.pk).exists() is sees


@pytest.mark.parametrize(("who", "sees"), [*SCOPE[:3], ("coach_jarva", True), *SCOPE[4:]])
def test_who_sees_a_fair_invitation(staff, who, sees):
    """Fairs are shared by every Jobbtorg (R23)."""
    fair = a_fair(staff)
    invitation = fair_invite(context(staff.matcher_sydost), fair, person(staff))
    visible = fair_invitations_visible_to(getattr(staff, who))
    assert visible.filter(pk=invitation.pk).exists() is sees


# The read-audit is written by the read


def _mark():
    """The entries written so far (the log is append-only): a test counts only later ones."""
    return set(AuditEntry.objects.values_list("pk", flat=True))


def _entries(action, before):
    since = set(AuditEntry.objects.values_list("pk", flat=True)) - before
    return people_named(action, pk__in=since)


def test_the_proposals_of_a_vacancy_log_each_person_listed(staff):
    proposal = _proposal(staff)
    before = _mark()
    shown = vacancy_proposals_shown(context(staff.coach_sydost), proposal.vacancy)
    assert shown == [proposal]
    assert _entries("participant.listed", before) == [proposal.referral.participant_id]
    before = _mark()
    assert vacancy_proposals_shown(context(staff.coach_jarva), proposal.vacancy) == []
    assert _entries("participant.listed", before) == []


def test_a_proposal_shown_logs_the_person_viewed(staff):
    proposal = _proposal(staff)
    before = _mark()
    shown = proposal_shown(context(staff.matcher_sydost), proposal)
    assert [e.status for e in shown["events"]] == ["proposed"]
    assert _entries("participant.viewed", before) == [proposal.referral.participant_id]


def test_the_to_do_list_logs_everyone_on_it_in_one_read(staff):
    proposal = _proposal(staff)
    before = _mark()
    lists = todo_shown(context(staff.coach_sydost))
    assert lists["to_agree"] == [proposal]
    assert "to_send" not in lists
    assert _entries("participant.listed", before) == [proposal.referral.participant_id]


def test_the_employer_profile_is_not_shown_before_the_person_agrees(staff):
    proposal = _proposal(staff)
    before = _mark()
    assert employer_profile_shown(context(staff.matcher_sydost), proposal) is None
    assert _mark() == before


def test_a_matching_profile_shown_logs_the_profile_viewed(staff):
    referral = person(staff)
    before = _mark()
    shown = matching_profile_shown(context(staff.coach_sydost), referral.participant, referral, 5)
    assert shown["profile"] == referral.matching_profile
    assert _entries("matching_profile.viewed", before) == [referral.participant_id]
