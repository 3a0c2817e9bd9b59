"""A case's deadlines kept as columns (`CaseDeadlineSummary`, `CaseDeadlineItem`), so that the
caseload, Min dag, the deadline list and the API read them with one indexed query instead of
working out every case's deadlines in Python on each view. The rules still decide them
(`engines/rules/case_deadlines.case_timeline`); this module only reads a case's facts, asks the
rules and writes the answer.

When they are written:
- in the transaction of every change the rules read (referral and enrolment, first meeting,
  interruptions, exceptions to the limit, plan versions and their decisions, activities,
  follow-ups, exit): `plans/receivers.py` calls `case_deadlines_keep` on each save, and the
  services that write in bulk call it themselves;
- a deleted fact marks its case out of date (a delete may be part of culling the whole case);
- by the lists themselves, for the cases they show that are out of date (`up_to_date`): a
  case with an open-ended interruption holds for one day only, as its 18-month end moves daily;
- every night for every case (`case_deadlines_rebuild`: the task and `jobbtorg deadlines
  rebuild`), so that a change of rules or of the holiday calendar reaches every case.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from jobbtorg.core.bulk import insert_objects
from jobbtorg.engines.rules import case_deadlines as case_rules
from jobbtorg.engines.rules import deadlines
from jobbtorg.participants.models import Interruption, LimitException, Referral, Stage
from jobbtorg.plans.models import (
    CaseDeadlineItem,
    CaseDeadlineSummary,
    FollowUp,
    PlanActivity,
    PlanVersion,
)
from jobbtorg.providers.models import ActivityType

# Cases per statement: well under every database's limit on bound parameters.
BATCH = 500


class Tables:
    """The models this module reads and writes; the migration that fills the columns passes
    its historical models instead."""

    Referral: Any = Referral
    Interruption: Any = Interruption
    LimitException: Any = LimitException
    PlanVersion: Any = PlanVersion
    PlanActivity: Any = PlanActivity
    FollowUp: Any = FollowUp
    ActivityType: Any = ActivityType
    CaseDeadlineSummary: Any = CaseDeadlineSummary
    CaseDeadlineItem: Any = CaseDeadlineItem

    @classmethod
    def of(cls, apps: Any) -> "Tables":
        tables = cls()
        for name, model in vars(cls).items():
            if name[0].isupper():
                setattr(tables, name, apps.get_model(model._meta.app_label, name))
        return tables


LIVE = Tables()


def case_facts(
    enrolled_on: dict[Any, dt.date],
    tables: Tables = LIVE,
    activity_types: dict[Any, Any] | None = None,
) -> dict[Any, case_rules.CaseFacts]:
    """The facts the deadline rules need, for many enrolled cases (id → enrolment day) in six
    queries (plain rows, no model instances: a whole Jobbtorg's must stay fast). An activity is
    named as its type is in the active language; `activity_types`, when given, is filled with
    each activity's type id (the kept deadlines name it when they are read)."""
    ids = list(enrolled_on)
    interruptions: dict[Any, list[deadlines.Interruption]] = {}
    for rid, start, end in tables.Interruption.objects.filter(referral_id__in=ids).values_list(
        "referral_id", "start", "end"
    ):
        interruptions.setdefault(rid, []).append(deadlines.Interruption(start=start, end=end))
    extended: dict[Any, list[dt.date]] = {}
    for rid, until in tables.LimitException.objects.filter(
        referral_id__in=ids, approved=True
    ).values_list("referral_id", "until"):
        extended.setdefault(rid, []).append(until)
    versions: dict[Any, list[case_rules.VersionFacts]] = {}
    active: dict[Any, tuple[Any, dt.date]] = {}
    for pid, rid, number, status, decided_at, reason, start in tables.PlanVersion.objects.filter(
        referral_id__in=ids
    ).values_list(
        "pk", "referral_id", "number", "status", "decided_at", "rejection_reason", "start"
    ):
        decided_on = timezone.localdate(decided_at) if decided_at else None
        versions.setdefault(rid, []).append(
            case_rules.VersionFacts(number, status, decided_on, reason)
        )
        if status == "approved":
            active[rid] = (pid, start)
    plan_to_referral = {pid: rid for rid, (pid, _) in active.items()}
    followed = set(
        tables.FollowUp.objects.filter(activity__plan_id__in=plan_to_referral).values_list(
            "activity_id", flat=True
        )
    )
    activities: dict[Any, list[case_rules.ActivityFacts]] = {}
    kinds = {
        pk: (name_sv, name_en, longest)
        for pk, name_sv, name_en, longest in tables.ActivityType.objects.values_list(
            "pk", "name_sv", "name_en", "max_length_days"
        )
    }
    english = translation.get_language() == "en"
    for aid, plan_id, type_id, start, end in tables.PlanActivity.objects.filter(
        plan_id__in=plan_to_referral
    ).values_list("pk", "plan_id", "activity_type_id", "start", "end"):
        name_sv, name_en, longest = kinds[type_id]
        if activity_types is not None:
            activity_types[aid] = type_id
        activities.setdefault(plan_to_referral[plan_id], []).append(
            case_rules.ActivityFacts(
                aid, name_en if english else name_sv, start, end, longest, aid in followed
            )
        )
    return {
        rid: case_rules.CaseFacts(
            enrolled_on=on,
            interruptions=tuple(interruptions.get(rid, ())),
            versions=tuple(versions.get(rid, ())),
            active_plan_start=active[rid][1] if rid in active else None,
            activities=tuple(sorted(activities.get(rid, ()), key=lambda a: (a.start, a.id))),
            extended_until=tuple(extended.get(rid, ())),
        )
        for rid, on in enrolled_on.items()
    }


def enrolment_days(cases: Iterable[Referral]) -> dict[Any, dt.date]:
    """The enrolment day of each case that has deadlines (enrolled, with a first meeting)."""
    return {
        case.pk: case.enrolled_on
        for case in cases
        if case.stage == Stage.ENROLLED and case.enrolled_on is not None
    }


def case_deadlines_keep(
    *, referral_ids: Iterable[Any], as_of: dt.date | None = None, tables: Tables = LIVE
) -> int:
    """Work out the deadlines of these cases as of `as_of` (today) and keep them, replacing
    what was kept; a case that has none (not enrolled, exited, gone) keeps nothing. In the
    caller's transaction, under a lock on each case, so that two writers keep the same.
    Returns the number of cases kept."""
    as_of = as_of or timezone.localdate()
    ids = list(dict.fromkeys(referral_ids))
    kept = 0
    for start in range(0, len(ids), BATCH):
        kept += _keep_batch(ids[start : start + BATCH], as_of, tables)
    return kept


def _keep_batch(ids: list[Any], as_of: dt.date, tables: Tables) -> int:
    with transaction.atomic():
        rows = (
            tables.Referral.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "stage", "enrolled_on")
        )
        enrolled = {pk: on for pk, stage, on in rows if stage == Stage.ENROLLED and on}
        activity_types: dict[Any, Any] = {}
        facts = case_facts(enrolled, tables, activity_types)
        tables.CaseDeadlineItem.objects.filter(referral_id__in=ids).delete()
        tables.CaseDeadlineSummary.objects.filter(referral_id__in=ids).delete()
        summaries = []
        items = []
        for rid, case_facts_ in facts.items():
            timeline = case_rules.case_timeline(case_facts_, as_of)
            summaries.append(
                tables.CaseDeadlineSummary(
                    referral_id=rid,
                    participation_ends=timeline.participation_ends,
                    paused_from=timeline.paused_from,
                    computed_on=as_of,
                    holds_every_day=timeline.holds_every_day,
                )
            )
            items.extend(
                tables.CaseDeadlineItem(
                    referral_id=rid,
                    kind=item.kind,
                    due_on=item.due_on,
                    # A follow-up is named by its activity's type when read, in the reader's
                    # language; a rejected plan by its reason.
                    detail="" if item.kind == "follow_up_due" else item.detail,
                    activity_id=item.activity_id,
                    activity_type_id=activity_types.get(item.activity_id),
                    rank=rank,
                    shown_from=item.shown_from,
                    hidden_from=item.hidden_from,
                )
                for rank, item in enumerate(timeline.items)
            )
        insert_objects(tables.CaseDeadlineSummary, summaries)
        insert_objects(tables.CaseDeadlineItem, items)
    return len(summaries)


