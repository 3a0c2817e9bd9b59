"""Sign-in: lockout after repeated failures, sessions that end after inactivity, demo logins."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD


def _sign_in(client, username, password):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(reverse("web:login"), {"username": username, "password": password})


def test_right_password_signs_in_and_opens_my_day(staff):
    client = Client()
    response = _sign_in(client, "coach-sydost", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200


def test_wrong_password_says_so_and_keeps_the_username(staff):
    response = _sign_in(Client(), "coach-sydost", "wrong")
    assert response.status_code == 200
    assert "could not be signed in" in response.content.decode()
    assert 'value="coach-sydost"' in response.content.decode()


def test_the_account_is_locked_after_repeated_failures_even_for_the_right_password(staff):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "coach-sydost", "wrong")
    response = _sign_in(client, "coach-sydost", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302


def test_failures_below_the_limit_do_not_lock(staff):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "coach-sydost", "wrong")
    assert _sign_in(client, "coach-sydost", PASSWORD).status_code == 302


def test_the_session_ends_after_inactivity(staff):
    client = Client()
    _sign_in(client, "coach-sydost", PASSWORD)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request moves the end forward
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_each_request_extends_the_session(staff):
    client = Client()
    _sign_in(client, "coach-sydost", PASSWORD)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    client.get(reverse("web:home"))
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + dt.timedelta(minutes=29)


def test_pages_for_signed_in_users_are_not_cached(staff):
    client = Client()
    _sign_in(client, "coach-sydost", PASSWORD)
    assert client.get(reverse("participants:list"))["Cache-Control"] == "no-store"


def test_the_login_page_lists_the_demo_accounts_with_their_password_in_demo_mode(db):
    html = Client().get(reverse("web:login")).content.decode()
    assert "jobbtorg-demo" in html
    for username in (
        "coach",
        "matchare",
        "chef",
        "handlaggare",
        "anordnare",
        "analytiker",
        "admin",
    ):
        assert f"<code>{username}</code>" in html
    # The participants' side of the demo is one link away.
    assert f'href="{reverse("portal:demo_sign_in")}"' in html


@pytest.mark.django_db
def test_the_login_page_shows_no_demo_accounts_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    html = Client().get(reverse("web:login")).content.decode()
    assert "jobbtorg-demo" not in html
    assert "<code>coach</code>" not in html
    assert "/mina-sidor/demo/" not in html


def test_sign_out_ends_the_session(staff):
    client = Client()
    _sign_in(client, "coach-sydost", PASSWORD)
    client.post(reverse("web:logout"))
    assert client.get(reverse("web:home")).status_code == 302


@pytest.fixture
def provider_configured(settings):
    # No provider answers here: these pages must not need one until someone signs in.
    settings.JOBBTORG_OIDC_ISSUER = "http://127.0.0.1:9/openid"
    settings.OIDC_RP_CLIENT_ID = "jobbtorg"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    return settings


def test_the_login_page_offers_the_citys_login_beside_passwords(db, provider_configured):
    html = Client().get(reverse("web:login")).content.decode()
    assert "Logga in med stadens inloggning" in html
    assert reverse("web:oidc_start") in html
    assert 'name="password"' in html


def test_with_passwords_switched_off_the_login_page_offers_the_citys_login_only(
    staff, provider_configured
):
    provider_configured.JOBBTORG_PASSWORD_LOGIN = False
    html = Client().get(reverse("web:login")).content.decode()
    assert "Logga in med stadens inloggning" in html
    assert 'name="password"' not in html
    assert "jobbtorg-demo" not in html


def test_with_passwords_switched_off_the_right_password_is_refused(staff, provider_configured):
    provider_configured.JOBBTORG_PASSWORD_LOGIN = False
    client = Client()
    response = client.post(reverse("web:login"), {"username": "coach-sydost", "password": PASSWORD})
    assert response.status_code == 403
    assert "Inloggning med lösenord är avstängd" in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302
    # The admin site's login checks passwords through the same backend.
    response = client.post("/admin/login/", {"username": "administrator", "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


def test_switching_passwords_off_ends_the_sessions_a_password_opened(staff, provider_configured):
    client = Client()
    _sign_in(client, "coach-sydost", PASSWORD)
    assert client.get(reverse("web:home")).status_code == 200
    provider_configured.JOBBTORG_PASSWORD_LOGIN = False
    assert client.get(reverse("web:home")).status_code == 302


def test_without_a_provider_there_is_no_provider_sign_in(db):
    assert Client().get(reverse("web:oidc_start")).status_code == 404
    assert "stadens inloggning" not in Client().get(reverse("web:login")).content.decode()


def test_a_provider_that_does_not_answer_is_a_page_that_says_so(db, provider_configured):
    response = Client().get(reverse("web:oidc_start"))
    assert response.status_code == 502
    assert "Stadens inloggning svarar inte" in response.content.decode()
