"""Recruitment fairs (R21, R23): suggestions from every Jobbtorg, invitations, attendance and
what came of it, in the fair's figures."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.matching.fairs import fair_create, fair_invite, fairs_visible_to, invitation_update
from jobbtorg.matching.models import Occupation
from tests.conftest import client_for
from tests.matching.test_matching_people import NURSE_ASSISTANT, person
from tests.participants.scenarios import context

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


def a_fair(staff, **changes):
    arguments = {
        "name": "Vårdmässan",
        "held_on": TODAY + dt.timedelta(days=14),
        "place": "Kulturhuset",
        "occupations": [Occupation.objects.get(label_sv=NURSE_ASSISTANT)],
        "employers": [],
    } | changes
    return fair_create(context(staff.matcher_sydost), **arguments)


def test_the_engine_suggests_people_from_every_jobbtorg_and_the_figures_follow(staff):
    here = person(staff, 1)
    there = person(staff, 2, coach=staff.coach_jarva, officer=staff.officer_rinkeby)
    person(staff, 3, wanted_occupations=["Backend-utvecklare"])  # SSYK 2512: far from 5321
    fair = a_fair(staff)
    page = client_for(staff.matcher_sydost, language="en").get(
        reverse("fairs:detail", args=[fair.pk])
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


def test_bad_fair_input_is_refused(staff):
    with pytest.raises(ValidationFailed) as refused:
        a_fair(staff, name=" ", occupations=[])
    assert {"name", "occupations"} <= set(refused.value.errors)


def test_an_outcome_needs_the_person_to_have_come(staff):
    fair = a_fair(staff)
    invitation = fair_invite(context(staff.matcher_sydost), fair, person(staff))
    with pytest.raises(ValidationFailed, match="have come"):
        invitation_update(
            context(staff.matcher_sydost), invitation, status="invited", outcome="interview"
        )


def test_the_same_person_is_invited_once(staff):
    fair = a_fair(staff)
    referral = person(staff)
    fair_invite(context(staff.matcher_sydost), fair, referral)
    with pytest.raises(ValidationFailed, match="already invited"):
        fair_invite(context(staff.matcher_sydost), fair, referral)


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


@pytest.mark.parametrize(
    ("username", "status"),
    [("coach_sydost", 200), ("officer_farsta", 403), ("provider_staff", 403), ("analyst", 403)],
)
def test_who_sees_the_fairs(staff, username, status):
    assert client_for(getattr(staff, username)).get(reverse("fairs:list")).status_code == status


def test_a_fair_is_created_on_the_page(staff):
    response = client_for(staff.matcher_sydost, language="en").post(
        reverse("fairs:list"),
        {
            "name": "Lagermässan",
            "held_on": TODAY.isoformat(),
            "place": "Älvsjömässan",
            "occupations": "Rymdpilot",
        },
    )
    assert response.status_code == 200
    assert "not in the taxonomy" in response.content.decode()


def test_the_page_invites_only_people_the_user_may_see_or_the_engine_may_suggest(staff):
    from tests.participants.scenarios import enrol, refer

    fair = a_fair(staff)
    # Served at Järva, no matching profile: not a candidate, not the Sydost matcher's case.
    hidden = enrol(refer(staff.officer_rinkeby, first_name="Dold"), staff.coach_jarva)
    client = client_for(staff.matcher_sydost)
    url = reverse("fairs:detail", args=[fair.pk])
    response = client.post(url, {"action": "invite", "referral": str(hidden.pk)})
    assert response.status_code == 404
    assert not fair.invitations.exists()
    assert client.post(url, {"action": "invite", "referral": "not-an-id"}).status_code == 404
    suggested = person(staff, 9, coach=staff.coach_jarva, officer=staff.officer_rinkeby)
    assert client.post(url, {"action": "invite", "referral": str(suggested.pk)}).status_code == 302
    assert fair.invitations.get().referral == suggested
