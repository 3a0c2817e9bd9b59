"""A person's path through the pages in headless Chromium, with axe-core on each page.

Zero violations of the WCAG 2.1 A and AA rules is the bar (Swedish law for public services).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from jobbtorg.core.roles import Role
from tests.factories import PASSWORD, ParticipantFactory, UserFactory, district, job_centre

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Only the violations are read: axe then lists one node per rule that passed instead of every
# node, which is a fifth of its time on a page.
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
axe = Axe()


def assert_accessible(page, what):
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


def assert_fits_320_px(page, what):
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert overflow <= 320, f"{what} scrolls sideways at 320 px ({overflow} px wide)"


def click_and_wait(target) -> None:
    """Click a link or a form's button and wait for the page that comes back: a click returns
    once the request has started, so what is asserted next would otherwise be read from the page
    being left (or from no page, between the two)."""
    with target.page.expect_navigation():
        target.click()


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_manager_signs_in_finds_a_person_and_pulls_the_audit_extract(page, live_server):
    UserFactory(username="chef", role=Role.MANAGER, job_centre=job_centre("sydost"))
    person = ParticipantFactory(
        first_name="Amira", last_name="Hassan", home_district=district("farsta")
    )

    page.goto(f"{live_server.url}/logga-in/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_accessible(page, "login page")
    assert_fits_320_px(page, "login page")

    sign_in(page, live_server, "chef")
    assert page.get_by_role("heading", level=1).inner_text() == "Min dag"
    assert_accessible(page, "Min dag")

    click_and_wait(page.get_by_role("navigation").get_by_role("link", name="Deltagare"))
    page.get_by_label("Sök på namn eller personnummer").fill("Hassan")
    click_and_wait(page.get_by_role("button", name="Sök"))
    assert_accessible(page, "participant list")
    assert_fits_320_px(page, "participant list")

    click_and_wait(page.get_by_role("link", name="Hassan, Amira"))
    assert page.get_by_role("heading", level=1).inner_text() == "Amira Hassan"
    assert person.personal_identity_number_display in page.content()
    assert_accessible(page, "participant page")
    assert_fits_320_px(page, "participant page")

    click_and_wait(page.get_by_role("link", name="Loggutdrag"))
    assert "chef" in page.get_by_role("table").inner_text()
    assert_accessible(page, "audit extract")
    assert_fits_320_px(page, "audit extract")


def test_an_officer_gets_errors_linked_to_the_fields_and_keeps_what_was_typed(page, live_server):
    UserFactory(username="handlaggare", officer=True)
    sign_in(page, live_server, "handlaggare")
    click_and_wait(page.get_by_role("link", name="Registrera en deltagare utan anvisning"))
    page.get_by_label("Personnummer").fill("19900230-1234")
    page.get_by_label("Förnamn").fill("Nora")
    click_and_wait(page.get_by_role("button", name="Registrera"))

    summary = page.get_by_role("alert")
    assert "Personnummer" in summary.inner_text()
    assert page.get_by_label("Förnamn").input_value() == "Nora"
    assert_accessible(page, "registration form with errors")
    assert_fits_320_px(page, "registration form")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_personal_identity_number"


def test_the_keyboard_reaches_the_skip_link_first_and_english_can_be_chosen(page, live_server):
    page.goto(f"{live_server.url}/logga-in/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    click_and_wait(page.get_by_role("button", name="In English"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in to Jobbtorg"
    assert_accessible(page, "login page in English")
