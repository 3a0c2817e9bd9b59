"""The portal in the person's language (ADR 0005, point 9): Swedish, plain Swedish, English and
Arabic on every portal page, chosen with the switch and remembered; staff pages stay Swedish or
English; the portal's catalogues hold every string its pages can show."""

import datetime as dt
import gettext
import re
import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import formats, timezone, translation

from jobbtorg.portal.catalogue import CATALOGUE_DIR
from jobbtorg.portal.management.commands.portal_makemessages import PORTAL_LOCALES
from tests.conftest import api_client_for, client_for
from tests.factories import ProviderFactory
from tests.offering import offering_at, place
from tests.participants.scenarios import tomorrow_at
from tests.portal.cases import first_meeting_booked, own_case, signed_in_as

PLAIN_SWEDISH = settings.PLAIN_SWEDISH


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _html_tag(page: str) -> str:
    match = re.search(r"<html[^>]*>", page)
    assert match
    return match.group(0)


# The catalogues --------------------------------------------------------------------------


def test_every_string_the_portal_shows_is_translated_in_arabic_and_plain_swedish(tmp_path):
    """The strings are extracted afresh from the portal's code and templates (a page added
    later is found without a change here) and merged into a copy of the catalogues: a string
    with no translation comes in empty, a changed one fuzzy."""
    copy = shutil.copytree(CATALOGUE_DIR, tmp_path / "translations")
    call_command("portal_makemessages", catalogue_dir=str(copy), verbosity=0)
    for locale in PORTAL_LOCALES:
        catalogue = polib.pofile(str(copy / locale / "LC_MESSAGES" / "django.po"))
        msgids = {entry.msgid for entry in catalogue}
        # The portal's own, a component its base includes, and another app's (the weekdays).
        assert {"What happens next", "Sign out", "Monday", "Language"} <= msgids
        untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
        fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
        assert not untranslated, f"{locale}: no translation for {untranslated}"
        assert not fuzzy, f"{locale}: fuzzy (check and translate again) {fuzzy}"


# Which plural form a count takes: Arabic has six (0, 1, 2, a few, many, other).
PLURAL_FORM_OF = {"ar": {1: 1, 2: 2}, "sv_X-lattlast": {1: 0, 2: 1}}


@pytest.mark.parametrize("locale", PORTAL_LOCALES)
def test_the_compiled_catalogues_match_the_po_files(locale):
    folder = CATALOGUE_DIR / locale / "LC_MESSAGES"
    catalogue = polib.pofile(str(folder / "django.po"))
    with (folder / "django.mo").open("rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    for entry in catalogue:
        if entry.msgid_plural:
            for n in (1, 2):
                form = PLURAL_FORM_OF[locale][n]
                assert (
                    compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                    == (entry.msgstr_plural[form])
                )
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_english_needs_no_catalogue_of_the_portals():
    """The msgids are English: no English catalogue in the project could differ from them."""
    assert not (CATALOGUE_DIR / "en").exists()
    assert not (settings.LOCALE_PATHS[1] / "en").exists()


# Pages in each language ------------------------------------------------------------------

PAGES = [
    # language, <html> lang, right to left, the heading of Min sida, the next meeting
    ("sv", "sv", False, "Det här händer härnäst", "Första mötet med din coach"),
    (PLAIN_SWEDISH, PLAIN_SWEDISH, False, "Det här händer sedan", "Första mötet med din coach"),
    ("en", "en", False, "What happens next", "First meeting with your coach"),
    ("ar", "ar", True, "ما الذي سيحدث بعد ذلك", "الاجتماع الأول مع مرشدك"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "lang", "rtl", "heading", "meeting"), PAGES)
def test_min_sida_in_each_language_with_lang_and_direction(
    staff, language, lang, rtl, heading, meeting
):
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    first_meeting_booked(case, staff.coach_sydost, tomorrow_at(10))
    page = in_language(signed_in_as(case.participant), language).get("/mina-sidor/")
    html = page.content.decode()
    assert page.status_code == 200
    direction = ' dir="rtl"' if rtl else ""
    assert _html_tag(html) == f'<html lang="{lang}"{direction}>'
    assert heading in html and meeting in html


@pytest.mark.django_db
def test_dates_and_times_follow_the_language(staff):
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    starts_at = timezone.localtime(tomorrow_at(10))
    first_meeting_booked(case, staff.coach_sydost, starts_at)
    shown = {}
    for language in ("sv", PLAIN_SWEDISH, "en", "ar"):
        html = in_language(signed_in_as(case.participant), language).get("/mina-sidor/")
        shown[language] = html.content.decode()
    with translation.override("sv"):
        swedish_day = formats.date_format(starts_at, "l j F")
    with translation.override("en"):
        english_day = formats.date_format(starts_at, "l j F")
    with translation.override("ar"):
        arabic_day = formats.date_format(starts_at, "l j F")
    assert f"{swedish_day} kl. 10:00" in shown["sv"]
    assert f"{swedish_day} klockan 10:00" in shown[PLAIN_SWEDISH]
    assert f"{english_day} at 10 a.m." in shown["en"]
    # Arabic: the day and month in words, Western digits, the time with ص (before noon).
    assert f"{arabic_day} الساعة 10:00 ص" in shown["ar"]
    assert re.search(r"[\u0660-\u0669]", shown["ar"]) is None


@pytest.mark.django_db
def test_a_refused_e_id_return_is_a_portal_page_in_the_persons_language():
    answer = in_language(Client(), "ar").get("/e-legitimation/retur/")
    html = answer.content.decode()
    assert answer.status_code == 400
    assert _html_tag(html) == '<html lang="ar" dir="rtl">'
    assert "تعذّر إكمال تسجيل الدخول" in html
    # Back to the e-ID, never to the staff's sign-in.
    assert 'href="/e-legitimation/"' in html and "/logga-in/" not in html


@pytest.mark.parametrize("language", [code for code, _ in settings.JOBBTORG_PORTAL_LANGUAGES])
def test_each_portal_language_has_the_portals_day_format(language):
    """A format name no module defines is written out as it stands ("PORTAL_DAY_FORMAT")."""
    assert formats.get_format("PORTAL_DAY_FORMAT", lang=language) == "l j F"


@pytest.mark.django_db
def test_another_persons_plan_is_a_404_of_the_portals_in_the_persons_language(staff):
    mine = own_case(staff, first_name="Mona", last_name="Minsson")
    others = own_case(staff, first_name="Otto", last_name="Andersson")
    plan = others.plan_versions.get(status="approved")
    client = in_language(signed_in_as(mine.participant), "ar")
    answer = client.get(f"/mina-sidor/planer/{plan.pk}/")
    html = answer.content.decode()
    assert answer.status_code == 404
    assert _html_tag(html) == '<html lang="ar" dir="rtl">'
    assert "تعذّر العثور على الصفحة" in html and 'href="/mina-sidor/"' in html
    # A staff page for the person's session is 404 too, with the way back to their own.
    staff_page = client.get("/deltagare/")
    assert staff_page.status_code == 404 and 'href="/mina-sidor/"' in staff_page.content.decode()


@pytest.mark.django_db
def test_staff_keep_their_own_404(staff):
    answer = client_for(staff.coach_sydost).get("/no-such-page/")
    assert answer.status_code == 404
    assert "Tillbaka till Min dag" in answer.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "days"),
    [("sv", "måndag, onsdag"), ("en", "Monday, Wednesday"), ("ar", "الاثنين, الأربعاء")],
)
def test_the_days_of_an_activity_are_named_in_the_language(staff, language, days):
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    offering = offering_at(ProviderFactory(name="Jobbverkstan"), weekdays=(0, 2), place="Farsta")
    place(case, offering, staff.coach_sydost, start=timezone.localdate() + dt.timedelta(days=1))
    page = in_language(signed_in_as(case.participant), language).get("/mina-sidor/")
    assert days in page.content.decode()