def case_deadlines_mark_out_of_date(referral_ids: Iterable[Any]) -> None:
    """A fact the rules read is gone: the next list that shows the case, or the nightly
    rebuild, works its deadlines out again. Only an update, never a new row: the delete may be
    part of culling the whole case."""
    CaseDeadlineSummary.objects.filter(referral_id__in=list(referral_ids)).update(computed_on=None)


def out_of_date(cases: QuerySet[Referral], today: dt.date) -> list[Any]:
    """The cases among `cases` whose kept deadlines do not hold on `today`: never kept (written
    in bulk), marked out of date, or kept for another day only. One query."""
    return list(
        cases.filter(stage=Stage.ENROLLED, enrolled_on__isnull=False)
        .filter(
            Q(deadline_summary__isnull=True)
            | Q(deadline_summary__computed_on__isnull=True)
            | (Q(deadline_summary__holds_every_day=False) & ~Q(deadline_summary__computed_on=today))
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def up_to_date(cases: QuerySet[Referral], today: dt.date) -> None:
    """Before a list reads the kept deadlines of `cases`: keep again those that do not hold on
    `today` (none, once the nightly rebuild has run, but a few interrupted cases)."""
    stale = out_of_date(cases, today)
    if stale:
        case_deadlines_keep(referral_ids=stale, as_of=today)


def case_deadlines_rebuild(*, as_of: dt.date | None = None, tables: Tables = LIVE) -> int:
    """Keep again the deadlines of every case that has them (and drop what others kept), in
    batches of BATCH cases each in its own transaction: for the nightly task, the command, and
    a change of rules or holidays. Returns the number of cases kept."""
    as_of = as_of or timezone.localdate()
    kept = 0
    enrolled = list(
        tables.Referral.objects.filter(stage=Stage.ENROLLED, enrolled_on__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(enrolled), BATCH):
        kept += _keep_batch(enrolled[start : start + BATCH], as_of, tables)
    # Cases that left enrolment without their deadlines dropped (written in bulk).
    not_enrolled = ~Q(referral__stage=Stage.ENROLLED) | Q(referral__enrolled_on__isnull=True)
    with transaction.atomic():
        tables.CaseDeadlineItem.objects.filter(not_enrolled).delete()
        tables.CaseDeadlineSummary.objects.filter(not_enrolled).delete()
    return kept


def kept_timeline(referral_id: Any) -> case_rules.CaseTimeline | None:
    """What is kept for a case, as the rules' timeline (follow-ups named in the active
    language); None when nothing is kept."""
    summary = CaseDeadlineSummary.objects.filter(referral_id=referral_id).first()
    if summary is None:
        return None
    items = CaseDeadlineItem.objects.filter(referral_id=referral_id).select_related("activity_type")
    return case_rules.CaseTimeline(
        as_of=summary.computed_on,  # type: ignore[arg-type]
        participation_ends=summary.participation_ends,
        paused_from=summary.paused_from,
        items=tuple(
            case_rules.KeptItem(
                item.kind,
                item.due_on,
                str(item.activity_type.name) if item.activity_type else item.detail,
                item.activity_id,
                item.shown_from,
                item.hidden_from,
            )
            for item in sorted(items, key=lambda item: item.rank)
        ),
        holds_every_day=summary.holds_every_day,
    )


def kept_timeline_on(referral_id: Any, today: dt.date) -> case_rules.CaseTimeline | None:
    """What is kept for an enrolled case, kept again first when it does not hold on `today`
    (as `up_to_date` decides: never kept, marked out of date, or kept for another day only);
    two queries when it holds, as the participant page needs."""
    kept = kept_timeline(referral_id)
    if kept is None or kept.as_of is None or (not kept.holds_every_day and kept.as_of != today):
        case_deadlines_keep(referral_ids=[referral_id], as_of=today)
        kept = kept_timeline(referral_id)
    return kept


def holds_on(kept: case_rules.CaseTimeline | None, computed: case_rules.CaseTimeline) -> bool:
    """Whether what is kept is what the rules say on `computed.as_of`: the same, computed on any
    day when it holds on every day, else on that day."""
    if kept is None or (not kept.holds_every_day and kept.as_of != computed.as_of):
        return False
    return replace(kept, as_of=computed.as_of) == computed


def case_deadlines_check(*, as_of: dt.date | None = None) -> list[Any]:
    """The enrolled cases whose kept deadlines differ from what the rules say from their facts
    today (none, unless something wrote the facts behind the services' back): for the
    command's `check`, before a rebuild."""
    as_of = as_of or timezone.localdate()
    differ = []
    cases = Referral.objects.filter(stage=Stage.ENROLLED, enrolled_on__isnull=False).order_by("pk")
    enrolled = dict(cases.values_list("pk", "enrolled_on"))
    ids = list(enrolled)
    for start in range(0, len(ids), BATCH):
        batch = {pk: enrolled[pk] for pk in ids[start : start + BATCH]}
        for pk, facts in case_facts(batch).items():
            if not holds_on(kept_timeline(pk), case_rules.case_timeline(facts, as_of)):
                differ.append(pk)
    return differ
