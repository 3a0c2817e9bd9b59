"""The participant's own pages in Chromium at 320 px, with axe-core: signed out, the demo
sign-in, Min sida with what happens next and the plan, and one plan version. No script on any
of them (the portal works without JavaScript)."""

from types import SimpleNamespace

import pytest

from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, click_and_wait
from tests.factories import UserFactory
from tests.participants.scenarios import active_case, tomorrow_at
from tests.portal.cases import first_meeting_booked

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _checked(page, what):
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page, what)
    assert_fits_320_px(page, what)
    assert page.locator("script").count() == 0, f"{what} has a script"


def test_a_participant_signs_in_on_the_demo_page_and_reads_their_own_page(page, live_server):
    staff = SimpleNamespace(
        officer_farsta=UserFactory(username="officer-farsta", officer=True),
        coach_sydost=UserFactory(
            username="coach-sydost", coach=True, first_name="Cecilia", last_name="Coach"
        ),
    )
    case = active_case(staff, first_name="Mona", last_name="Minsson")
    first_meeting_booked(case, staff.coach_sydost, tomorrow_at(10))

    page.goto(f"{live_server.url}/mina-sidor/")
    _checked(page, "the portal signed out")

    click_and_wait(page.get_by_role("link", name="Demo: logga in som en av demodeltagarna"))
    _checked(page, "the demo sign-in")

    click_and_wait(page.get_by_role("button", name="Mona Minsson"))
    assert "Första mötet med din coach Cecilia Coach" in page.inner_text("main")
    _checked(page, "Min sida")

    click_and_wait(page.get_by_role("link", name="Se hela planen"))
    assert "Söka tio jobb i veckan." in page.inner_text("main")
    _checked(page, "a plan version")
