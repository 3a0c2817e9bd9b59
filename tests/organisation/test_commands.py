"""`jobbtorg create_user` and `jobbtorg create_api_token`, as scripts call them."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jobbtorg.organisation.models import ApiToken, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = [
    ("coach", ["--jobbtorg", "jarva"], "job_centre", "jarva"),
    ("matcher", ["--jobbtorg", "sydost"], "job_centre", "sydost"),
    ("manager", ["--jobbtorg", "innerstaden"], "job_centre", "innerstaden"),
    ("district_officer", ["--district", "farsta"], "district", "farsta"),
    ("analyst", [], None, None),
    ("administrator", [], None, None),
]


def run(*args, stdin=None):
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command(*args, stdout=out, **extra)
    return out.getvalue()


@pytest.mark.parametrize(("role", "unit_args", "unit_field", "unit_slug"), ROLES)
def test_create_user_ties_each_role_to_its_unit(role, unit_args, unit_field, unit_slug):
    output = run(
        "create_user",
        "someone",
        "--role",
        role,
        *unit_args,
        "--password-stdin",
        stdin="a-long-and-unusual-passphrase\n",
    )
    user = User.objects.get(username="someone")
    assert "Created someone" in output
    assert user.role == role
    assert user.check_password("a-long-and-unusual-passphrase")
    if unit_field:
        assert getattr(user, unit_field).slug == unit_slug
    assert user.is_staff == (role == "administrator")


def test_create_user_for_provider_staff_needs_a_provider():
    from tests.factories import ProviderFactory

    ProviderFactory(slug="stadsmissionen")
    run("create_user", "p", "--role", "provider_staff", "--provider", "stadsmissionen")
    user = User.objects.get(username="p")
    assert user.provider.slug == "stadsmissionen"
    assert not user.has_usable_password()


BAD = [
    (["--role", "coach"], "--jobbtorg"),
    (["--role", "coach", "--jobbtorg", "atlantis"], "atlantis"),
    (["--role", "district_officer"], "--district"),
    (["--role", "district_officer", "--district", "atlantis"], "atlantis"),
    (["--role", "analyst", "--jobbtorg", "jarva"], "Only coaches"),
    (["--role", "district_officer", "--district", "farsta", "--password-stdin"], "empty"),
]


@pytest.mark.parametrize(("args", "words"), BAD)
def test_create_user_refuses_bad_input_with_a_message_and_writes_nothing(args, words):
    with pytest.raises(CommandError) as raised:
        run("create_user", "someone", *args, stdin="")
    assert words in str(raised.value)
    assert not User.objects.filter(username="someone").exists()


def test_create_user_refuses_a_weak_password():
    with pytest.raises(CommandError) as raised:
        run("create_user", "someone", "--role", "analyst", "--password-stdin", stdin="123\n")
    assert "too short" in str(raised.value)
    assert not User.objects.filter(username="someone").exists()


def test_create_user_refuses_a_taken_username():
    run("create_user", "someone", "--role", "analyst")
    with pytest.raises(CommandError) as raised:
        run("create_user", "Someone", "--role", "analyst")
    assert "taken" in str(raised.value)
    assert User.objects.count() == 1


def test_create_api_token_prints_a_token_that_opens_the_api(client):
    run("create_user", "district-system", "--role", "district_officer", "--district", "farsta")
    token = run("create_api_token", "district-system").strip()
    assert token.startswith("jbt_") and len(token) > 30
    stored = ApiToken.objects.get()
    assert token not in (stored.token_hash, stored.prefix)
    response = client.get("/api/v1/participants", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_a_revoked_token_no_longer_opens_the_api(client):
    from django.utils import timezone

    run("create_user", "district-system", "--role", "district_officer", "--district", "farsta")
    token = run("create_api_token", "district-system").strip()
    ApiToken.objects.update(revoked_at=timezone.now())
    response = client.get("/api/v1/participants", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_create_api_token_for_an_unknown_user_says_so():
    with pytest.raises(CommandError) as raised:
        run("create_api_token", "nobody")
    assert "nobody" in str(raised.value)


def test_the_jobbtorg_command_lists_the_projects_commands():
    jobbtorg = Path(sys.executable).parent / "jobbtorg"
    result = subprocess.run(
        [str(jobbtorg), "--help"], capture_output=True, text=True, check=True, timeout=120
    )
    for command in ("create_user", "create_api_token", "load_demo", "migrate"):
        assert command in result.stdout
