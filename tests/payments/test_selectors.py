"""The scoping of payment runs and their lines, and the run page's read that logs the people
on it."""

import pytest
from django.http import Http404

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.payments.selectors import (
    payment_run_get,
    payment_run_lines_visible_to,
    payment_run_shown,
    payment_runs_visible_to,
)
from jobbtorg.payments.services import payment_run_preview
from tests.audit_reads import people_named
from tests.participants.scenarios import context
from tests.payments.runs import month, started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SEES = {
    "coach_sydost": False,
    "matcher_sydost": False,
    "manager_sydost": True,
    "manager_jarva": True,
    "officer_farsta": False,
    "provider_staff": False,
    "analyst": False,
    "administrator": True,
}


@pytest.fixture
def run(staff, offering):  # noqa: F811
    started(staff, offering, on=month(-1))
    return payment_run_preview(context(staff.manager_sydost), f"{month(0):%Y-%m}")


@pytest.mark.parametrize(("who", "sees"), sorted(SEES.items()))
def test_runs_and_their_lines_are_seen_by_managers_and_administrators_only(staff, run, who, sees):
    user = getattr(staff, who)
    assert payment_runs_visible_to(user).filter(pk=run.pk).exists() is sees
    assert payment_run_lines_visible_to(user).filter(run=run).exists() is sees
    if not sees:
        with pytest.raises(Http404):
            payment_run_get(user, run.pk)


def test_showing_a_run_logs_every_person_on_it(staff, run):
    shown = payment_run_shown(context(staff.administrator), run.pk)
    people = {
        shown_line.line.participation.referral.participant
        for group in shown.providers
        for shown_line in group.lines
    }
    assert shown.run == run and people
    # The administrator sees no one's case: every line by its reference only.
    assert all(line.person is None for group in shown.providers for line in group.lines)
    viewed = AuditEntry.objects.get(
        action=AuditAction.PAYMENT_RUN_VIEWED, actor=staff.administrator
    )
    named = people_named(AuditAction.PAYMENT_RUN_VIEWED, actor=staff.administrator)
    assert set(named) == {person.pk for person in people}
    assert (viewed.object_type, viewed.object_id) == ("payments.paymentrun", str(run.pk))


def test_an_unknown_run_is_404(staff):
    with pytest.raises(Http404):
        payment_run_get(staff.manager_sydost, 999999)