# The switch ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_switch_names_each_language_in_itself_and_marks_the_current(staff):
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    html = in_language(signed_in_as(case.participant), "ar").get("/mina-sidor/").content.decode()
    buttons = re.findall(r'<button type="submit" name="language"[^>]*>[^<]*</button>', html)
    assert [re.search(r">([^<]*)<", button).group(1) for button in buttons] == [
        "Svenska",
        "Lättläst",
        "English",
        "العربية",
    ]
    assert 'lang="sv-x-lattlast" dir="ltr"' in buttons[1]
    assert 'lang="ar" dir="rtl"' in buttons[3] and 'aria-current="true"' in buttons[3]
    assert not any('aria-current="true"' in button for button in buttons[:3])


@pytest.mark.django_db
def test_the_choice_is_remembered_across_pages(staff):
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    client = signed_in_as(case.participant)
    answer = client.post("/i18n/setlang/", {"language": "ar", "next": "/mina-sidor/"})
    assert answer.status_code == 302 and answer.url == "/mina-sidor/"
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert "ما الذي سيحدث بعد ذلك" in client.get("/mina-sidor/").content.decode()
    plan = case.plan_versions.get(status="approved")
    assert "خطتك" in client.get(f"/mina-sidor/planer/{plan.pk}/").content.decode()


@pytest.mark.django_db
def test_plain_swedish_is_kept_through_the_sign_in(staff, settings):
    settings.DEMO_MODE = True
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    client = Client()
    client.post("/i18n/setlang/", {"language": PLAIN_SWEDISH, "next": "/mina-sidor/"})
    signed_out = client.get("/mina-sidor/").content.decode()
    assert "Här ser du din plan. Du ser vad som händer sedan." in signed_out
    client.post("/mina-sidor/demo/", {"participant": str(case.participant.pk)})
    own_page = client.get("/mina-sidor/").content.decode()
    assert 'lang="sv-x-lattlast"' in own_page
    assert "Du är inloggad som Mona Minsson." in own_page
    assert "Det här händer sedan" in own_page


# Staff pages stay Swedish or English -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", PLAIN_SWEDISH, "fr"])
def test_a_staff_page_is_swedish_whatever_else_the_cookie_holds(staff, language):
    html = in_language(client_for(staff.coach_sydost), language).get("/").content.decode()
    assert _html_tag(html) == '<html lang="sv">'
    assert "Min dag" in html and "In English" in html


@pytest.mark.django_db
def test_a_staff_page_is_still_english_when_chosen(staff):
    html = in_language(client_for(staff.coach_sydost), "en").get("/").content.decode()
    assert _html_tag(html) == '<html lang="en">' and "My day" in html


@pytest.mark.django_db
def test_the_api_answers_in_a_staff_language_only(staff):
    client = api_client_for(staff.officer_farsta)
    arabic = client.get("/api/v1/participants", headers={"Accept-Language": "ar"})
    english = client.get("/api/v1/participants", headers={"Accept-Language": "en"})
    assert arabic.status_code == english.status_code == 200
    assert arabic.headers["Content-Language"] == "sv"
    assert english.headers["Content-Language"] == "en"
