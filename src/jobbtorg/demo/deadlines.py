"""The case deadlines (`plans/case_deadlines.py`) of the demo's cases, kept once at the end of
the load instead of after every save: a story writes each case a dozen times (referral, first
meeting, plan, approval, places, exit) and then dates it back, and keeping the deadlines after
each write was a third of the load's time. The result is the same: keeping reads only the
facts, and it runs over every case once they are all written and dated."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.signals import post_save

from jobbtorg.participants.models import Interruption, LimitException, Referral
from jobbtorg.plans import receivers
from jobbtorg.plans.case_deadlines import case_deadlines_keep
from jobbtorg.plans.models import FollowUp, PlanActivity, PlanVersion

FACTS = (Referral, Interruption, LimitException, PlanVersion, PlanActivity, FollowUp)


@contextmanager
def deadlines_kept_at_the_end() -> Iterator[None]:
    """Within: no deadlines kept on save. After: those of the cases written within kept."""
    before = set(Referral.objects.values_list("pk", flat=True))
    for model in FACTS:
        post_save.disconnect(sender=model, dispatch_uid=f"deadlines-{model.__name__}")
    try:
        yield
    finally:
        receivers.connect()
    written = Referral.objects.exclude(pk__in=before).values_list("pk", flat=True)
    case_deadlines_keep(referral_ids=list(written))
