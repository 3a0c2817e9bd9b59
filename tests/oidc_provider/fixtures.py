"""Fixtures for signing in against the test provider: the provider (one per test process),
Jobbtorg's settings pointing at it, and a browser without JavaScript that follows redirects
one at a time and posts the provider's login form."""

import html
import re
from urllib.parse import urljoin

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore

from jobbtorg.core.identity_provider import forget_discovery
from tests.oidc_provider.process import start_provider

CLIENT_ID = "jobbtorg"
CLIENT_SECRET = "jobbtorg-test-client-secret"
PROVIDER_PASSWORD = "provider-password"
# Personnummer the provider gives its e-ID users (valid control digits).
REGISTERED_NUMBER = "19900101-1007"
UNREGISTERED_NUMBER = "198505151004"
INVALID_NUMBER = "199001011008"

PROVIDER_USERS = {
    "coach-sydost": {},
    "manager-sydost": {},
    "stranger": {},
    "former-coach": {},
    # An HSA-id as the subject, with the Jobbtorg username in preferred_username.
    "SE2321000016-1001": {"preferred_username": "coach-sydost"},
    "eid-registered": {"personal_identity_number": REGISTERED_NUMBER},
    "eid-unregistered": {"personal_identity_number": UNREGISTERED_NUMBER},
    "eid-invalid": {"personal_identity_number": INVALID_NUMBER},
}


@pytest.fixture(scope="session")
def identity_provider(live_server, tmp_path_factory):
    provider = start_provider(
        tmp_path_factory.mktemp("provider"),
        {
            "users": {
                name: {"password": PROVIDER_PASSWORD, "claims": claims}
                for name, claims in PROVIDER_USERS.items()
            },
            "clients": [
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [
                        f"{live_server.url}/logga-in/retur/",
                        f"{live_server.url}/e-legitimation/retur/",
                    ],
                    "post_logout_redirect_uris": [
                        f"{live_server.url}/logga-in/",
                        f"{live_server.url}/mina-sidor/",
                    ],
                }
            ],
        },
    )
    yield provider
    provider.stop()


@pytest.fixture
def signs_in_through_provider(settings, identity_provider):
    """Jobbtorg configured as a city would: the issuer, the client, nothing else."""
    settings.JOBBTORG_OIDC_ISSUER = identity_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.JOBBTORG_OIDC_EID_SCOPES = "openid personnummer"
    policy = settings.CONTENT_SECURITY_POLICY
    directives = dict(policy["DIRECTIVES"])
    directives["form-action"] = [*directives["form-action"], identity_provider.url]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    forget_discovery()
    yield identity_provider
    forget_discovery()


class HttpBrowser:
    """Cookies per host, redirects followed one by one (a test may stop at one and change it)."""

    def __init__(self, live_url: str) -> None:
        self.live_url = live_url
        self.provider = None
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.headers["Accept-Language"] = "sv"

    def get(self, url: str, stop_at: str | None = None):
        return self.follow(
            self.http.get(urljoin(self.live_url, url), allow_redirects=False), stop_at
        )

    def post(self, url: str, data: dict, stop_at: str | None = None):
        response = self.http.post(
            urljoin(self.live_url, url),
            data=data,
            allow_redirects=False,
            headers={"Referer": urljoin(self.live_url, url)},
        )
        return self.follow(response, stop_at)

    def follow(self, response, stop_at: str | None = None):
        """The page the redirects end at, or the address of the first one under `stop_at`."""
        while response.is_redirect:
            url = urljoin(response.url, response.headers["Location"])
            if stop_at and url.startswith(urljoin(self.live_url, stop_at)):
                return url
            response = self.http.get(url, allow_redirects=False)
        return response

    def sign_in_at_provider(self, page, username: str, stop_at: str | None = None):
        """Fill in and send the provider's login form on `page`."""
        assert 'name="password"' in page.text, page.text[:500]
        return self.follow(
            self.http.post(
                page.url,
                data={
                    "csrfmiddlewaretoken": form_value(page.text, "csrfmiddlewaretoken"),
                    "next": form_value(page.text, "next"),
                    "username": username,
                    "password": PROVIDER_PASSWORD,
                },
                allow_redirects=False,
            ),
            stop_at,
        )

    def jobbtorg_session(self) -> SessionStore:
        return SessionStore(session_key=self.http.cookies.get("sessionid"))

    def csrf_token_on(self, page) -> str:
        return form_value(page.text, "csrfmiddlewaretoken")


def form_value(text: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', text)
    assert match, f"no {name} in the form"
    return html.unescape(match.group(1))


@pytest.fixture
def http_browser_factory(live_server, identity_provider):
    made = []

    def make() -> HttpBrowser:
        browser = HttpBrowser(live_server.url)
        browser.provider = identity_provider
        made.append(browser)
        return browser

    yield make
    # Kept-alive connections hold a live-server thread each: end them with the test, while the
    # thread may still close its database connection.
    for browser in made:
        browser.http.close()


@pytest.fixture
def http_browser(http_browser_factory):
    return http_browser_factory()
