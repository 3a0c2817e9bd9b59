"""Every page of the portal's route table in each of its four languages, in Chromium at 320 px
with axe-core: <html lang> and dir right, no sideways scrolling, no script; Arabic mirrored.
The language chosen with the switch holds from page to page."""

import time
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.conf import settings

from jobbtorg.portal.middleware import PARTICIPANT_SESSION_KEY, SEEN_AT_SESSION_KEY
from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, click_and_wait
from tests.factories import UserFactory
from tests.portal.test_routes import ROUTES, World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# language, <html dir> (None: none written)
LANGUAGES = [("sv", None), (settings.PLAIN_SWEDISH, None), ("en", None), ("ar", "rtl")]
# The routes that answer a page of the portal's when read (the e-ID start is 404 here,
# signing out is a POST, and the PDF of Mina uppgifter is a download, not a page).
PAGES = [
    route
    for route in ROUTES
    if route.method == "get" and route.own_status != 404 and not route.route.endswith("pdf/")
]


@pytest.fixture
def world(settings):
    settings.JOBBTORG_OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    staff = SimpleNamespace(
        officer_farsta=UserFactory(username="officer-farsta", officer=True),
        coach_sydost=UserFactory(
            username="coach-sydost", coach=True, first_name="Cecilia", last_name="Coach"
        ),
    )
    return World(staff)


def _cookie(page, live_server, name, value):
    page.context.add_cookies([{"name": name, "value": value, "url": live_server.url}])


def _choose_language(page, live_server, language):
    _cookie(page, live_server, settings.LANGUAGE_COOKIE_NAME, language)


def _sign_in(page, live_server, person):
    """The session the e-ID sign-in leaves (tests/portal/cases.py's signed_in_as)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[PARTICIPANT_SESSION_KEY] = str(person.pk)
    session[SEEN_AT_SESSION_KEY] = int(time.time())
    session.save()
    _cookie(page, live_server, settings.SESSION_COOKIE_NAME, session.session_key)


def _checked(page, what, language, direction):
    html = page.locator("html")
    assert html.get_attribute("lang") == language, what
    assert html.get_attribute("dir") == direction, what
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page, what)
    assert_fits_320_px(page, what)
    assert page.locator("script").count() == 0, f"{what} has a script"


@pytest.mark.parametrize(("language", "direction"), LANGUAGES, ids=[lang for lang, _ in LANGUAGES])
def test_every_portal_page_in_each_language(page, live_server, world, language, direction):
    _choose_language(page, live_server, language)
    page.goto(f"{live_server.url}/mina-sidor/")
    _checked(page, f"the portal signed out ({language})", language, direction)

    _sign_in(page, live_server, world.person)
    for route in PAGES:
        page.goto(f"{live_server.url}{route.own(world)}")
        _checked(page, f"{route.route} ({language})", language, direction)


def test_arabic_is_mirrored_and_the_choice_holds_from_page_to_page(page, live_server, world):
    _sign_in(page, live_server, world.person)
    page.goto(f"{live_server.url}/mina-sidor/")
    switch = page.get_by_role("form", name="Språk")
    assert switch.get_by_role("button", name="Svenska").get_attribute("aria-current") == "true"

    click_and_wait(switch.get_by_role("button", name="العربية"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "صفحاتي"
    # Mirrored: the start of a line is on the right, and so is the plan's accent border.
    main = page.locator("main")
    assert main.evaluate("element => getComputedStyle(element).direction") == "rtl"
    header = page.locator(".site-header__tools").bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > header["x"], "the brand stands at the start (right) in Arabic"

    click_and_wait(page.get_by_role("link", name="عرض الخطة كاملة"))
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("heading", level=1).inner_text() == "خطتك"
    assert_accessible(page, "a plan version in Arabic after the switch")
