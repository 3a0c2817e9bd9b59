"""What is due in one case, from plain facts (R10, R13). The app's adapter reads the facts of
many cases in a few queries; this module decides, and imports no Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jobbtorg.engines.rules import deadlines


@dataclass(frozen=True)
class VersionFacts:
    number: int
    status: str
    decided_on: date | None
    rejection_reason: str = ""


@dataclass(frozen=True)
class ActivityFacts:
    id: int
    name: str
    start: date
    end: date
    max_length_days: int | None
    followed_up: bool


@dataclass(frozen=True)
class CaseFacts:
    enrolled_on: date
    interruptions: tuple[deadlines.Interruption, ...] = ()
    versions: tuple[VersionFacts, ...] = ()
    # The approved version's start and activities, when there is one.
    active_plan_start: date | None = None
    activities: tuple[ActivityFacts, ...] = ()
    # `until` of approved exceptions to the 18-month limit.
    extended_until: tuple[date, ...] = ()


@dataclass(frozen=True)
class DueItem:
    kind: str
    due_on: date
    detail: str = ""
    activity_id: int | None = None


@dataclass(frozen=True)
class CaseDue:
    plan_due: date | None
    follow_ups_due: tuple[DueItem, ...]
    review_due: date | None
    participation_ends: date
    items: tuple[DueItem, ...]


def case_due(facts: CaseFacts, today: date) -> CaseDue:
    """Deadlines of an enrolled case on `today`. While interrupted, the work deadlines pause;
    the 18-month end keeps moving."""
    ends = deadlines.participation_end(
        facts.enrolled_on, facts.interruptions, extended_until=facts.extended_until, as_of=today
    )
    items: list[DueItem] = []
    if today >= deadlines.limit_warning_from(ends):
        items.append(DueItem("participation_limit", ends))
    if any(i.end is None and i.start <= today for i in facts.interruptions):
        return CaseDue(None, (), None, ends, tuple(items))
    plan_due = None
    latest = max(facts.versions, key=lambda v: v.number, default=None)
    if latest is None:
        plan_due = deadlines.plan_due(facts.enrolled_on)
        items.append(DueItem("plan_due", plan_due))
    elif latest.status == "rejected":
        items.append(DueItem("plan_rejected", latest.decided_on or today, latest.rejection_reason))
    follow_ups: list[DueItem] = []
    review = None
    if facts.active_plan_start is not None:
        review = deadlines.review_due(facts.active_plan_start)
        items.append(DueItem("review_due", review))
        for activity in facts.activities:
            if activity.followed_up:
                continue
            due_on = deadlines.activity_follow_up_due(
                activity.start, activity.end, activity.max_length_days
            )
            follow_ups.append(DueItem("follow_up_due", due_on, activity.name, activity.id))
        items.extend(follow_ups)
    items.sort(key=lambda item: item.due_on)
    return CaseDue(plan_due, tuple(follow_ups), review, ends, tuple(items))
