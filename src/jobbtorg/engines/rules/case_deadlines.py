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


@dataclass(frozen=True)
class KeptItem:
    """A deadline with the days it is shown on: from `shown_from` (the 18-month flag, 30 days
    before the end) and until the day before `hidden_from` (the work deadlines, while an
    interruption pauses the case); None = no such bound."""

    kind: str
    due_on: date
    detail: str = ""
    activity_id: int | None = None
    shown_from: date | None = None
    hidden_from: date | None = None

    def shown_on(self, day: date) -> bool:
        return (self.shown_from is None or self.shown_from <= day) and (
            self.hidden_from is None or day < self.hidden_from
        )


@dataclass(frozen=True)
class CaseTimeline:
    """A case's deadlines for every day at once, as they are kept with the case so that lists
    filter them by day in a query: `case_due` on a day is `due_on_day` of this.

    It holds on every day when `holds_every_day`; otherwise only on `as_of`: an open-ended
    interruption moves the 18-month end each day it lasts, and a rejected plan with no decision
    day is due "today"."""

    as_of: date
    participation_ends: date
    paused_from: date | None
    # In the order the rule lists them (the 18-month end, the plan, the review, the follow-ups
    # in activity order); shown by due day, equal days in this order (`rank` when kept).
    items: tuple[KeptItem, ...]
    holds_every_day: bool


def case_timeline(facts: CaseFacts, as_of: date) -> CaseTimeline:
    """Deadlines of an enrolled case (R10, R13). While interrupted (an open-ended interruption
    has begun), the work deadlines pause; the 18-month end keeps moving, and is flagged from 30
    days before it."""
    ends = deadlines.participation_end(
        facts.enrolled_on, facts.interruptions, extended_until=facts.extended_until, as_of=as_of
    )
    open_ended = [i.start for i in facts.interruptions if i.end is None]
    paused_from = min(open_ended, default=None)
    holds_every_day = not open_ended
    items = [KeptItem("participation_limit", ends, shown_from=deadlines.limit_warning_from(ends))]
    work: list[KeptItem] = []
    latest = max(facts.versions, key=lambda v: v.number, default=None)
    if latest is None:
        work.append(KeptItem("plan_due", deadlines.plan_due(facts.enrolled_on)))
    elif latest.status == "rejected":
        holds_every_day = holds_every_day and latest.decided_on is not None
        work.append(KeptItem("plan_rejected", latest.decided_on or as_of, latest.rejection_reason))
    if facts.active_plan_start is not None:
        work.append(KeptItem("review_due", deadlines.review_due(facts.active_plan_start)))
        for activity in facts.activities:
            if activity.followed_up:
                continue
            due_on = deadlines.activity_follow_up_due(
                activity.start, activity.end, activity.max_length_days
            )
            work.append(KeptItem("follow_up_due", due_on, activity.name, activity.id))
    items.extend(
        KeptItem(i.kind, i.due_on, i.detail, i.activity_id, hidden_from=paused_from) for i in work
    )
    return CaseTimeline(as_of, ends, paused_from, tuple(items), holds_every_day)


def due_on_day(timeline: CaseTimeline, today: date) -> CaseDue:
    """What is due on `today` (a day the timeline holds on)."""
    listed = [
        DueItem(i.kind, i.due_on, i.detail, i.activity_id)
        for i in timeline.items
        if i.shown_on(today)
    ]
    shown = tuple(sorted(listed, key=lambda item: item.due_on))
    if timeline.paused_from is not None and timeline.paused_from <= today:
        return CaseDue(None, (), None, timeline.participation_ends, shown)
    plan_due = next((i.due_on for i in shown if i.kind == "plan_due"), None)
    review = next((i.due_on for i in shown if i.kind == "review_due"), None)
    follow_ups = tuple(i for i in listed if i.kind == "follow_up_due")
    return CaseDue(plan_due, follow_ups, review, timeline.participation_ends, shown)


def case_due(facts: CaseFacts, today: date) -> CaseDue:
    """Deadlines of an enrolled case on `today` (`case_timeline` on that day)."""
    return due_on_day(case_timeline(facts, today), today)
