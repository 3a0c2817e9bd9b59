"""factory_boy factories for cases: referrals, exits, interruptions, each in a state in one line.

These write the rows directly, bypassing the services on purpose: they are fast fixtures for a
test that needs a case *in* a state, not the way into it. They write no audit entries, no
district events and book no first meeting. A test of a whole path (referral → first meeting →
plan → approval) stays service-built: `tests/participants/scenarios.py`.

Rows satisfy the models' database constraints. By default a referral is Farsta's, made by
Farsta's officer (`officer-farsta`, as in the `staff` fixture: the same user when both are used)
to Jobbtorg Sydost, under the target group `unemployed_assistance`, as the scenarios make them.

- `ReferralFactory()`: referred, awaiting the first meeting.
- `ReferralFactory(enrolled=True)`: first meeting held today, enrolled today, coached by
  `coach-sydost`, with the rows the first meeting writes (FirstMeeting held, CoachAssignment,
  Assessment).
- `ReferralFactory(exited=True)`: enrolled as above, then exited today (an `Exit` row, reason
  `stopped`).
- `ExitFactory()` (of an enrolled case, which it marks exited): `to_work=True`, `to_studies=True`.
- `InterruptionFactory()`: an ongoing interruption of an enrolled case (`ended=True`: over).
"""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from jobbtorg.participants.models import (
    AfRegistration,
    Assessment,
    CoachAssignment,
    EmploymentExtent,
    EmploymentForm,
    Exit,
    ExitReason,
    FirstMeeting,
    Interruption,
    InterruptionReason,
    MeetingOutcome,
    Referral,
    Stage,
    TargetGroup,
)
from tests.factories import ParticipantFactory, UserFactory, district, job_centre


def farsta_officer():
    return UserFactory(username="officer-farsta", officer=True)


def sydost_coach():
    return UserFactory(username="coach-sydost", coach=True)


def _today() -> dt.date:
    return timezone.localdate()


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    district = factory.LazyFunction(lambda: district("farsta"))
    job_centre = factory.LazyFunction(lambda: job_centre("sydost"))
    target_group = factory.LazyFunction(
        lambda: TargetGroup.objects.get(code="unemployed_assistance")
    )
    basis = "Arbetslös sedan ett år, försörjningsstöd."
    consent_given = True
    referred_by = factory.LazyFunction(farsta_officer)
    referred_at = factory.LazyFunction(timezone.now)
    stage = Stage.REFERRED

    class Params:
        enrolled = factory.Trait(
            stage=Stage.ENROLLED,
            enrolled_on=factory.LazyFunction(_today),
            duties_explained=True,
            af_registration=AfRegistration.REGISTERED,
            coach=factory.LazyFunction(sydost_coach),
        )
        exited = factory.Trait(
            stage=Stage.EXITED,
            enrolled_on=factory.LazyFunction(_today),
            duties_explained=True,
            af_registration=AfRegistration.REGISTERED,
            coach=factory.LazyFunction(sydost_coach),
        )

    @factory.post_generation
    def first_meeting(obj, create, extracted, **kwargs):  # noqa: N805
        """An enrolled (or exited) case has had its first meeting: the rows it writes."""
        if not create or obj.enrolled_on is None or obj.coach is None:
            return
        FirstMeeting.objects.create(
            referral=obj,
            held_on=obj.enrolled_on,
            outcome=MeetingOutcome.HELD,
            recorded_by=obj.coach,
        )
        CoachAssignment.objects.create(
            referral=obj, coach=obj.coach, assigned_from=obj.enrolled_on, assigned_by=obj.coach
        )
        Assessment.objects.create(referral=obj, updated_by=obj.coach)

    @factory.post_generation
    def exit_row(obj, create, extracted, **kwargs):  # noqa: N805
        """An exited case has its `Exit` row (pass `exit_row__reason=...` to choose another)."""
        if not create or obj.stage != Stage.EXITED:
            return
        fields = {"reason": ExitReason.STOPPED} | kwargs
        ExitFactory(referral=obj, **fields)


class ExitFactory(factory.django.DjangoModelFactory):
    """The exit of an enrolled case, which it marks exited (as the exit service does)."""

    class Meta:
        model = Exit
        skip_postgeneration_save = True

    referral = factory.SubFactory(ReferralFactory, enrolled=True)
    date = factory.LazyFunction(_today)
    reason = ExitReason.STOPPED
    recorded_by = factory.LazyAttribute(lambda o: o.referral.coach or sydost_coach())

    class Params:
        to_work = factory.Trait(
            reason=ExitReason.WORK,
            employment_form=EmploymentForm.PERMANENT,
            extent=EmploymentExtent.FULL,
            hours_per_week=Decimal("40.0"),
            wage_subsidy=False,
            employer="Farsta Bygg AB",
            occupation_ssyk="7111",
        )
        to_studies = factory.Trait(
            reason=ExitReason.STUDIES,
            studies_with_student_finance=True,
        )

    @factory.post_generation
    def close_case(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        obj.referral.interruptions.filter(end__isnull=True).update(end=obj.date)
        if obj.referral.stage != Stage.EXITED:
            obj.referral.stage = Stage.EXITED
            obj.referral.save(update_fields=["stage", "updated_at"])


class InterruptionFactory(factory.django.DjangoModelFactory):
    """An interruption (R17) of an enrolled case: ongoing from today unless `ended=True`."""

    class Meta:
        model = Interruption

    referral = factory.SubFactory(ReferralFactory, enrolled=True)
    reason = InterruptionReason.ILLNESS
    start = factory.LazyFunction(_today)
    expected_end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(days=30))
    recorded_by = factory.LazyAttribute(lambda o: o.referral.coach or sydost_coach())

    class Params:
        ended = factory.Trait(end=factory.LazyAttribute(lambda o: o.start))
