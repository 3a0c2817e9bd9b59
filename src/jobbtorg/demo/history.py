"""The demo's past year, so that the follow-up pages have something true to say: cases enrolled
and ended over the last two tertials, the districts' monthly social assistance for everyone
(imported as a district's assistance.csv, with people who were never enrolled: the effect
estimate's comparison pool), the provider's payment runs of the last months, and the
committee's targets for the last tertial's key figures.

The cases are placed in the last finished tertial (the one the dashboard and the effect page
open on) and the one before it, so that what those pages show does not depend on the day the
demo is loaded."""

import csv
import datetime as dt
import math
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.demo.cases import NEWLY_ARRIVED_GROUPS, TARGET_GROUPS
from jobbtorg.demo.data import DEMO_TEAMS
from jobbtorg.demo.offerings import load_demo_offerings
from jobbtorg.demo.people import demo_person, office_time, pool_number, working_day_on_or_before
from jobbtorg.demo.story import Activity, Story, plan_on_time, tell_story
from jobbtorg.engines.indicators.effect import age_band
from jobbtorg.engines.transfer.read import open_transfer
from jobbtorg.followup.models import IndicatorTarget
from jobbtorg.followup.services.key_figures import (
    SHARES,
    Cache,
    build_figures,
    latest_finished_tertial,
    status_of,
    tertial_period,
)
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import Participant, Referral
from jobbtorg.payments.models import PaymentRun
from jobbtorg.payments.services import payment_run_approve, payment_run_preview
from jobbtorg.transfer.models import AssistanceMonth
from jobbtorg.transfer.services.checks import archive_limits, checked_transfer
from jobbtorg.transfer.services.imports import transfer_import

OTHER_REASONS = ("af_guarantee", "moved", "other_support", "no_assistance", "other")
# Exits after which the household no longer needs assistance.
SELF_SUPPORTING = {"work", "studies", "no_assistance"}


@dataclass(frozen=True)
class Template:
    """A kind of past case, in days from the start of the last finished tertial."""

    name: str
    enrolled: int
    plan_after: int  # working days from the first meeting to the plan (R10: 5 at most)
    exit_reason: str | None
    exit: int | None
    placed: bool


TEMPLATES = (
    # Enrolled early in the tertial: the effect estimate's participants.
    Template("effect-work", 8, 2, "work", 50, True),
    Template("effect-studies", 15, 7, "studies", 50, False),
    Template("effect-active", 35, 7, None, None, False),
    # Enrolled in the tertial before, ended in the last one.
    Template("earlier-other", -95, 3, "other_reason", 25, False),
    Template("earlier-work", -60, 4, "work", 50, True),
)


def _day(start: dt.date, days: int) -> dt.date:
    return working_day_on_or_before(start + dt.timedelta(days=days))


def history_target_group(template: Template, n: int) -> str:
    """Work training with SFI beside it is for the newly arrived (R16); the rest take turns."""
    if template.name == "earlier-work":
        return ("refugee", "sfi_student")[n % 2]
    return TARGET_GROUPS[(n * 3) % len(TARGET_GROUPS)]


def history_story(template: Template, team: int, t_start: dt.date, target_group: str) -> Story:
    enrolled = _day(t_start, template.enrolled)
    referred = working_day_on_or_before(enrolled - dt.timedelta(days=4))
    plan_on = plan_on_time(enrolled, template.plan_after)
    start = plan_on + dt.timedelta(days=1)
    if template.placed:
        places = (start + dt.timedelta(days=28), start + dt.timedelta(days=111))
        activities: tuple[Activity, ...] = (
            Activity("job_search", start, start + dt.timedelta(days=27), 20),
            Activity("work_training", *places, 15, "work_training"),
        )
        if target_group in NEWLY_ARRIVED_GROUPS:
            activities += (Activity("sfi", *places, 15, "sfi"),)
    else:
        activities = (
            Activity("job_search", start, start + dt.timedelta(days=55), 20),
            Activity("coaching", start + dt.timedelta(days=56), start + dt.timedelta(days=165), 10),
        )
    reason = template.exit_reason or ""
    if reason == "other_reason":
        reason = OTHER_REASONS[team % len(OTHER_REASONS)]
    return Story(
        referred,
        enrolled,
        plan_on,
        plan_on_time(plan_on, 2),
        activities,
        exit_on=_day(t_start, template.exit) if template.exit is not None else None,
        exit_reason=reason,
        seed=f"history-{team}-{template.name}",
    )


