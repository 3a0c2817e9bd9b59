"""The case factories build rows that the app's own selectors and rules read as intended."""

import pytest
from django.utils import timezone

from jobbtorg.engines.rules import exit as exit_rule
from jobbtorg.participants.models import Exit, Stage
from jobbtorg.participants.selectors import (
    enrolled_referrals_for,
    exits_visible_to,
    interruptions_visible_to,
    referrals_visible_to,
)
from jobbtorg.plans.deadlines import case_deadlines
from tests.participants.factories import ExitFactory, InterruptionFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def proposed(exit_: Exit) -> exit_rule.ProposedExit:
    """The recorded exit as the exit rule takes it."""
    return exit_rule.ProposedExit(
        reason=exit_.reason,
        date=exit_.date,
        reason_text=exit_.reason_text,
        employment=exit_rule.Employment(
            form=exit_.employment_form,
            extent=exit_.extent,
            hours_per_week=exit_.hours_per_week,
            wage_subsidy=exit_.wage_subsidy,
            employer=exit_.employer,
            occupation_ssyk=exit_.occupation_ssyk,
        ),
        studies_with_student_finance=exit_.studies_with_student_finance,
    )


def problems_of(exit_: Exit) -> tuple:
    return exit_rule.exit_problems(
        proposed(exit_),
        today=timezone.localdate(),
        referred_on=timezone.localdate(exit_.referral.referred_at),
    )


def test_a_referral_is_farstas_at_sydost_awaiting_its_first_meeting(staff):
    referral = ReferralFactory()
    assert referral.stage == Stage.REFERRED
    assert referral.referred_by == staff.officer_farsta
    assert referral.job_centre.slug == "sydost"
    assert referral.consent_documented
    assert referral in referrals_visible_to(staff.officer_farsta)
    assert referral in referrals_visible_to(staff.coach_sydost)
    assert referral not in referrals_visible_to(staff.coach_jarva)
    assert referral not in enrolled_referrals_for(staff.coach_sydost)


def test_an_enrolled_referral_is_on_its_coachs_caseload(staff):
    referral = ReferralFactory(enrolled=True)
    assert referral in referrals_visible_to(staff.coach_sydost)
    assert referral in enrolled_referrals_for(staff.coach_sydost)
    referral.refresh_from_db()
    assert referral.stage == Stage.ENROLLED
    assert referral.enrolled_on == timezone.localdate()
    assert referral.coach == staff.coach_sydost
    assert referral.first_meetings.get().outcome == "held"
    assert referral.coach_assignments.get().coach == staff.coach_sydost
    assert referral.assessment is not None
    # Enrolled today with no plan: the plan is due, and the rules read the enrolment date.
    assert case_deadlines(referral).plan_due is not None


def test_an_exited_referral_has_its_exit_and_leaves_the_caseload(staff):
    referral = ReferralFactory(exited=True)
    referral.refresh_from_db()
    assert referral.stage == Stage.EXITED
    assert referral.exit in exits_visible_to(staff.coach_sydost)
    assert problems_of(referral.exit) == ()
    assert referral not in enrolled_referrals_for(staff.coach_sydost)


def test_an_exited_referral_takes_the_reason_it_is_given():
    assert ReferralFactory(exited=True, exit_row__reason="moved").exit.reason == "moved"


def test_an_exit_to_work_passes_the_exit_rule():
    exit_ = ExitFactory(to_work=True)
    assert exit_.reason == "work"
    assert problems_of(exit_) == ()
    exit_.referral.refresh_from_db()
    assert exit_.referral.stage == Stage.EXITED


def test_an_exit_to_studies_passes_the_exit_rule():
    exit_ = ExitFactory(to_studies=True)
    assert exit_.reason == "studies"
    assert exit_.studies_with_student_finance is True
    assert problems_of(exit_) == ()


def test_an_exit_to_work_without_its_job_is_refused_by_the_rule():
    # The check above is not vacuous: the rule does read the row's job.
    exit_ = ExitFactory.build(to_work=True, wage_subsidy=None, referral=ReferralFactory())
    codes = {problem.code for problem in problems_of(exit_)}
    assert codes == {exit_rule.Code.WAGE_SUBSIDY_MISSING}


def test_an_interruption_is_ongoing_and_visible_to_the_coach(staff):
    interruption = InterruptionFactory()
    assert interruption in interruptions_visible_to(staff.coach_sydost)
    assert interruption.end is None
    assert interruption.referral.interruptions.filter(end__isnull=True).count() == 1


def test_an_ended_interruption_is_over():
    interruption = InterruptionFactory(ended=True)
    assert interruption.end == interruption.start


def test_an_exit_ends_the_ongoing_interruption():
    interruption = InterruptionFactory()
    ExitFactory(referral=interruption.referral)
    interruption.refresh_from_db()
    assert interruption.end == timezone.localdate()
