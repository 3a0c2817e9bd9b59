""" "Min dag": the coach's and the manager's start page (UX.md: start from the day's work).

Reads through the scoping selectors; every person shown is logged with `participants_listed`.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.core.paging import CappedPaginator
from jobbtorg.engines.rules import deadlines
from jobbtorg.lex_sarah.permissions import (
    can_handle_report,
    is_lex_sarah_officer,
    sees_ivo_escalations,
)
from jobbtorg.lex_sarah.selectors import manager_ivo_escalations, officer_inbox
from jobbtorg.participants.forms import LimitExceptionDecisionForm, coaches_of
from jobbtorg.participants.models import EventKind, IntakeSlot, Interruption, LimitException, Stage
from jobbtorg.participants.selectors import (
    earliest_free_slot,
    enrolled_referrals_for,
    referrals_held_by,
    unhandled_counts_by_kind,
)
from jobbtorg.participants.selectors.case_messages import (
    coach_unread_messages,
    unanswered_without_present_coach,
)
from jobbtorg.participants.selectors.consent_withdrawals import consent_withdrawals_awaiting
from jobbtorg.plans.deadlines import (
    as_case_deadlines,
    deadline_items_for,
    next_deadlines,
    participation_ends_of,
)
from jobbtorg.plans.selectors import plans_awaiting_decision_shown
from jobbtorg.providers.selectors.pauses import pauses_of

DUE_WITHIN_DAYS = 7
# What a row of the caseload shows of its case (web/home.html): the person by name and the stage.
CASELOAD_ROW_FIELDS = ("stage", "participant", "participant__first_name", "participant__last_name")


def _due_page(user: Any, today: dt.date, page_number: Any) -> Any:
    """A page of what is overdue or due within a week in the user's caseload (a manager's: the
    Jobbtorg's), the earliest first, as deadlines with their cases."""
    page = CappedPaginator(
        deadline_items_for(user, today=today, within_days=DUE_WITHIN_DAYS),
        settings.JOBBTORG_PAGE_SIZE,
    ).get_page(page_number)
    page.object_list = as_case_deadlines(page.object_list)
    return page