def last_tertial(today: dt.date) -> tuple[dt.date, dt.date]:
    return tertial_period(*latest_finished_tertial(today))


def load_demo_history(today: dt.date | None = None) -> int:
    """The past cases at every Jobbtorg; returns how many people were added."""
    today = today or timezone.localdate()
    t_start, _ = last_tertial(today)
    offerings = load_demo_offerings(today)
    created = 0
    for team, (coach_name, officer_name) in enumerate(DEMO_TEAMS):
        coach = User.objects.get(username=coach_name)
        officer = User.objects.get(username=officer_name)
        for k, template in enumerate(TEMPLATES):
            n = team * len(TEMPLATES) + k
            target_group = history_target_group(template, n)
            story = history_story(template, team, t_start, target_group)
            person = demo_person("history", n, target_group, story.referred_on)
            number = person.personal_identity_number
            if Participant.objects.filter(personal_identity_number=number).exists():
                continue
            tell_story(story, person, target_group, coach, officer, today, offerings)
            created += 1
    return created


def history_people_count() -> int:
    return len(DEMO_TEAMS) * len(TEMPLATES)


# Social assistance.


def _month(day: dt.date, shift: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def _amounts(seed: str, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """A household's assistance month by month: a level of its own, a little different each
    month (housing costs and income vary)."""
    rng = random.Random(f"jobbtorg-demo-assistance-{seed}")
    level = rng.randrange(6500, 13500, 50)
    months = {}
    month = first
    while month <= last:
        months[month] = level + rng.randrange(-400, 400, 10)
        month = _month(month, 1)
    return months


def _pool_person(n: int, born: dt.date, reference: dt.date) -> str:
    """A never-enrolled person on assistance, born within days of a participant and so in the
    same age band on the first day of the reference month (the estimate matches on it)."""
    for shift in (3, -3, 9, -9):
        candidate = born + dt.timedelta(days=shift)
        if age_band(candidate, reference) == age_band(born, reference):
            return pool_number(n, candidate)
    raise AssertionError("no birth date near the participant's in the same age band")


def assistance_rows(today: dt.date) -> list[tuple[str, dt.date, int, str]]:
    """(personnummer, month, amount, district) for every demo person and the pool."""
    last = _month(today, -1)
    rows: list[tuple[str, dt.date, int, str]] = []
    t_start, _ = last_tertial(today)
    pool = 0
    cases = Referral.objects.select_related("participant", "district", "exit").order_by(
        "participant__personal_identity_number"
    )
    for referral in cases:
        person = referral.participant
        number = person.personal_identity_number
        exit_ = getattr(referral, "exit", None)
        first = _month(referral.referred_at.date(), -14)
        stop = last
        if exit_ is not None and exit_.reason in SELF_SUPPORTING:
            stop = min(last, _month(exit_.date))
        months = _amounts(number, first, stop)
        district = referral.district.slug
        rows.extend((number, month, amount, district) for month, amount in months.items())
        enrolled = referral.enrolled_on
        if enrolled is None or not t_start <= enrolled < t_start + dt.timedelta(days=62):
            continue
        # Two people like them who were never enrolled: one stays on assistance, one of every
        # other pair finds their own way off it a month after the reference month.
        reference = _month(enrolled)
        whole = _amounts(number, first, last)
        for twin in range(2):
            other = _pool_person(pool, person.birth_date, reference)
            pool += 1
            leaves = twin == 1 and pool % 4 == 0
            for month, amount in whole.items():
                if leaves and month > _month(reference, 1):
                    break
                rows.append((other, month, round(amount * (1.02 if twin else 0.99)), district))
    return rows


def load_demo_assistance(today: dt.date | None = None) -> None:
    """The districts' monthly assistance, imported as a district would send it."""
    if AssistanceMonth.objects.exists():
        return
    today = today or timezone.localdate()
    admin = User.objects.get(username="admin")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "assistance.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["personnummer", "month", "amount_sek", "district"])
            for number, month, amount, district in assistance_rows(today):
                writer.writerow([number, f"{month:%Y-%m}", amount, district])
        with (
            open_transfer(Path(directory), archive_limits()) as transfer,
            checked_transfer(transfer) as checked,
        ):
            run, _ = transfer_import(
                result=checked,
                source="assistance.csv",
                actor=admin,
                audit_context=AuditContext.for_command("load_demo", actor=admin),
            )
    if run.rejects_total:
        raise AssertionError(f"the demo's assistance.csv has rejects: {run.rejects_sample}")


# Payment runs.


def load_demo_payments(today: dt.date | None = None) -> None:
    """The manager's payment runs of the last three months, each approved a few working days
    into the next month."""
    if PaymentRun.objects.exists():
        return
    today = today or timezone.localdate()
    manager = User.objects.get(username="chef")
    ctx = AuditContext.for_command("load_demo", actor=manager)
    for back in (3, 2, 1):
        month = _month(today, -back)
        run = payment_run_approve(ctx, payment_run_preview(ctx, month))
        made = office_time(_month(month, 1) + dt.timedelta(days=6), f"run-{back}", earliest=9)
        # The last month's run may be made today, and not later than now.
        made = min(made, timezone.now() - dt.timedelta(hours=2))
        approved = made + dt.timedelta(hours=2)
        PaymentRun.objects.filter(pk=run.pk).update(
            created_at=made, updated_at=approved, approved_at=approved
        )


# The committee's targets.

# (indicator, the verdict the demo sets it up for): the last tertial's figures for the whole
# city are measured against targets a committee could have set, so that the dashboard shows
# every verdict. The targets are whole per cent, near ones within the committee's 5 points.
TARGET_ROLES = (
    ("exits_to_work_or_studies_share", "met"),
    ("exits_to_work_share", "near"),
    ("plan_within_5_working_days_share", "not_met"),
    ("assistance_reduction_2m", "met"),
)
NEAR_MARGIN = 0.05


def _target(value: float, verdict: str) -> float | None:
    """A round target that gives the verdict: met, the 5 per cent step below the value;
    near, a whole per cent 1.5–2.5 points above it; not met, a 5 per cent step at least 15
    points above it. None when there is no such target (above 100 %, or 0 %)."""
    if verdict == "met":
        target = math.floor((value - 0.001) * 20) / 20
    elif verdict == "near":
        target = math.ceil(value * 100 + 1.5) / 100
    else:
        target = math.ceil((value + 0.15) * 20) / 20
    return round(target, 2) if 0 < target <= 1 else None


def load_demo_targets(today: dt.date | None = None) -> None:
    """The committee's targets for the year of the last finished tertial."""
    today = today or timezone.localdate()
    year, tertial = latest_finished_tertial(today)
    if IndicatorTarget.objects.filter(valid_from_year=year).exists():
        return
    figures = build_figures(year=year, tertial=tertial, by=None, suppress_below=None, cache=Cache())
    values = {f.indicator: f.value for f in figures if not f.group}
    analyst = User.objects.filter(username="analytiker").first()
    for indicator, target in _targets(values).items():
        IndicatorTarget.objects.create(
            indicator=indicator,
            target_group=None,
            value=target,
            higher_is_better=True,
            near_margin=NEAR_MARGIN,
            valid_from_year=year,
            set_by=analyst,
            note=f"Arbetsmarknadsnämndens verksamhetsplan {year}",
        )


def _targets(values: dict[str, Any]) -> dict[str, float]:
    """A target per indicator of `TARGET_ROLES` that gives it its verdict; a verdict its
    indicator cannot have (a share of 100 % is never near) goes to another share that can."""
    targets: dict[str, float] = {}
    missing = []
    for indicator, verdict in TARGET_ROLES:
        target = _fitting(values.get(indicator), verdict)
        if target is None:
            missing.append(verdict)
        else:
            targets[indicator] = target
    given = {verdict for indicator, verdict in TARGET_ROLES if indicator in targets}
    for verdict in dict.fromkeys(v for v in missing if v not in given):
        for indicator in sorted(SHARES - set(targets)):
            target = _fitting(values.get(indicator), verdict)
            if target is not None:
                targets[indicator] = target
                break
    return targets


def _fitting(value: Any, verdict: str) -> float | None:
    if not isinstance(value, int | float):
        return None
    target = _target(float(value), verdict)
    if target is None or status_of(float(value), target, True, NEAR_MARGIN) != verdict:
        return None
    return target
