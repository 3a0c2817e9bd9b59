"""The demo data of `make run` (`jobbtorg load_demo`)."""

import io

import pytest
from django.core.management import CommandError, call_command

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.roles import Role
from jobbtorg.demo.cases import demo_people_count
from jobbtorg.demo.data import DEMO_USERS
from jobbtorg.demo.history import history_people_count
from jobbtorg.followup.models import IndicatorTarget
from jobbtorg.lex_sarah.models import InvestigationVersion, OfficerDesignation, Report
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import (
    CaseMessage,
    DistrictEvent,
    MessageThread,
    Participant,
    Referral,
)
from jobbtorg.payments.models import PaymentRun
from jobbtorg.plans.models import PlanVersion
from jobbtorg.providers.models import ActivityParticipation, AttendanceRegister
from jobbtorg.transfer.models import AssistanceMonth, ImportRun

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            Participant,
            AuditEntry,
            DistrictEvent,
            PlanVersion,
            ActivityParticipation,
            AssistanceMonth,
            PaymentRun,
            IndicatorTarget,
            ImportRun,
            MessageThread,
            CaseMessage,
            AttendanceRegister,
            Report,
            InvestigationVersion,
            OfficerDesignation,
        )
    }


def test_load_demo_gives_one_account_per_role_and_can_run_twice_without_duplicates():
    call_command("load_demo", stdout=io.StringIO())
    counts = _counts()
    times = sorted(DistrictEvent.objects.values_list("occurred_at", flat=True))
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == counts
    assert sorted(DistrictEvent.objects.values_list("occurred_at", flat=True)) == times
    assert counts["User"] == len(DEMO_USERS)
    assert counts["Participant"] == demo_people_count() + history_people_count()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    demo_coach = User.objects.get(username="coach")
    assert demo_coach.check_password("jobbtorg-demo")


def test_load_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_the_demo_people_were_referred_through_the_audited_services(demo):
    people = Participant.objects.count()
    assert AuditEntry.objects.filter(action="participant.created").count() == people
    assert AuditEntry.objects.filter(action="referral.created").count() == people


def test_the_demo_shows_every_stage_at_every_jobbtorg(demo):
    from jobbtorg.plans.deadlines import case_deadlines

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
        assert {c.exit.reason for c in cases if c.stage == "exited"} >= {"work", "studies"}


def test_the_demo_provider_sees_its_participants_in_the_portal(demo):
    from jobbtorg.providers.selectors import participations_visible_to

    assert participations_visible_to(User.objects.get(username="anordnare")).exists()


def test_the_demo_shows_lex_sarah_at_every_step(demo):
    """A report just received, a serious one escalated, a closed one with a measure due, one
    only the city-wide officer sees; the manager at Sydost and `lexsarah` designated."""
    import datetime as dt

    from django.utils import timezone

    from jobbtorg.lex_sarah.selectors import officer_inbox, reports_visible_to

    today = timezone.localdate()
    chef, city = User.objects.get(username="chef"), User.objects.get(username="lexsarah")
    inbox = officer_inbox(chef, today)
    assert (inbox.received, inbox.investigating, inbox.measures_due) == (1, 1, 1)
    assert [due.working_days for due in inbox.ivo_overdue] == [3]
    assert reports_visible_to(city).count() == reports_visible_to(chef).count() + 1 == 4
    assert all(r.reported_at.date() <= today + dt.timedelta(days=1) for r in Report.objects.all())
