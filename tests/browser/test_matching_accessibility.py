"""The matching pages that show people, in Chromium with axe-core and at 320 px."""

import pytest

from jobbtorg.matching.services.proposals import proposal_agree, proposal_create, proposal_send
from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, sign_in
from tests.matching.scenario import a_fair, person, vacancy
from tests.participants.scenarios import context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_matching_pages_for_the_matcher_and_the_coach(page, live_server, staff):
    referral = person(staff)
    job = vacancy()
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=job, referral=referral)
    fair = a_fair(staff)
    sign_in(page, live_server, "coach-sydost")
    for path, name in (
        (f"/deltagare/{referral.participant_id}/matchningsprofil/", "matching profile (coach)"),
        (f"/matchning/forslag/{proposal.pk}/", "proposal to agree (coach)"),
        ("/matchning/att-gora/", "matching to do (coach)"),
    ):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page, name)
        assert_fits_320_px(page, name)
    proposal_agree(
        context(staff.coach_sydost), proposal, person_agrees=True, shared_fields=["skills"]
    )
    proposal_send(context(staff.matcher_sydost), proposal)
    page.context.clear_cookies()
    sign_in(page, live_server, "matcher-sydost")
    for path, name in (
        (f"/matchning/lediga/{job.pk}/kandidater/", "candidates for a vacancy"),
        (f"/matchning/forslag/{proposal.pk}/", "proposal sent (matcher)"),
        (f"/matchning/forslag/{proposal.pk}/profil/", "the employer's profile"),
        ("/matchning/att-gora/", "matching to do (matcher)"),
        ("/matchning/massor/", "recruitment fairs"),
        (f"/matchning/massor/{fair.pk}/", "a recruitment fair"),
    ):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page, name)
        assert_fits_320_px(page, name)
