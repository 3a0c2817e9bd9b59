"""The employer and vacancy pages of matching, in Chromium with axe-core and at 320 px."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.matching.services.employers import employer_contact_record, employer_create
from jobbtorg.matching.services.vacancies import vacancy_save
from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_matching_pages(page, live_server, staff):
    employer = employer_create(
        actor=staff.matcher_sydost, name="Bemanning AB", kind="staffing_firm"
    )
    employer_contact_record(
        actor=staff.manager_jarva,
        employer=employer,
        contacted_on=timezone.localdate() - dt.timedelta(days=1),
        channel="phone",
        subject="Placements in the spring",
    )
    vacancy = vacancy_save(
        actor=staff.matcher_sydost,
        occupation="7wdX_4rv_33z",
        employer=employer,
        headline="Backendutvecklare",
    )
    sign_in(page, live_server, "matcher-sydost")
    for path, what in [
        ("/matchning/arbetsgivare/", "employers"),
        (f"/matchning/arbetsgivare/{employer.pk}/", "employer with a recent contact"),
        ("/matchning/arbetsgivare/ny/", "employer form"),
        ("/matchning/lediga/", "vacancies"),
        (f"/matchning/lediga/{vacancy.pk}/", "vacancy"),
        (f"/matchning/lediga/ny/?employer={employer.pk}&yrke=backend", "vacancy form with search"),
        ("/matchning/yrken/?q=2512", "occupations"),
        ("/matchning/lediga/fritext/", "free-text ad"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page, what)
        assert_fits_320_px(page, what)
    page.goto(f"{live_server.url}/matchning/arbetsgivare/{employer.pk}/")
    page.locator("#id_subject").fill("")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert_accessible(page, "contact form with an error")
    page.goto(f"{live_server.url}/matchning/lediga/fritext/")
    page.locator("#id_employer").select_option(str(employer.pk))
    page.locator("#id_headline").fill("Undersköterska")
    page.locator("#id_text").fill("Vi söker en undersköterska till hemtjänsten.")
    page.locator("button[name=suggest]").click()
    page.wait_for_selector("#suggestions-title")
    assert_accessible(page, "free-text ad with suggestions")
    assert_fits_320_px(page, "free-text ad with suggestions")
