"""What Min sida tells the person about where their case stands (ADR 0005, point 5): the
deadlines that concern them, an interruption and its expected end, and after the exit what
happens with their assistance. Read only through the person's own selectors.

Which of the staff's deadlines (`plans/deadlines.case_deadlines`) are the person's business is
decided here and written down in docs/adr/0005 ("What the person sees of their deadlines"):
the plan due within 5 working days, the review of the plan and the follow-up of an activity
(both talks with the person, R13) are; the 18-month limit (the staff's flag to exit to the job
guarantee or ask for an exception) and a refused plan (the staff's work in progress) are not.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from jobbtorg.participants.models import Interruption, Participant, Referral, Stage
from jobbtorg.participants.selectors.for_participant import intake_slots_visible_to_participant
from jobbtorg.plans.deadlines import case_deadlines
from jobbtorg.plans.models import PlanVersion
from jobbtorg.plans.selectors import plan_awaiting_approval_for_participant

# The staff's deadline kinds the person is told about, each with its own sentence on the page.
PERSONS_DEADLINE_KINDS = frozenset({"plan_due", "review_due", "follow_up_due"})


@dataclass(frozen=True)
class PersonsDeadline:
    """Something that concerns the person, due on `due_on`. `kind` picks the sentence:
    first_meeting, plan_due, review_due, follow_up_due, activity_ends, plan_ends. `what` names
    the activity; `at` is the time of a meeting."""

    kind: str
    due_on: dt.date
    what: str = ""
    at: dt.datetime | None = None


def deadlines_of(
    person: Participant,
    case: Referral,
    plan: PlanVersion | None,
    *,
    now: dt.datetime,
) -> list[PersonsDeadline]:
    """The person's deadlines from today on, the earliest first."""
    today = now.date()
    found: list[PersonsDeadline] = []
    if case.stage == Stage.EXITED:
        return found
    meeting = (
        intake_slots_visible_to_participant(person)
        .filter(referral=case, starts_at__gte=now)
        .order_by("starts_at")
        .first()
    )
    if meeting is not None:
        found.append(
            PersonsDeadline(
                "first_meeting",
                timezone.localdate(meeting.starts_at),
                at=timezone.localtime(meeting.starts_at),
            )
        )
    found += [
        PersonsDeadline(item.kind, item.due_on, item.detail)
        for item in case_deadlines(case, today).items
        if item.kind in PERSONS_DEADLINE_KINDS
    ]
    if plan is not None:
        found.append(PersonsDeadline("plan_ends", plan.end))
        found += [
            PersonsDeadline(
                "activity_ends",
                activity.end,
                f"{activity.activity_type.name}, {activity.provider_label}"
                if activity.provider_label
                else str(activity.activity_type.name),
            )
            for activity in plan.activities.select_related("activity_type", "provider")
        ]
    return sorted(
        (item for item in found if item.due_on >= today),
        key=lambda item: (item.due_on, item.kind),
    )


def plan_awaiting_approval(person: Participant, case: Referral) -> bool:
    return case.stage != Stage.EXITED and plan_awaiting_approval_for_participant(person, case)


def paused_until(interruption: Interruption) -> dt.date | None:
    """The last day the person's planning is expected to be paused: the interruption's end when
    it has one, else its expected end (None: not known yet)."""
    return interruption.end or interruption.expected_end
