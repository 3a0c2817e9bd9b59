"""The provider portal's start page in Chromium, with axe-core and at 320 px."""

import pytest

from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px
from tests.factories import PASSWORD
from tests.providers.test_portal import person_with_activity_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_provider_staff_read_their_participants(page, live_server, staff):
    person_with_activity_at(staff, staff.provider_staff.provider, 1)
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("provider-staff")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Namn1 Efternamn1" in page.get_by_role("table").inner_text()
    assert_accessible(page, "provider start page")
    assert_fits_320_px(page, "provider start page")