def coach_day_shown(
    *,
    user: Any,
    page_number: Any,
    audit_context: audit.AuditContext,
    todo_page_number: Any = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Today's first meetings, what is overdue or due within a week (page `todo_page_number`,
    the earliest first) and the caseload (page `page_number`); every person shown is recorded
    in one write (participants_listed)."""
    today = today or timezone.localdate()
    meetings = list(
        IntakeSlot.objects.filter(
            coach=user,
            referral__in=referrals_held_by(user),
            starts_at__date=today,
        )
        .select_related("referral__participant")
        .order_by("starts_at")
    )
    # Paged like the caseload: a coach with 200 cases can have hundreds of follow-ups due, and
    # a page of them, the earliest first, is what can be done today.
    todo_page = _due_page(user, today, todo_page_number)
    caseload = (
        enrolled_referrals_for(user)
        # The rows show the person and the stage: every other join cost PostgreSQL more to
        # plan (7 tables, 7 ms) than to run.
        .select_related(None)
        .select_related("participant")
        # Of the case, what the row shows: a page of 25 read in half the time.
        .only(*CASELOAD_ROW_FIELDS)
        .annotate(
            interrupted_now=Exists(
                Interruption.objects.filter(
                    referral=OuterRef("pk"), start__lte=today, end__isnull=True
                )
            )
        )
        .order_by("participant__last_name", "participant__first_name")
    )
    page = Paginator(caseload, settings.JOBBTORG_PAGE_SIZE).get_page(page_number)
    # deadline_items_for has just kept the whole caseload's deadlines up to date.
    next_by_case = next_deadlines(list(page.object_list), today, kept=True)
    # The coach's own cases: the pause with its reason and expected end.
    pauses = pauses_of([r.pk for r in page.object_list if r.interrupted_now], today, own_case=True)
    rows = [
        {
            "case": referral,
            "next": next_by_case.get(referral.pk),
            "interrupted": referral.interrupted_now,
            "pause": pauses.get(referral.pk),
        }
        for referral in page.object_list
    ]
    unread = coach_unread_messages(user)
    withdrawals = consent_withdrawals_awaiting(user)
    shown = (
        {slot.referral.participant for slot in meetings}
        | {item.referral.participant for item in todo_page.object_list}
        | {row["case"].participant for row in rows}
        | {thread.referral.participant for thread in unread["unread_threads"]}
        | {request.referral.participant for request in withdrawals}
    )
    # One write, atomic of itself (the chain).
    audit.participants_listed(audit_context, shown)
    return {
        "meetings": meetings,
        "todo_page": todo_page,
        "caseload_page": page,
        "caseload_rows": rows,
        "consent_withdrawals": withdrawals,
        **unread,
    }


def _compliance(user: Any, today: dt.date) -> dict[str, Any]:
    """R10 this month: of the people enrolled this month, how many got their first plan on or
    before its due day (5 working days after the first meeting), by the one rule the key
    figures use (`deadlines.plan_timeliness`: the day a plan was drawn up counts; a case that
    left before the due day without a plan is not measured and is shown apart)."""
    enrolled: dict[Any, tuple[dt.date, dt.date | None]] = {}
    versions: dict[Any, list[tuple[dt.date | None, dt.date]]] = {}
    # One row per plan version (a case with none: one row with no version), read through the
    # case's relations.
    for pk, enrolled_on, exit_on, drawn_up_on, created_at in (
        referrals_held_by(user)
        .filter(enrolled_on__gte=today.replace(day=1), enrolled_on__lte=today)
        .values_list(
            "pk",
            "enrolled_on",
            "exit__date",
            "plan_versions__drawn_up_on",
            "plan_versions__created_at",
        )
    ):
        enrolled[pk] = (enrolled_on, exit_on)
        if created_at is not None:
            versions.setdefault(pk, []).append((drawn_up_on, timezone.localdate(created_at)))
    counts = {"on_time": 0, "late": 0, "missing_overdue": 0, "not_yet_due": 0}
    left_before_due = 0
    for pk, (enrolled_on, exit_on) in enrolled.items():
        verdict = deadlines.plan_timeliness(
            enrolled_on, deadlines.first_plan_on(versions.get(pk, ())), exit_on, today=today
        )
        if verdict == deadlines.PlanTimeliness.LEFT_BEFORE_DUE:
            left_before_due += 1
        else:
            counts[verdict.value] += 1
    total = sum(counts.values())
    # A share of one, as the key figure has it; shown through the `percent` filter.
    share = counts["on_time"] / total if total else None
    return {
        **counts,
        "left_before_due": left_before_due,
        "total": total,
        "share": share,
        "month": today.replace(day=1),
    }


def _exceptions_to_decide(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """Exceptions to the 18-month limit awaiting the manager, the oldest request first, each
    with the limit it would move and its decision form."""
    pending = list(
        LimitException.objects.filter(
            approved__isnull=True,
            referral__in=referrals_held_by(user).filter(stage=Stage.ENROLLED),
        )
        .select_related("referral__participant", "referral__coach", "requested_by")
        .order_by("created_at", "pk")
    )
    ends = participation_ends_of([exception.referral for exception in pending], today)
    return [
        {
            "exception": exception,
            "ends": ends.get(exception.referral_id),
            "form": LimitExceptionDecisionForm(prefix=f"undantag-{exception.pk}"),
        }
        for exception in pending
    ]


def manager_day_shown(
    *,
    user: Any,
    page_number: Any,
    audit_context: audit.AuditContext,
    no_slot_page_number: Any = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The Jobbtorg's caseload per coach, plans on time this month, exceptions to the 18-month
    limit to decide, referrals with no first meeting booked (page `no_slot_page_number`, the
    longest waiting first), and what is overdue or due within a week across the Jobbtorg (page
    `page_number`); every person shown is recorded in one write (participants_listed)."""
    today = today or timezone.localdate()
    per_coach = dict(
        enrolled_referrals_for(user)
        .filter(stage=Stage.ENROLLED)
        .values_list("coach_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    caseloads = [
        {"coach": coach, "count": per_coach.get(coach.pk, 0)}
        for coach in coaches_of(user.job_centre_id)  # type: ignore[union-attr]
    ]
    awaiting_first_meeting = referrals_held_by(user).filter(stage=Stage.REFERRED).count()
    # Paged: after a week without free intake times a Jobbtorg can have hundreds waiting.
    no_slot_page = Paginator(
        referrals_held_by(user)
        # NOT EXISTS, not a left join's IS NULL: PostgreSQL judged that to leave one row and
        # sorted every referred case (6 ms at 50,000 people); this walks the index by date.
        .filter(~Exists(IntakeSlot.objects.filter(referral=OuterRef("pk"))), stage=Stage.REFERRED)
        # Only what the rows show: with the scope's other joins in the query, PostgreSQL
        # planned it as a loop over every account (40 ms at 50,000 people).
        .select_related(None)
        .select_related("participant", "district")
        .order_by("referred_at", "pk"),
        settings.JOBBTORG_PAGE_SIZE,
    ).get_page(no_slot_page_number)
    no_slot = list(no_slot_page.object_list)
    exception_rows = _exceptions_to_decide(user, today)
    todo_page = _due_page(user, today, page_number)
    unanswered = unanswered_without_present_coach(user, today)
    withdrawals = consent_withdrawals_awaiting(user)
    shown = (
        {thread.referral.participant for thread in unanswered}
        | {request.referral.participant for request in withdrawals}
        | {referral.participant for referral in no_slot}
        | {row["exception"].referral.participant for row in exception_rows}
        | {item.referral.participant for item in todo_page.object_list}
    )
    # One write, atomic of itself (the chain).
    audit.participants_listed(audit_context, shown)
    return {
        "caseloads": caseloads,
        "caseload_total": sum(per_coach.values()),
        "awaiting_first_meeting": awaiting_first_meeting,
        "compliance": _compliance(user, today),
        "exception_rows": exception_rows,
        "unanswered_threads": unanswered,
        "consent_withdrawals": withdrawals,
        "no_slot": no_slot,
        "no_slot_page": no_slot_page,
        # What "Book the first free time" would take now (free times name nobody).
        "free_slot": earliest_free_slot(user.job_centre_id) if no_slot else None,  # type: ignore[union-attr]
        "todo_page": todo_page,
    }


# Plans awaiting the district's decision listed on its officers' start page, the oldest first.
PLANS_SHOWN = 10


def officer_day_shown(*, user: Any, audit_context: audit.AuditContext) -> dict[str, Any]:
    """The district officer's start page: the inbox's unhandled events per kind and the plans
    awaiting the district's decision (how many, and the longest waiting, each with its plan's
    page); the people named are recorded in one write."""
    per_kind = unhandled_counts_by_kind(user)
    unhandled = [
        {"kind": kind.label, "count": per_kind[kind.value]}
        for kind in EventKind
        if per_kind.get(kind.value)
    ]
    plans_waiting, oldest_plans = plans_awaiting_decision_shown(
        user=user, audit_context=audit_context, limit=PLANS_SHOWN
    )
    return {
        "unhandled_by_kind": unhandled,
        "unhandled_total": sum(row["count"] for row in unhandled),
        "plans_waiting": plans_waiting,
        "oldest_plans": oldest_plans,
    }


def lex_sarah_day(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """The lex Sarah box of any start page. An officer (any role, by designation) gets the
    counts of their reports and, as to-dos, the serious reports overdue at IVO and the measures
    due for follow-up; both leave once the notification is recorded or the measure followed up.
    A manager gets the Jobbtorg's serious reports overdue at IVO by reference number and days,
    without content: those the manager handles as an officer are among the officer's to-dos and
    not repeated. Deadlines come from the deadline module through the selectors."""
    today = today or timezone.localdate()
    day: dict[str, Any] = {}
    if is_lex_sarah_officer(user):
        day["lex_sarah_inbox"] = officer_inbox(user, today)
    if sees_ivo_escalations(user):
        day["lex_sarah_escalations"] = [
            due
            for due in manager_ivo_escalations(user, today)
            if not can_handle_report(user, due.report)
        ]
    return day
