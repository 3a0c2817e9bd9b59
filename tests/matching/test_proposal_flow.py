"""The whole path of a proposal (R24): from proposal to hire with consent sharing and the exit,
a person who does not agree, and a placement's supervisor contacts on the matcher's list."""

import datetime as dt

import pytest
from django.urls import reverse

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.matching.models import (
    PlacementFollowUp,
)
from jobbtorg.matching.services.proposals import (
    follow_up_done,
    proposal_agree,
    proposal_create,
    proposal_interview,
    proposal_outcome,
    proposal_send,
)
from tests.conftest import client_for
from tests.matching.scenario import (
    TODAY,
    person,
    placement_hire,
    vacancy,
)
from tests.participants.scenarios import context

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("english")
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
        reverse("matching:employer_profile", args=[proposal.pk])
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


@pytest.mark.usefixtures("english")
def test_a_person_who_does_not_agree_is_never_sent(staff):
    referral = person(staff)
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=vacancy(), referral=referral)
    proposal_agree(context(staff.coach_sydost), proposal, person_agrees=False, shared_fields=[])
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    with pytest.raises(ValidationFailed):
        proposal_send(context(staff.matcher_sydost), proposal)
    response = client_for(staff.matcher_sydost).get(
        reverse("matching:employer_profile", args=[proposal.pk])
    )
    assert response.status_code == 403


@pytest.mark.usefixtures("english")
def test_a_placement_hire_schedules_supervisor_contacts_on_the_matchers_list(staff):
    placement_hire(staff)
    due = sorted(PlacementFollowUp.objects.values_list("due_on", flat=True))
    assert due == [TODAY + dt.timedelta(days=d) for d in (7, 30, 90)]
    PlacementFollowUp.objects.filter(due_on=TODAY + dt.timedelta(days=7)).update(due_on=TODAY)
    todo = client_for(staff.matcher_sydost, language="en").get(reverse("matching:todo"))
    assert "Kandidat1 Test, Omsorg AB" in todo.content.decode()
    first = PlacementFollowUp.objects.get(due_on=TODAY)
    with pytest.raises(ValidationFailed):
        follow_up_done(context(staff.matcher_sydost), first, done_on=TODAY, note="")
    follow_up_done(context(staff.matcher_sydost), first, done_on=TODAY, note="Går bra")
    assert (
        "Kandidat1 Test, Omsorg AB"
        not in client_for(staff.matcher_sydost, language="en")
        .get(reverse("matching:todo"))
        .content.decode()
    )
