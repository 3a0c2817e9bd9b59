"""The look-ups in Chromium with axe-core: type a few letters of an occupation, pick its name
from the taxonomy, and the exit stores its SSYK code; the same on the matching profile. No
content-security-policy violation (htmx is served from this site, with no inline style)."""

import pytest
from django.utils import timezone

from jobbtorg.participants.models import Exit
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.matching.scenario import person
from tests.participants.scenarios import active_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    return problems


def look_up(page, field_id: str, typed: str, what: str) -> None:
    """Type a few letters; the choices arrive in the field's datalist; the page stays
    accessible and fits a phone."""
    page.locator(f"#{field_id}").press_sequentially(typed, delay=30)
    page.wait_for_selector(f"#{field_id}-choices option", state="attached")
    assert_accessible(page, what)
    assert_fits_320_px(page, what)


def no_policy_violation(console: list[str]) -> None:
    assert not [text for text in console if "Content Security Policy" in text], console


def test_the_occupation_look_up_of_the_exit(page, live_server, staff):
    referral = active_case(staff)
    console = watch_console(page)
    sign_in(page, live_server, "coach-sydost")
    page.goto(f"{live_server.url}/deltagare/{referral.participant_id}/avslut/")
    look_up(page, "id_occupation_ssyk", "svets", "exit form with occupation choices")
    assert page.locator('#id_occupation_ssyk-choices option[value="Svetsare"]').count() == 1
    page.locator("#id_occupation_ssyk").fill("Svetsare")
    page.locator("#id_date").fill(timezone.localdate().isoformat())
    page.locator("#id_reason").select_option("work")
    page.locator("#id_employment_form").select_option("permanent")
    page.locator("#id_extent").select_option("full")
    page.locator("#id_wage_subsidy_1").check()
    click_and_wait(page.locator("form.form button[type=submit]"))
    assert Exit.objects.get().occupation_ssyk == "7212"
    no_policy_violation(console)


def test_the_look_ups_of_the_matching_profile(page, live_server, staff):
    referral = person(staff)
    console = watch_console(page)
    sign_in(page, live_server, "coach-sydost")
    page.goto(f"{live_server.url}/deltagare/{referral.participant_id}/matchningsprofil/")
    look_up(page, "id_find_skill", "java micro", "matching profile with skill choices")
    page.locator("#id_find_skill").fill("Java Micro Edition/JME")
    click_and_wait(page.locator("button[value='add:skills']"))
    assert "Java Micro Edition/JME" in page.locator("#id_skills").input_value()
    assert_accessible(page, "matching profile after adding a skill")
    no_policy_violation(console)


def test_the_occupation_look_up_of_a_new_fair(page, live_server, staff):
    console = watch_console(page)
    sign_in(page, live_server, "matcher-sydost")
    page.goto(f"{live_server.url}/matchning/massor/")
    look_up(page, "id_find_occupation", "underskö", "new fair with occupation choices")
    no_policy_violation(console)
