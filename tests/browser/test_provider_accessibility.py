"""The provider portal's start page in Chromium, with axe-core and at 320 px."""

import pytest

from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, sign_in
from tests.providers.test_pages import person_placed_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_provider_staff_read_their_participants(page, live_server, staff):
    participation = person_placed_at(staff, staff.provider_staff.provider, 1)
    sign_in(page, live_server, "provider-staff")
    assert "Namn1 Efternamn1" in page.get_by_role("table").inner_text()
    assert_accessible(page, "provider start page")
    assert_fits_320_px(page, "provider start page")

    page.get_by_role("link", name="Namn1 Efternamn1").click()
    page.wait_for_url(f"{live_server.url}/aktiviteter/{participation.pk}/")
    assert_accessible(page, "participation page for the provider")
    assert_fits_320_px(page, "participation page for the provider")


def test_the_coach_places_a_person_and_reads_the_week(page, live_server, staff):
    participation = person_placed_at(staff, staff.provider_staff.provider, 2)
    person = participation.referral.participant_id
    sign_in(page, live_server, "coach-sydost")
    for path, name in (
        (f"/deltagare/{person}/aktivitet/ny/", "placement form"),
        (f"/deltagare/{person}/vecka/", "week"),
        (f"/deltagare/{person}/vecka/?utskrift=1", "printable week"),
        (f"/deltagare/{person}/vecka/?utskrift=1&lattlast=1", "printable week in plain Swedish"),
        (f"/aktiviteter/{participation.pk}/", "participation page for the coach"),
        ("/erbjudanden/", "our offerings"),
        (f"/erbjudanden/{participation.offering_id}/", "an offering"),
    ):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page, name)
        assert_fits_320_px(page, name)
