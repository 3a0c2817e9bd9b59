"""The scoping functions of the providers app, role by role, and the reads for display that
log the people they show."""

import pytest

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.providers.models import AttendanceRegister, Provider, ProviderReportKind
from jobbtorg.providers.selectors import (
    participations_visible_to,
    provider_reports_visible_to,
)
from jobbtorg.providers.selectors.attendance import attendance_registers_visible_to
from jobbtorg.providers.selectors.participations import (
    offering_participants_shown,
    offerings_visible_to,
    unread_reports_shown,
)
from tests.factories import UserFactory
from tests.offering import offering_at, place, report
from tests.participants.factories import ReferralFactory
from tests.participants.scenarios import context

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(staff):
    """A Farsta person's case at Sydost, placed with the provider staff's provider in an
    offering made at Sydost, with one start report and one attendance register."""
    provider = staff.provider_staff.provider
    case = ReferralFactory(enrolled=True)
    participation = place(case, offering_at(provider), staff.coach_sydost)
    report(
        participation, staff.provider_staff, ProviderReportKind.START, participation.planned_start
    )
    AttendanceRegister.objects.create(
        participation=participation,
        day=participation.planned_start,
        status="present",
        registered_by=staff.provider_staff,
    )
    participation.refresh_from_db()
    return participation


# Who sees the participation, its reports and its registers.
SEES = {
    "coach_sydost": True,
    "matcher_sydost": True,
    "manager_sydost": True,
    "coach_jarva": False,
    "manager_jarva": False,
    "officer_farsta": True,
    "officer_skarpnack": False,
    "provider_staff": True,
    "analyst": False,
    "administrator": False,
}


@pytest.mark.parametrize(("who", "sees"), sorted(SEES.items()))
def test_each_role_sees_the_participation_its_reports_and_registers_or_none(
    staff, reported, who, sees
):
    user = getattr(staff, who)
    assert participations_visible_to(user).filter(pk=reported.pk).exists() is sees
    assert provider_reports_visible_to(user).filter(participation=reported).exists() is sees
    assert attendance_registers_visible_to(user).filter(participation=reported).exists() is sees


def test_another_providers_staff_see_no_report_nor_register(staff, reported):
    other = UserFactory(
        role="provider_staff", provider=Provider.objects.create(slug="annan", name="Annan")
    )
    assert not provider_reports_visible_to(other).exists()
    assert not attendance_registers_visible_to(other).exists()


def test_the_unread_reports_of_min_dag_are_the_coachs_own_and_are_logged(staff, reported):
    ctx = context(staff.coach_sydost)
    reports = unread_reports_shown(ctx)
    assert [r.participation for r in reports] == [reported]
    listed = AuditEntry.objects.filter(
        action=AuditAction.PARTICIPANT_LISTED, actor=staff.coach_sydost
    )
    assert [e.participant for e in listed] == [reported.referral.participant]
    assert unread_reports_shown(context(staff.coach_jarva)) == []


def test_the_offering_list_is_the_jobbtorgs_own_and_its_people_are_logged(staff, reported):
    offering = reported.offering
    assert list(offerings_visible_to(staff.coach_sydost)) == [offering]
    assert not offerings_visible_to(staff.coach_jarva).exists()
    assert not offerings_visible_to(staff.provider_staff).exists()
    shown = offering_participants_shown(context(staff.manager_sydost), offering)
    assert shown == [reported]
    assert AuditEntry.objects.filter(
        action=AuditAction.PARTICIPANT_LISTED,
        actor=staff.manager_sydost,
        participant=reported.referral.participant,
    ).exists()
