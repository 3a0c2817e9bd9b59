"""The cross-app reads of the pages in web write the read-audit for what they return, and
nothing for what is outside the scope."""

import pytest
from django.http import Http404

from jobbtorg.web.my_day import coach_day_shown, manager_day_shown
from jobbtorg.web.participant_overview import overview_for_display
from tests.audit_reads import people_named
from tests.participants.scenarios import context, enrol, refer


def _reads(action: str, actor) -> list:
    return people_named(action, actor=actor)


def test_overview_for_display_records_the_person_and_nothing_outside_the_scope(staff, people):
    user = staff.officer_farsta
    participant, _overview = overview_for_display(
        user=user, participant_id=people.in_farsta.pk, audit_context=context(user)
    )
    assert participant == people.in_farsta
    with pytest.raises(Http404):
        overview_for_display(
            user=user, participant_id=people.in_rinkeby.pk, audit_context=context(user)
        )
    assert _reads("participant.viewed", user) == [people.in_farsta.pk]
    assert _reads("plan.viewed", user) == []


def test_coach_day_shown_records_every_person_on_it(staff):
    coach = staff.coach_sydost
    case = enrol(refer(staff.officer_farsta), coach)
    day = coach_day_shown(user=coach, page_number=1, audit_context=context(coach))
    assert [row["case"] for row in day["caseload_rows"]] == [case]
    assert _reads("participant.listed", coach) == [case.participant_id]


def test_manager_day_shown_records_every_person_on_it(staff):
    manager = staff.manager_sydost
    case = refer(staff.officer_farsta)
    day = manager_day_shown(user=manager, page_number=1, audit_context=context(manager))
    assert day["awaiting_first_meeting"] == 1
    assert _reads("participant.listed", manager) == [case.participant_id]

    other = staff.manager_jarva
    manager_day_shown(user=other, page_number=1, audit_context=context(other))
    assert _reads("participant.listed", other) == []
