"""The key-figure dashboard in Chromium, with axe-core and at 320 px: charts with alt text and
tables, statuses in words, the analyst's "fewer than 5". Over known records computed by the real
engine (tests/followup/known_records.py)."""

import pytest

from jobbtorg.followup.models import IndicatorTarget
from jobbtorg.followup.services.key_figures import INDICATORS
from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, sign_in
from tests.followup import known_records

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def stubbed(monkeypatch):
    known_records.install(monkeypatch)


def test_the_dashboard_by_target_group_and_with_an_error(page, live_server, staff, stubbed):
    IndicatorTarget.objects.create(
        indicator="exits_to_work_share", value=0.45, near_margin=0.05, valid_from_year=2020
    )
    sign_in(page, live_server, "analyst")
    page.goto(f"{live_server.url}/nyckeltal/?ar={known_records.YEAR}&tertial=1&per=target_group")
    tables = page.locator("table.responsive-table:not(.overview-table)")
    # A table and a chart for each indicator with data; the others say so in words.
    assert tables.count() == page.locator("figure.chart img").count() > 0
    assert "Resurs" in tables.first.inner_text()
    # The overview: every indicator against its target, above the details.
    assert page.locator(".overview-table tbody tr").count() >= len(INDICATORS)
    assert_accessible(page, "key figures by target group")
    assert_fits_320_px(page, "key figures by target group")
    page.goto(f"{live_server.url}/nyckeltal/?ar={known_records.YEAR}&tertial=1")
    charts = page.locator("figure.chart img").count()
    assert charts + page.get_by_text("Inga uppgifter ännu", exact=False).count() >= len(INDICATORS)
    assert page.locator(".chip--met, .chip--near, .chip--not_met").count() >= 1
    assert "42,0 %" in page.locator("#indicator-exits_to_work_share ~ table").inner_text()
    assert_accessible(page, "key figures for the city")
    assert_fits_320_px(page, "key figures for the city")
    # Located by id: the new labels are translated at merge.
    page.locator("#id_ar").fill("19")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert_accessible(page, "key figures with an error")
