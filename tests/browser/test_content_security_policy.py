"""Key pages in Chromium under the content security policy: the browser reports no violation,
and what the pages do with script still works (the print button, the API documentation)."""

import pytest

from jobbtorg.followup.services.key_figures import INDICATORS
from tests.browser.test_accessibility import sign_in
from tests.followup import known_records
from tests.providers.test_pages import person_placed_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any page script (Playwright injects it outside the page's policy): collects the
# violations the browser reports to the page, and stands in for the print dialogue.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
window.__printed = 0;
window.print = () => { window.__printed += 1; };
"""


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.violations = messages
    return page


def assert_no_violation(page, what):
    page.wait_for_load_state("load")
    reported = page.evaluate("window.__violations")
    console = [m for m in page.violations if "Content Security Policy" in m]
    assert reported == [] and console == [], f"{what}: {reported} {console}"
    policy = page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, what


def test_the_policy_blocks_an_inline_script_and_the_watch_sees_it(watched, live_server):
    """The watch itself can fail: an inline script added to a page is blocked and reported."""
    watched.goto(f"{live_server.url}/logga-in/")
    watched.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.append(s); }"
    )
    watched.wait_for_function("window.__violations.length > 0")
    assert watched.evaluate("window.__ran") is None


def test_sign_in_and_the_person_page_log_no_violation(watched, live_server, staff):
    participation = person_placed_at(staff, staff.provider_staff.provider, 1)
    person = participation.referral.participant_id
    watched.goto(f"{live_server.url}/logga-in/")
    assert_no_violation(watched, "sign-in")
    sign_in(watched, live_server, "coach-sydost")
    assert_no_violation(watched, "my day")
    watched.goto(f"{live_server.url}/deltagare/{person}/")
    assert_no_violation(watched, "person page")

    # The printable week's button: a script file now, no onclick.
    watched.goto(f"{live_server.url}/deltagare/{person}/vecka/?utskrift=1")
    watched.get_by_role("button", name="Skriv ut").click()
    assert watched.evaluate("window.__printed") == 1
    assert_no_violation(watched, "printable week")


def test_the_key_figures_with_their_charts_log_no_violation(
    watched, live_server, staff, monkeypatch
):
    known_records.install(monkeypatch)
    sign_in(watched, live_server, "analyst")
    watched.goto(f"{live_server.url}/nyckeltal/?ar={known_records.YEAR}&tertial=1")
    charts = watched.locator("figure.chart img")
    # One chart per indicator with data; one without says so in words and draws none.
    sections = watched.locator("section[aria-labelledby^='indicator-']")
    assert sections.count() == len(INDICATORS)
    assert (
        charts.count()
        == sections.count() - sections.filter(has=watched.locator(".no-data")).count()
    )
    assert charts.count() >= len(INDICATORS) // 2
    # The charts are data: images, which the policy allows: each one is drawn.
    assert watched.evaluate(
        "[...document.querySelectorAll('figure.chart img')].every(i => i.naturalWidth > 0)"
    )
    assert_no_violation(watched, "key figures")


def test_the_public_summer_job_form_logs_no_violation(watched, live_server, db):
    from tests.summerjobs.conftest import make_season, make_workplace

    make_workplace(make_season(), "Biblioteket")
    watched.goto(f"{live_server.url}/sommarjobb/")
    assert_no_violation(watched, "summer-job form")
    watched.get_by_role("button", name="Skicka ansökan").click()
    watched.wait_for_selector(".error-summary")
    assert_no_violation(watched, "summer-job form with errors")


def test_the_api_documentation_renders_under_the_policy(watched, live_server, staff):
    sign_in(watched, live_server, "manager-sydost")
    watched.goto(f"{live_server.url}/api/v1/docs")
    # Swagger UI is a script: the operations listed show that it ran and read the document.
    operations = watched.locator(".opblock-summary-path")
    operations.first.wait_for(timeout=15000)
    assert "/api/v1/participants/{participant_id}" in operations.all_inner_texts()
    assert_no_violation(watched, "API documentation")
