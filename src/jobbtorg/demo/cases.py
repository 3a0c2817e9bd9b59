"""Demo people in every stage of the path at every Jobbtorg, made through the real services
(so the audit log, the district events and the deadlines are as in real use), each told as a
story dated back to when it happened (`story.py`)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from jobbtorg.demo.data import DEMO_STAGES, DEMO_TEAMS
from jobbtorg.demo.offerings import load_demo_offerings
from jobbtorg.demo.people import demo_person, working_day_on_or_before
from jobbtorg.demo.story import Activity, Story, plan_on_time, tell_story
from jobbtorg.engines.rules import deadlines
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import IntakeSlot, Participant
from jobbtorg.participants.services.first_meetings import intake_slot_publish

# Every target group in turn, Resurs included: the showcase's nine stages at five Jobbtorg
# meet all of them.
TARGET_GROUPS = [
    "unemployed_assistance",
    "refugee",
    "youth",
    "sfi_student",
    "resurs",
    "new_applicant_other",
    "long_term_other",
    "disability",
]
NEWLY_ARRIVED_GROUPS = {"refugee", "sfi_student"}


def _publish_slots(coach: User, today: dt.date) -> None:
    if IntakeSlot.objects.filter(coach=coach, starts_at__gte=timezone.now()).exists():
        return
    for k in range(1, 5):
        day = deadlines.add_working_days(today, k)
        for hour in (9, 13):
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
            intake_slot_publish(actor=coach, starts_at=starts)


def _days(today: dt.date, n: int) -> dt.date:
    return working_day_on_or_before(today - dt.timedelta(days=n))


def _current_places(start: dt.date, today: dt.date, target_group: str) -> tuple[Activity, ...]:
    """Job search from the plan's start, then work training with the demo provider in the
    afternoons for the last month and two more; newly arrived people have SFI in the mornings
    beside it (a full day, R16)."""
    places = _days(today, 30)
    activities = [
        Activity("job_search", start, places - dt.timedelta(days=1), 20),
        Activity("work_training", places, today + dt.timedelta(days=60), 15, "work_training"),
    ]
    if target_group in NEWLY_ARRIVED_GROUPS:
        activities.append(Activity("sfi", places, today + dt.timedelta(days=60), 15, "sfi"))
    return tuple(activities)


def _own_activities(start: dt.date) -> tuple[Activity, ...]:
    """The Jobbtorg's own job search, then coaching: nothing with a provider."""
    return (
        Activity("job_search", start, start + dt.timedelta(days=55), 20),
        Activity("coaching", start + dt.timedelta(days=56), start + dt.timedelta(days=165), 10),
    )


def showcase_story(stage: str, target_group: str, today: dt.date, seed: str) -> Story:
    """The case of one stage, as of today."""
    if stage in {"no_slot", "referred"}:
        return Story(referred_on=_days(today, 1), seed=seed)
    enrolled = {
        "plan_overdue": _days(today, 14),
        "plan_awaiting_approval": _days(today, 2),
        "active": _days(today, 40),
        "interrupted": _days(today, 60),
        "near_18_months": working_day_on_or_before(
            deadlines.add_months(today, -18) + dt.timedelta(days=12)
        ),
        "exited_to_work": _days(today, 120),
        "exited_to_studies": _days(today, 200),
    }[stage]
    referred = working_day_on_or_before(enrolled - dt.timedelta(days=3))
    if stage == "plan_overdue":
        return Story(referred, enrolled, seed=seed)
    # Nothing is dated today: the demo may be loaded before the office opens.
    yesterday = _days(today, 1)
    plan_on = min(plan_on_time(enrolled, 2), yesterday)
    start = plan_on + dt.timedelta(days=1)
    if stage == "plan_awaiting_approval":
        return Story(referred, enrolled, plan_on, None, _own_activities(start), seed=seed)
    approved = min(plan_on_time(plan_on, 2), yesterday)
    if stage in {"near_18_months", "exited_to_studies"}:
        activities = _own_activities(start)
    else:
        activities = _current_places(start, today, target_group)
    return Story(
        referred,
        enrolled,
        plan_on,
        approved,
        activities,
        interrupted_on=_days(today, 10) if stage == "interrupted" else None,
        exit_on={"exited_to_work": _days(today, 5), "exited_to_studies": _days(today, 30)}.get(
            stage
        ),
        exit_reason={"exited_to_work": "work", "exited_to_studies": "studies"}.get(stage, ""),
        seed=seed,
    )


def _make_case(
    stage: str, n: int, coach: User, officer: User, today: dt.date, offerings: dict[str, Any]
) -> bool:
    target_group = TARGET_GROUPS[n % len(TARGET_GROUPS)]
    story = showcase_story(stage, target_group, today, seed=f"case-{n}")
    person = demo_person("case", n, target_group, story.referred_on)
    if Participant.objects.filter(
        personal_identity_number=person.personal_identity_number
    ).exists():
        return False
    tell_story(story, person, target_group, coach, officer, today, offerings)
    return True


def load_demo_people(today: dt.date | None = None) -> int:
    """Create what is missing; return how many people were added."""
    today = today or timezone.localdate()
    offerings = load_demo_offerings(today)
    created = 0
    for team, (coach_name, officer_name) in enumerate(DEMO_TEAMS):
        coach = User.objects.get(username=coach_name)
        officer = User.objects.get(username=officer_name)
        # "No slot" first, while the Jobbtorg has no free intake time; then the times.
        first = team * len(DEMO_STAGES)
        created += _make_case("no_slot", first, coach, officer, today, offerings)
        _publish_slots(coach, today)
        for index, stage in enumerate(DEMO_STAGES[1:], start=1):
            created += _make_case(stage, first + index, coach, officer, today, offerings)
    return created


def demo_people_count() -> int:
    return len(DEMO_TEAMS) * len(DEMO_STAGES)
