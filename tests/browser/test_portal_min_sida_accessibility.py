"""Min sida in each state of the person's path (before a plan, with an active plan and places,
interrupted, exited), the plan's history and the week, in Chromium at 320 px with axe-core and
no script (the portal works without JavaScript)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from jobbtorg.participants.models import Interruption
from jobbtorg.plans.schedule import monday_of
from tests.browser.test_accessibility import click_and_wait
from tests.browser.test_portal_accessibility import _checked
from tests.factories import ProviderFactory, UserFactory
from tests.offering import offering_at, place
from tests.participants.factories import ExitFactory
from tests.participants.scenarios import active_case, enrol, refer
from tests.portal.cases import signed_in_as

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _as(page, live_server, person) -> None:
    """The browser takes the person's session, as the e-ID sign-in leaves it."""
    session = signed_in_as(person).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/mina-sidor/")


def test_min_sida_in_each_state_its_plans_and_its_week(page, live_server):
    staff = SimpleNamespace(
        officer_farsta=UserFactory(username="officer-farsta", officer=True),
        coach_sydost=UserFactory(
            username="coach-sydost", coach=True, first_name="Cecilia", last_name="Coach"
        ),
    )
    before_plan = enrol(refer(staff.officer_farsta, first_name="Bo"), staff.coach_sydost)
    active = active_case(staff, first_name="Mona", last_name="Minsson")
    place(
        active,
        offering_at(ProviderFactory(name="Jobbverkstan")),
        staff.coach_sydost,
        start=monday_of(timezone.localdate()),
    )
    interrupted = active_case(staff, first_name="Ida")
    Interruption.objects.create(
        referral=interrupted,
        reason="parental_leave",
        start=timezone.localdate(),
        expected_end=timezone.localdate() + dt.timedelta(days=60),
        recorded_by=staff.coach_sydost,
    )
    exited = active_case(staff, first_name="Elias")
    ExitFactory(referral=exited, to_work=True)

    _as(page, live_server, before_plan.participant)
    assert "Din plan ska vara klar senast" in page.inner_text("main")
    _checked(page, "Min sida before a plan")

    _as(page, live_server, active.participant)
    _checked(page, "Min sida with an active plan")
    click_and_wait(page.get_by_role("link", name="Se din vecka dag för dag"))
    assert "Jobbverkstan" in page.inner_text("main")
    _checked(page, "the week")
    click_and_wait(page.get_by_role("link", name="Nästa vecka"))
    _checked(page, "the next week")
    page.goto(f"{live_server.url}/mina-sidor/vecka/?vecka=fel")
    _checked(page, "the week with a week that cannot be read")
    page.goto(f"{live_server.url}/mina-sidor/")
    click_and_wait(page.get_by_role("link", name="Se alla dina godkända planer"))
    assert "Gäller nu" in page.inner_text("main")
    _checked(page, "the plan's history")

    _as(page, live_server, interrupted.participant)
    assert "Din planering är pausad från" in page.inner_text("main")
    _checked(page, "Min sida interrupted")
    page.goto(f"{live_server.url}/mina-sidor/vecka/")
    _checked(page, "the week interrupted")

    _as(page, live_server, exited.participant)
    assert "eftersom du fick ett arbete" in page.inner_text("main")
    _checked(page, "Min sida after the exit")
