"""An API token works for a limited time and only while its account is as it was when the token
was made: a new password or a deactivation ends it, and reactivating the account does not bring
it back."""

import datetime as dt
import io

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobbtorg.organisation.models import ApiToken, User
from jobbtorg.organisation.services import api_token_create
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "/api/v1/participants"


def status(token: str) -> int:
    return Client().get(URL, headers={"Authorization": f"Bearer {token}"}).status_code


@pytest.fixture
def officer():
    return UserFactory(username="district-system", officer=True)


def create_token(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def _days_ahead(days: int) -> str:
    return timezone.localtime(timezone.now() + dt.timedelta(days=days)).strftime("%Y-%m-%d")


def test_the_command_prints_the_token_alone_and_says_when_it_expires_by_default_in_90_days(officer):
    token, said = create_token("district-system")
    assert token.startswith("jbt_") and "\n" not in token
    assert f"expires {_days_ahead(90)}" in said
    assert status(token) == 200


def test_the_command_takes_the_number_of_days(officer):
    token, said = create_token("district-system", "--days", "7")
    assert f"expires {_days_ahead(7)}" in said
    stored = ApiToken.objects.get()
    assert stored.expires_at.date() in {
        (timezone.now() + dt.timedelta(days=7)).date(),
        timezone.localtime(timezone.now() + dt.timedelta(days=7)).date(),
    }


def test_the_default_comes_from_the_setting(officer, settings):
    settings.JOBBTORG_API_TOKEN_DAYS = 30
    token, said = create_token("district-system")
    assert f"expires {_days_ahead(30)}" in said


def test_a_token_for_no_days_is_refused_and_nothing_is_made(officer):
    with pytest.raises(CommandError) as raised:
        create_token("district-system", "--days", "0")
    assert "at least one day" in str(raised.value)
    assert not ApiToken.objects.exists()


def test_an_expired_token_answers_401(officer, monkeypatch):
    token, _ = create_token("district-system", "--days", "2")
    made = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: made + dt.timedelta(days=1, hours=23))
    assert status(token) == 200
    monkeypatch.setattr(timezone, "now", lambda: made + dt.timedelta(days=2, minutes=1))
    assert status(token) == 401


def test_a_token_stops_working_when_the_password_changes(officer):
    token = api_token_create(user=officer)
    assert status(token) == 200
    officer.set_password("another-long-password")
    officer.save()
    assert status(token) == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_a_token_stops_working_when_the_administrator_sets_a_new_password(officer, staff):
    token = api_token_create(user=officer)
    url = reverse("admin:auth_user_password_change", args=[officer.pk])
    new = "yet-another-long-password"
    response = client_for(staff.administrator).post(
        url, {"password1": new, "password2": new, "usable_password": "true"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert status(token) == 401


def test_a_rehash_of_the_same_password_at_sign_in_keeps_the_token(officer, settings):
    # Django rewrites a password's hash when the preferred hasher changes: not a new password.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]
    User.objects.filter(pk=officer.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha1")
    )
    token = api_token_create(user=officer)
    signed_in = Client().post(
        reverse("web:login"), {"username": "district-system", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    officer.refresh_from_db()
    assert officer.password.startswith("md5$")
    assert status(token) == 200


def _staff_form(user: User, *, active: bool) -> dict[str, object]:
    """The admin's change form for a staff account, as the administrator sends it."""
    form: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
        "role": user.role,
        "district": user.district_id,
    }
    if active:
        form["is_active"] = "on"
    return form


def test_deactivated_then_reactivated_in_the_admin_the_old_token_stays_dead(officer, staff):
    token = api_token_create(user=officer)
    admin = client_for(staff.administrator)
    url = reverse("admin:organisation_user_change", args=[officer.pk])

    response = admin.post(url, _staff_form(officer, active=False))
    assert response.status_code == 302, response.content.decode()[:3000]
    officer.refresh_from_db()
    assert not officer.is_active
    assert status(token) == 401
    assert ApiToken.objects.get().revoked_at is not None

    response = admin.post(url, _staff_form(officer, active=True))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_active
    assert status(token) == 401

    assert status(api_token_create(user=officer)) == 200


def test_a_deactivated_account_answers_401_however_it_was_deactivated(officer):
    token = api_token_create(user=officer)
    # Not through save(): the check on use still holds.
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert status(token) == 401


def test_deactivated_and_reactivated_by_a_save_the_old_token_stays_dead(officer):
    token = api_token_create(user=officer)
    officer.is_active = False
    officer.save()
    assert status(token) == 401
    officer.is_active = True
    officer.save()
    assert status(token) == 401
    assert status(api_token_create(user=officer)) == 200


def test_saving_other_details_of_the_account_keeps_its_token(officer):
    token = api_token_create(user=officer)
    officer.first_name = "Ny"
    officer.save()
    officer.save(update_fields=["last_login"])
    assert status(token) == 200


def test_the_admin_lists_when_each_token_expires(officer, staff):
    api_token_create(user=officer, days=10)
    page = client_for(staff.administrator, language="en").get(
        reverse("admin:organisation_apitoken_changelist")
    )
    assert page.status_code == 200
    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert "Expires" in page.content.decode()
    assert str(expires.year) in page.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tokens_made_before_expiry_existed_expire_90_days_from_the_migration():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("organisation", "0002_reference_data_2008")]
    after = [("organisation", "0003_api_token_expiry_and_account_bound")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        user = old.get_model("organisation", "User").objects.create(username="old", role="analyst")
        old.get_model("organisation", "ApiToken").objects.create(
            user_id=user.pk, token_hash="a" * 64, prefix="jbt_old"
        )

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        token = ApiToken.objects.get(prefix="jbt_old")
    finally:
        # Every app back to its latest migration, not just this one: going back to 0002 took
        # every later migration that depends on it away, and the tests after this one on the
        # same database expect the whole schema.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    ninety = timezone.now() + dt.timedelta(days=90)
    assert abs(token.expires_at - ninety) < dt.timedelta(minutes=5)
