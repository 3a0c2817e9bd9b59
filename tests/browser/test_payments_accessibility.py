"""The payment run pages in Chromium: the list with the month form, a run with lines, problems
and the Approve button, axe-core on each and at 320 px."""

import pytest

from jobbtorg.providers.models import ActivityParticipation, ContractPaymentStep, Provider
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.offering import contract_for, offering_at
from tests.payments.runs import STEPS, month, started

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_previews_and_approves_a_run(page, live_server, staff):
    provider = Provider.objects.create(
        slug="rusta-ab", name="Rusta AB", kind="procured", organisation_number="5560160680"
    )
    contract = contract_for(provider)
    for kind, (a, b, c) in STEPS.items():
        ContractPaymentStep.objects.create(
            contract=contract, kind=kind, amount_a=a, amount_b=b, amount_c=c
        )
    offering = offering_at(provider)
    started(staff, offering, level="C", on=month(-2), first_name="Ada", last_name="Lind")
    broken = started(staff, offering, level="A", on=month(-1), first_name="Bo")
    ActivityParticipation.objects.filter(pk=broken.pk).update(ended_on=month(-2))
    sign_in(page, live_server, "manager-sydost")
    page.goto(f"{live_server.url}/ersattning/")
    assert_accessible(page, "payment runs")
    assert_fits_320_px(page, "payment runs")
    page.locator("#id_month").fill(f"{month(-1):%Y-%m}")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ersattning/*/")
    content = page.locator("main").inner_text()
    assert "Ada Lind" in content and "tas inte med i körningen förrän det är rättat" in content
    assert_accessible(page, "payment run preview")
    assert_fits_320_px(page, "payment run preview")
    click_and_wait(page.locator("form[action$='/godkann/'] button"))
    assert page.locator("a[href$='fakturaunderlag.csv']").count() == 1
    assert_accessible(page, "approved payment run")
