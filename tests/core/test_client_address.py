"""Behind a trusted reverse proxy the visitor's address is the one the audit log and the
sign-in lockout go by; nobody else can choose their address with X-Forwarded-For."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from jobbtorg.core.middleware import ClientAddressFromProxyMiddleware


def _seen_address(remote_addr: str, forwarded: str | None) -> str:
    seen = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)
    ClientAddressFromProxyMiddleware(view)(request)
    return seen["address"]


@override_settings(JOBBTORG_TRUSTED_PROXIES=["127.0.0.1", "10.1.0.0/16"])
@pytest.mark.parametrize(
    ("remote_addr", "forwarded", "seen"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        # Through two proxies of ours: the first address that is not one of them.
        ("127.0.0.1", "203.0.113.7, 10.1.2.3", "203.0.113.7"),
        # A visitor who writes their own X-Forwarded-For gets it in front of the real one.
        ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
        # Not through a trusted proxy: the header is the visitor's own words.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "nonsense", "127.0.0.1"),
    ],
)
def test_the_visitor_address_comes_from_a_trusted_proxy_only(remote_addr, forwarded, seen):
    assert _seen_address(remote_addr, forwarded) == seen


@override_settings(JOBBTORG_TRUSTED_PROXIES=["proxy.example.se"])
def test_a_proxy_that_is_not_an_address_stops_start_up_with_the_setting_named():
    with pytest.raises(ImproperlyConfigured, match="JOBBTORG_TRUSTED_PROXIES"):
        ClientAddressFromProxyMiddleware(lambda request: HttpResponse())


@override_settings(JOBBTORG_TRUSTED_PROXIES=["127.0.0.1"])
def test_a_lockout_counts_the_visitor_not_the_proxy(db, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(
            "/logga-in/",
            {"username": "nobody", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    locked = client.post(
        "/logga-in/",
        {"username": "nobody", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other_visitor = client.post(
        "/logga-in/",
        {"username": "nobody", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert locked.status_code == 429
    assert other_visitor.status_code == 200
