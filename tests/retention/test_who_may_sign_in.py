"""`has_a_case_kept`: who may sign in to their own pages (ADR 0005, point 3) is decided by the
culling's own rule: an open case, or a closed one whose files are not yet due for culling."""

import pytest

from jobbtorg.retention.selectors import has_a_case_kept
from tests.factories import ParticipantFactory
from tests.participants.scenarios import refer
from tests.portal.cases import closed_years_ago

pytestmark = pytest.mark.django_db


def test_an_open_case_lets_the_person_in(staff):
    assert has_a_case_kept(refer(staff.officer_farsta).participant)


def test_a_case_closed_within_the_period_lets_the_person_in(staff):
    assert has_a_case_kept(closed_years_ago(refer(staff.officer_farsta), 4).participant)


def test_a_case_past_the_period_does_not(staff):
    assert not has_a_case_kept(closed_years_ago(refer(staff.officer_farsta), 6).participant)


def test_the_period_is_the_culling_setting(staff, settings):
    settings.JOBBTORG_RETENTION = {
        **settings.JOBBTORG_RETENTION,
        "case_files": {**settings.JOBBTORG_RETENTION["case_files"], "years": 3},
    }
    assert not has_a_case_kept(closed_years_ago(refer(staff.officer_farsta), 4).participant)


def test_a_person_with_no_case_at_all_does_not(db):
    assert not has_a_case_kept(ParticipantFactory())
