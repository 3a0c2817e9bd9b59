"""The demo sign-in page (ADR 0005, point 3): in demo mode it lists the demo's people to sign
in as, without e-ID; otherwise it does not exist (404), under the production settings too."""

import re
import secrets

from django.test import Client

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.participants.models import Participant, Referral, Stage
from tests.config.test_settings import _run

DEMO = "/mina-sidor/demo/"


def _listed(page: str) -> set[str]:
    return set(re.findall(r'name="participant" value="([0-9a-f-]{36})"', page))


def test_the_demos_people_are_listed_and_one_signs_in(loaded_demo, db):
    client = Client()
    page = client.get(DEMO).content.decode()

    open_cases = Referral.objects.exclude(stage=Stage.EXITED).values_list("participant", flat=True)
    assert open_cases.exists()
    assert {str(pk) for pk in open_cases} <= _listed(page)

    active = (
        Participant.objects.filter(referrals__plan_versions__status="approved")
        .filter(referrals__stage=Stage.ENROLLED)
        .first()
    )
    answer = client.post(DEMO, {"participant": str(active.pk)})
    assert answer.status_code == 302 and answer.url == "/mina-sidor/"
    own = client.get("/mina-sidor/").content.decode()
    assert f"Du är inloggad som {active.full_name}" in own
    assert "Din plan gäller från" in own
    assert AuditEntry.objects.filter(
        participant=active,
        action=AuditAction.PARTICIPANT_SIGNED_IN,
        channel=AuditChannel.PARTICIPANT,
    ).exists()


def test_someone_not_on_the_list_is_not_signed_in(db):
    client = Client()
    answer = client.post(DEMO, {"participant": "not-an-id"})
    assert answer.status_code == 400
    assert "Välj en av personerna i listan." in answer.content.decode()
    assert "Du är inte inloggad" in client.get("/mina-sidor/").content.decode()


def test_outside_demo_mode_the_page_does_not_exist(db, settings):
    settings.DEMO_MODE = False
    assert Client().get(DEMO).status_code == 404
    assert Client().post(DEMO, {"participant": "x"}).status_code == 404
    assert DEMO not in Client().get("/mina-sidor/").content.decode()


def test_under_the_production_settings_the_page_does_not_exist(tmp_path):
    # The static files' manifest is collectstatic's, not made here: plain storage for the 404.
    script = (
        "from django.conf import settings; from django.test import Client, override_settings; "
        "plain = {**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "with override_settings(STORAGES=plain): "
        f"print('STATUS', Client().get('{DEMO}', secure=True).status_code)"
    )
    result = _run(
        ["shell", "-c", script],
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "STATUS 404" in result.stdout
