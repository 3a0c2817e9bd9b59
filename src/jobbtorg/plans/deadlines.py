"""Deadlines of a case (R10, R13): what is due in a case and when, from its enrolment,
interruptions and exceptions (participants) and its plan versions and activities (plans).
They combine a case with its plans, so they live here, above participants.

Everything reads the deadlines kept as columns (`plans/case_deadlines.py`), which the rules
wrote: one case (its page, the API's detail: `case_deadlines`) and the lists over a caseload;
`case_deadlines_many` works them out from the facts, the reference they are checked against."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import in_page_language
from jobbtorg.engines.rules import case_deadlines as case_rules
from jobbtorg.participants.models import Referral, Stage
from jobbtorg.participants.selectors import enrolled_referrals_for
from jobbtorg.plans.case_deadlines import (
    case_facts,
    enrolment_days,
    kept_timeline_on,
    up_to_date,
)
from jobbtorg.plans.models import CaseDeadlineItem, CaseDeadlineSummary


@dataclass(frozen=True)
class CaseDeadline:
    kind: str
    due_on: dt.date
    referral: Referral
    detail: str = ""
    activity_id: int | None = None

    @property
    def label(self) -> str:
        return str(DEADLINE_LABELS.get(self.kind, self.kind))


DEADLINE_LABELS = {
    "first_meeting": _("First meeting"),
    "plan_due": _("Activity plan due"),
    "plan_rejected": _("Plan rejected: write a new version"),
    "follow_up_due": _("Follow-up due"),
    "review_due": _("Review of the plan (omprövning)"),
    "participation_limit": _(
        "18-month limit near: exit to the job guarantee or ask for an exception"
    ),
}


@dataclass(frozen=True)
class CaseDeadlines:
    plan_due: dt.date | None
    follow_ups_due: list[CaseDeadline]
    review_due: dt.date | None
    participation_ends: dt.date | None
    items: list[CaseDeadline]


def active_plan(referral: Referral) -> Any:
    return (
        referral.plan_versions.filter(status="approved")
        .prefetch_related("activities__activity_type", "activities__follow_ups")
        .first()
    )


def _as_case_deadlines(referral: Referral, due: case_rules.CaseDue) -> CaseDeadlines:
    def wrap(item: case_rules.DueItem) -> CaseDeadline:
        return CaseDeadline(item.kind, item.due_on, referral, item.detail, item.activity_id)

    return CaseDeadlines(
        due.plan_due,
        [wrap(i) for i in due.follow_ups_due],
        due.review_due,
        due.participation_ends,
        [wrap(i) for i in due.items],
    )


def case_deadlines_many(
    referrals: list[Referral], today: dt.date | None = None
) -> dict[Any, CaseDeadlines]:
    """Deadlines of many cases worked out from their facts with the rules, in six queries (the
    reference the kept deadlines are checked against; lists read those)."""
    today = today or timezone.localdate()
    facts = case_facts(enrolment_days(referrals))
    empty = CaseDeadlines(None, [], None, None, [])
    return {
        r.pk: _as_case_deadlines(r, case_rules.case_due(facts[r.pk], today))
        if r.pk in facts
        else empty
        for r in referrals
    }


def case_deadlines(referral: Referral, today: dt.date | None = None) -> CaseDeadlines:
    """What is due in one case, and when (empty unless enrolled): what is kept for it, kept
    again first if it does not hold on `today` (two queries; working it out from the facts
    took six more on the participant page, which has read them already in its own shape)."""
    today = today or timezone.localdate()
    if referral.stage != Stage.ENROLLED or referral.enrolled_on is None:
        return CaseDeadlines(None, [], None, None, [])
    kept = kept_timeline_on(referral.pk, today)
    if kept is None:  # kept a moment ago, and culled or exited since
        facts = case_facts(enrolment_days([referral]))[referral.pk]
        return _as_case_deadlines(referral, case_rules.case_due(facts, today))
    return _as_case_deadlines(referral, case_rules.due_on_day(kept, today))


def _shown_on(today: dt.date) -> Q:
    return (Q(shown_from__isnull=True) | Q(shown_from__lte=today)) & (
        Q(hidden_from__isnull=True) | Q(hidden_from__gt=today)
    )


# What a list reads of each kept deadline: plain rows, no model instances (a manager's list
# covers a whole Jobbtorg), a follow-up's activity type's names joined in; the cases they name
# are read once each. The case comes last.
ITEM_FIELDS = (
    "kind",
    "due_on",
    "detail",
    "activity_id",
    "activity_type__name_sv",
    "activity_type__name_en",
    "referral_id",
)


# What a row of deadlines shows of its case (components/deadline_table.html, the API's
# deadlines): the person and the coach by name. Reading only these halves the CPU time of
# reading a page of 25 cases (2.4 -> 1.3 ms at 50,000 people).
CASE_FIELDS_SHOWN = (
    "participant",
    "coach",
    "participant__id",
    "participant__first_name",
    "participant__last_name",
    "coach__id",
    "coach__username",
    "coach__first_name",
    "coach__last_name",
)


def _as_case_deadline(row: tuple, case: Referral) -> CaseDeadline:
    kind, due_on, detail, activity_id, name_sv, name_en, _case = row
    if kind == "follow_up_due" and name_sv is not None:
        # Named by its activity's type in the reader's language.
        detail = in_page_language(name_sv, name_en)
    return CaseDeadline(kind, due_on, case, detail, activity_id)


def deadline_items_for(
    user: Any, *, today: dt.date, within_days: int | None = None
) -> QuerySet[CaseDeadlineItem]:
    """The kept deadlines overdue or due (within `within_days` when given) in the user's
    caseload on `today`, the earliest first, then by name: one indexed query of `ITEM_FIELDS`
    rows, to page through (`as_case_deadlines`). Cases whose kept deadlines do not hold on
    `today` are kept again first."""
    cases = enrolled_referrals_for(user).filter(stage=Stage.ENROLLED)
    up_to_date(cases, today)
    items = CaseDeadlineItem.objects.filter(referral__in=cases.values("pk")).filter(
        _shown_on(today)
    )
    if within_days is not None:
        # The 18-month flag is shown from 30 days before, whatever the horizon.
        horizon = today + dt.timedelta(days=within_days)
        items = items.filter(Q(due_on__lte=horizon) | Q(kind="participation_limit"))
    return items.order_by(
        # A case's own order (the rule's) among its deadlines of a day; cases as they are
        # listed, newest referral first.
        "due_on",
        "referral__participant__last_name",
        "-referral__referred_at",
        "referral_id",
        "rank",
    ).values_list(*ITEM_FIELDS)  # type: ignore[return-value]


def as_case_deadlines(
    rows: Iterable[tuple], *, items: QuerySet[CaseDeadlineItem] | None = None
) -> list[CaseDeadline]:
    """The rows of `deadline_items_for` as deadlines with their cases; the cases in one query
    (by the rows' query `items` when given, which stays one query however many they are)."""
    rows = list(rows)
    ids = items.values("referral_id") if items is not None else {row[-1] for row in rows}
    cases = {
        case.pk: case
        for case in Referral.objects.filter(pk__in=ids)
        .select_related("participant", "coach")
        .only(*CASE_FIELDS_SHOWN)
    }
    return [_as_case_deadline(row, cases[row[-1]]) for row in rows]


def deadlines_for(
    user: Any, *, today: dt.date | None = None, within_days: int | None = None
) -> list[CaseDeadline]:
    """Everything overdue or due (within `within_days` when given) in the user's caseload."""
    today = today or timezone.localdate()
    items = deadline_items_for(user, today=today, within_days=within_days)
    return as_case_deadlines(items, items=items)


def next_deadlines(
    cases: list[Referral], today: dt.date, *, kept: bool = False
) -> dict[Any, CaseDeadline]:
    """The first deadline shown on `today` of each of these cases (a page of a caseload) that
    has one, from the kept deadlines: one query for the page (`kept`: the caller has just
    kept them up to date, as `deadline_items_for` does for the whole caseload)."""
    if not cases:
        return {}
    if not kept:
        up_to_date(Referral.objects.filter(pk__in=[case.pk for case in cases]), today)
    by_pk = {case.pk: case for case in cases}
    rows = list(
        CaseDeadlineItem.objects.filter(referral_id__in=list(by_pk))
        .filter(_shown_on(today))
        .order_by("referral_id", "due_on", "rank")
        .values_list(*ITEM_FIELDS)
    )
    first: dict[Any, CaseDeadline] = {}
    for row in rows:
        if row[-1] not in first:
            first[row[-1]] = _as_case_deadline(row, by_pk[row[-1]])
    return first


def participation_ends_of(cases: list[Referral], today: dt.date) -> dict[Any, dt.date]:
    """The kept 18-month end of each of these cases that is enrolled: one query."""
    up_to_date(Referral.objects.filter(pk__in=[case.pk for case in cases]), today)
    return dict(
        CaseDeadlineSummary.objects.filter(referral_id__in=[case.pk for case in cases]).values_list(
            "referral_id", "participation_ends"
        )
    )
