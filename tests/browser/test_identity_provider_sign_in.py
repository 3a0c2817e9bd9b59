"""Signing in and out through the city's identity provider in Chromium: the provider's pages,
the redirects between the two sites and the content security policy (a sign-out form that
redirects to the provider needs it in form-action)."""

import pytest

from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_content_security_policy import WATCH
from tests.oidc_provider.fixtures import PROVIDER_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("signs_in_through_provider"),
]


def test_a_coach_signs_in_and_out_through_the_provider_in_a_browser(
    page, live_server, staff, identity_provider
):
    page.add_init_script(WATCH)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/logga-in/")
    assert_accessible(page, "the login page with the city's login")
    page.get_by_role("link", name="Logga in med stadens inloggning").click()

    page.wait_for_url(f"{identity_provider.url}/accounts/login/**")
    page.fill("#id_username", "coach-sydost")
    page.fill("#id_password", PROVIDER_PASSWORD)
    page.click("button[type=submit]")

    page.wait_for_url(f"{live_server.url}/")
    assert "Jobbtorg Sydost" in page.inner_text(".account")
    page.get_by_role("button", name="Logga ut").click()

    page.wait_for_url(f"{live_server.url}/logga-in/")
    assert identity_provider.records("end_session")[-1]["id_token_hint"]
    assert [m for m in console if "Content Security Policy" in m] == []
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/logga-in/")


def test_the_refusal_of_someone_without_an_account_is_accessible(
    page, live_server, staff, identity_provider
):
    page.goto(f"{live_server.url}/logga-in/stadens-inloggning/")
    page.fill("#id_username", "stranger")
    page.fill("#id_password", PROVIDER_PASSWORD)
    page.click("button[type=submit]")

    page.wait_for_url(f"{live_server.url}/logga-in/retur/**")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Du har inget aktivt konto i Jobbtorg"
    )
    assert_accessible(page, "the refusal page")
