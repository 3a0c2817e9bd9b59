"""Swedish first, English when chosen; the Swedish catalogue is complete and compiled."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

import jobbtorg
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.participants.services.participants import participant_create
from tests.conftest import client_for, english_client

LOCALE = Path(jobbtorg.__file__).parent / "locale" / "sv" / "LC_MESSAGES"


def test_every_string_has_a_swedish_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert not catalogue.untranslated_entries()
    assert not catalogue.fuzzy_entries()
    assert len(catalogue) > 100


def test_the_compiled_catalogue_matches_the_po_file():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    with (LOCALE / "django.mo").open("rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    for entry in catalogue:
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_pages_are_swedish_even_when_the_browser_asks_for_english(staff):
    client = client_for(staff.coach_sydost)
    response = client.get(reverse("web:home"), headers={"Accept-Language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Min dag" in html and "Logga ut" in html


def test_choosing_english_turns_the_pages_english(staff):
    client = english_client()
    client.force_login(staff.coach_sydost)
    html = client.get(reverse("web:home")).content.decode()
    assert '<html lang="en">' in html
    assert "My day" in html


def test_the_language_button_sets_the_choice(db):
    client = english_client()
    client.cookies.clear()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/logga-in/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Sign in to Jobbtorg" in client.get("/logga-in/").content.decode()


def test_error_messages_are_in_swedish_by_default(staff):
    with pytest.raises(ValidationFailed) as raised:
        participant_create(
            actor=staff.officer_farsta,
            audit_context=AuditContext.for_command("test"),
            personal_identity_number="19900230-1234",
            first_name="",
            last_name="Nyström",
            home_district="farsta",
        )
    assert "finns inte" in raised.value.errors["personal_identity_number"][0]
    assert "förnamn" in raised.value.errors["first_name"][0].lower()


def test_the_api_follows_accept_language(staff):
    from tests.conftest import api_client_for

    client = api_client_for(staff.officer_farsta)
    body = {
        "personal_identity_number": "1",
        "first_name": "A",
        "last_name": "B",
        "home_district": "farsta",
    }
    swedish = client.post("/api/v1/participants", body, content_type="application/json")
    english = client.post(
        "/api/v1/participants",
        body,
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert "siffror" in swedish.json()["errors"]["personal_identity_number"][0]
    assert "digits" in english.json()["errors"]["personal_identity_number"][0]
