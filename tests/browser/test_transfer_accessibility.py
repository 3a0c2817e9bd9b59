"""The transfer pages in Chromium: upload, the check with problems, axe-core on each."""

import zipfile

import pytest

from jobbtorg.core.roles import Role
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.factories import UserFactory, job_centre, valid_personal_identity_number

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_uploads_a_file_and_reads_the_check(page, live_server, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    UserFactory(username="chef", role=Role.MANAGER, job_centre=job_centre("sydost"))
    good = valid_personal_identity_number(71)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    archive = tmp_path / "overforing.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(
            "participants.csv",
            "personnummer,first_name,last_name,home_district,target_group,referred_on,"
            f"enrolled_on\n{good},Nora,Nyström,farsta,resurs,2026-01-10,\n"
            f"{bad},Bo,Berg,farsta,resurs,2026-01-10,\n",
        )
        # Valid under version 1, with a warning: the reason other, not described.
        z.writestr("exits.csv", f"personnummer,exit_date,reason\n{good},2026-02-01,other\n")
    sign_in(page, live_server, "chef")
    click_and_wait(page.get_by_role("navigation").get_by_role("link", name="Överföring"))
    assert_accessible(page, "transfer upload page")
    assert_fits_320_px(page, "transfer upload page")
    page.get_by_label("Fil i överföringsformatet").set_input_files(str(archive))
    click_and_wait(page.get_by_role("button", name="Kontrollera filen"))
    problems = page.get_by_role("table", name="Fel, per fil och rad").inner_text()
    assert "personnummer" in problems
    warnings = page.get_by_role("table", name="Varningar, per fil och rad").inner_text()
    assert "exits.csv" in warnings and "orsaken är inte beskriven" in warnings
    assert_accessible(page, "transfer check with a problem")
    assert_fits_320_px(page, "transfer check")
