"""The demo data of `make run` (`jobbtorg load_demo`)."""

import io

import pytest
from django.core.management import CommandError, call_command

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.roles import Role
from jobbtorg.demo.data import DEMO_STAGES, DEMO_TEAMS, DEMO_USERS
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import Participant, Referral

pytestmark = pytest.mark.django_db


def test_load_demo_gives_one_account_per_role_and_can_run_twice_without_duplicates():
    call_command("load_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Participant.objects.count(), AuditEntry.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (User.objects.count(), Participant.objects.count(), AuditEntry.objects.count()) == counts
    assert counts[0] == len(DEMO_USERS) and counts[1] == len(DEMO_TEAMS) * len(DEMO_STAGES)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    demo_coach = User.objects.get(username="coach")
    assert demo_coach.check_password("jobbtorg-demo")


def test_load_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_the_demo_people_were_referred_through_the_audited_services():
    call_command("load_demo", stdout=io.StringIO())
    people = Participant.objects.count()
    assert AuditEntry.objects.filter(action="participant.created").count() == people
    assert AuditEntry.objects.filter(action="referral.created").count() == people


def test_the_demo_shows_every_stage_at_every_jobbtorg():
    from jobbtorg.plans.deadlines import case_deadlines

    call_command("load_demo", stdout=io.StringIO())
    for centre in ("sydost", "sydvast", "innerstaden", "vasterort", "jarva"):
        cases = list(Referral.objects.filter(job_centre__slug=centre))
        stages = {case.stage for case in cases}
        assert stages == {"referred", "enrolled", "exited"}, centre
        assert (
            sum(1 for c in cases if c.stage == "referred" and not hasattr(c, "first_meeting_slot"))
            == 1
        )
        kinds = {item.kind for case in cases for item in case_deadlines(case).items}
        assert {"plan_due", "participation_limit", "review_due", "follow_up_due"} <= kinds, centre
        assert any(c.plan_versions.filter(status="awaiting_approval").exists() for c in cases)
        assert any(c.interruptions.filter(end__isnull=True).exists() for c in cases)
        assert {c.exit.reason for c in cases if c.stage == "exited"} == {"work", "studies"}


def test_the_demo_provider_sees_its_participants_in_the_portal():
    from jobbtorg.providers.selectors import participations_visible_to

    call_command("load_demo", stdout=io.StringIO())
    assert participations_visible_to(User.objects.get(username="anordnare")).exists()
