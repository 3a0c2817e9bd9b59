"""The public summer-job pages in Chromium with axe-core: the application form in Swedish,
English and plain Swedish (with its errors), the applicant's page and the workplace report."""

import pytest

from jobbtorg.summerjobs.models import SummerApplication
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
)
from tests.summerjobs.conftest import make_application, make_offer, make_run, pin_aged

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def summer_live(db):
    from types import SimpleNamespace

    from tests.summerjobs.conftest import make_season, make_workplace

    season = make_season()
    return SimpleNamespace(
        season=season,
        periods=list(season.periods.order_by("starts_on")),
        library=make_workplace(season, "Biblioteket"),
        park=make_workplace(season, "Parken", slug="skarpnack"),
    )


def test_the_application_form_in_three_versions_with_errors_and_a_receipt(
    page, live_server, summer_live
):
    page.goto(f"{live_server.url}/sommarjobb/")
    assert_accessible(page, "application form (sv)")
    assert_fits_320_px(page, "application form (sv)")

    page.goto(f"{live_server.url}/sommarjobb/?lattlast=1")
    assert page.get_by_role("heading", level=1).inner_text() == "Sök sommarjobb"
    assert_accessible(page, "application form (plain Swedish)")
    assert_fits_320_px(page, "application form (plain Swedish)")

    click_and_wait(page.get_by_role("button", name="Skicka ansökan"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "application form with errors (plain Swedish)")

    page.get_by_label("Ditt personnummer").fill(pin_aged(summer_live.season, 18))
    page.get_by_label("Ditt förnamn").fill("Alva")
    page.get_by_label("Ditt efternamn").fill("Andersson")
    page.get_by_label("Ditt telefonnummer").fill("070-1234567")
    page.get_by_label("Var bor du?").select_option(label="Farsta")
    page.get_by_label("Val 1").select_option(index=1)
    page.get_by_label(summer_live.periods[0].name, exact=False).check()
    click_and_wait(page.get_by_role("button", name="Skicka ansökan"))
    assert page.locator("#confirmation-code").inner_text()
    assert SummerApplication.objects.count() == 1
    assert_accessible(page, "receipt (plain Swedish)")

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/sommarjobb/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, "application form (en)")
    assert_fits_320_px(page, "application form (en)")


def test_the_applicants_page_with_an_offer(page, live_server, summer_live):
    application = make_application(summer_live, code="ABCDEFGHJK")
    make_offer(make_run(summer_live), application, summer_live.library)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/sommarjobb/min-ansokan/")
    assert_accessible(page, "applicant look-up")
    assert_fits_320_px(page, "applicant look-up")
    page.get_by_label("Personal identity number").fill(application.personal_identity_number)
    page.get_by_label("Confirmation code").fill("WRONGWRONG")
    click_and_wait(page.locator("form.form button[type=submit]"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "applicant look-up with an error")
    page.get_by_label("Confirmation code").fill("ABCDEFGHJK")
    click_and_wait(page.locator("form.form button[type=submit]"))
    assert "Biblioteket" in page.content()
    assert_accessible(page, "applicant's page with an offer")
    assert_fits_320_px(page, "applicant's page with an offer")


def test_the_workplace_report_form(page, live_server, summer_live):
    page.goto(f"{live_server.url}/sommarjobb/arbetsplats/")
    assert_accessible(page, "workplace report form")
    assert_fits_320_px(page, "workplace report form")
    click_and_wait(page.locator("form.form button[type=submit]"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "workplace report form with errors")


def test_a_submission_sent_again_without_the_code_on_the_staff_pages(
    page, live_server, summer_live
):
    from jobbtorg.core.roles import Role
    from tests.browser.test_accessibility import sign_in
    from tests.factories import UserFactory, job_centre

    earlier = make_application(summer_live, code="ABCDEFGHJK")
    later = make_application(summer_live, code="ZZZZZZZZZZ", n=2, first="Mallory")
    SummerApplication.objects.filter(pk=later.pk).update(
        personal_identity_number=earlier.personal_identity_number, duplicate_of=earlier
    )
    UserFactory(username="matchare", role=Role.MATCHER, job_centre=job_centre("sydost"))
    sign_in(page, live_server, "matchare")
    page.goto(f"{live_server.url}/sommarjobb/personal/ansokningar/")
    assert "Skickad igen utan kod" in page.content()
    page.goto(f"{live_server.url}/sommarjobb/personal/ansokningar/{later.pk}/")
    assert_accessible(page, "later submission (staff)")
    assert_fits_320_px(page, "later submission (staff)")
    page.screenshot(path="/tmp/sas/later.png", full_page=True)
    page.get_by_role("button", name="Ta bort den här ansökan").click()
    page.wait_for_url(f"{live_server.url}/sommarjobb/personal/ansokningar/{earlier.pk}/")
    assert list(SummerApplication.objects.all()) == [earlier]
