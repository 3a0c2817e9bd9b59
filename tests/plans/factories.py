"""factory_boy factories for activity plans: a plan version in a state, with its activities.

These write the rows directly, bypassing the services on purpose: they are fast fixtures for a
test that needs a plan *in* a state, not the way into it. They write no audit entries and no
district events. A test of the whole path (submit → approve or reject) stays service-built:
`tests/participants/scenarios.py` (`write_plan`, `approve`).

Rows satisfy the models' database constraints. A version belongs by default to a new enrolled
case (`ReferralFactory(enrolled=True)`), is written by its coach and numbered after the case's
versions so far; it comes with one activity (job search, 20 hours a week for four weeks) as the
scenarios' `activity()`: pass `activity=None` for none.

- `PlanVersionFactory()` / `PlanVersionFactory(awaiting_approval=True)`: awaiting approval.
- `PlanVersionFactory(approved=True)`: approved by Farsta's officer: the case's active plan. As
  `plan_approve` does, an earlier approved version of the case is marked superseded.
- `PlanActivityFactory(plan=...)`: one more activity in a version.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from jobbtorg.plans.models import PlanActivity, PlanStatus, PlanVersion
from jobbtorg.providers.models import ActivityType
from tests.participants.factories import ReferralFactory, farsta_officer, sydost_coach


def _today() -> dt.date:
    return timezone.localdate()


def _next_number(version) -> int:
    return PlanVersion.objects.filter(referral=version.referral).count() + 1


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion
        skip_postgeneration_save = True

    referral = factory.SubFactory(ReferralFactory, enrolled=True)
    number = factory.LazyAttribute(_next_number)
    status = PlanStatus.AWAITING_APPROVAL
    start = factory.LazyFunction(_today)
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(days=27))
    written_by = factory.LazyAttribute(lambda o: o.referral.coach or sydost_coach())
    drawn_up_on = factory.LazyFunction(_today)
    activity = factory.RelatedFactory(
        "tests.plans.factories.PlanActivityFactory", factory_related_name="plan"
    )

    class Params:
        awaiting_approval = factory.Trait(status=PlanStatus.AWAITING_APPROVAL)
        approved = factory.Trait(
            status=PlanStatus.APPROVED,
            decided_by=factory.LazyFunction(farsta_officer),
            decided_at=factory.LazyFunction(timezone.now),
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("status") == PlanStatus.APPROVED:
            PlanVersion.objects.filter(
                referral=kwargs["referral"], status=PlanStatus.APPROVED
            ).update(status=PlanStatus.SUPERSEDED)
        return super()._create(model_class, *args, **kwargs)


class PlanActivityFactory(factory.django.DjangoModelFactory):
    """An activity in a plan version (a new version awaiting approval, unless `plan=` is given),
    over the version's dates."""

    class Meta:
        model = PlanActivity

    plan = factory.SubFactory(PlanVersionFactory, activity=None)
    activity_type = factory.LazyFunction(lambda: ActivityType.objects.get(code="job_search"))
    provider_name = "Jobbtorg Sydost"
    start = factory.SelfAttribute("plan.start")
    end = factory.SelfAttribute("plan.end")
    hours_per_week = Decimal("20.0")
    goal = "Söka tio jobb i veckan."
