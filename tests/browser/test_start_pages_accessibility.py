"""The district officer's start page and the registration form in Chromium, with axe-core and
at 320 px: the plans awaiting the district's decision and the inbox's counts, and one clear
way to refer a person."""

import pytest

from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.factories import UserFactory
from tests.participants.scenarios import enrol, refer, write_plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_officers_start_page_says_what_to_do(page, live_server):
    officer = UserFactory(username="handlaggare", officer=True)
    coach = UserFactory(username="coach", coach=True)
    write_plan(enrol(refer(officer, first_name="Farida", last_name="Väntar"), coach), coach)

    sign_in(page, live_server, "handlaggare")
    plans = page.locator("section[aria-labelledby=plans-title]")
    assert "1" in plans.locator(".figure strong").inner_text()
    assert "Farida Väntar" in plans.inner_text()
    inbox = page.locator("section[aria-labelledby=inbox-title]")
    assert "1 händelse" in inbox.inner_text()
    assert_accessible(page, "the officer's start page")
    assert_fits_320_px(page, "the officer's start page")

    click_and_wait(page.get_by_role("link", name="Registrera en deltagare utan anvisning"))
    assert page.get_by_role("link", name="Anvisa en person").count() >= 1
    assert_accessible(page, "registering without a referral")
    assert_fits_320_px(page, "registering without a referral")
