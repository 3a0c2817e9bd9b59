"""The effect page (/nyckeltal/effekt/) in Chromium, with axe-core and at 320 px: the table
for an analyst with a suppressed group, and the page with an error."""

import pytest

from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, sign_in
from tests.followup.effect_data import M_END, M, planted

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_effect_page_with_numbers_a_suppressed_group_and_an_error(
    page, live_server, staff, tmp_path
):
    planted(tmp_path, treated=12, pool=12)
    planted(tmp_path, treated=2, pool=2, district="skarpnack", first=200)
    sign_in(page, live_server, "analyst")
    page.goto(
        f"{live_server.url}/nyckeltal/effekt/?start={M.isoformat()}&end={M_END.isoformat()}"
        "&by=district"
    )
    assert "fewer than 5" in page.locator("#effect-2").inner_text() or "färre än 5" in (
        page.locator("#effect-2").inner_text()
    )
    assert_accessible(page, "effect page")
    assert_fits_320_px(page, "effect page")
    # Located by id: the new labels are translated at merge.
    page.locator("#id_end").fill("2000-01-01")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert_accessible(page, "effect page with an error")
