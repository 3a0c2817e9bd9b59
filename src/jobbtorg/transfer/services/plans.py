"""Writing plan versions from plans.csv, and their activities and follow-ups from
activities.csv. Matching: a plan by its source-system id (`plan_ref`); an activity by plan,
type, provider and start."""

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jobbtorg.core.bulk import insert_objects
from jobbtorg.engines.rules.plan_workflow import PlanStatus
from jobbtorg.engines.transfer.plans import (
    WORKFLOW_REFUSAL,
    imported_plan_statuses,
    workflow_allows,
)
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanActivity, PlanVersion
from jobbtorg.plans.models import PlanStatus as PlanStatusChoices
from jobbtorg.providers.models import ActivityType
from jobbtorg.transfer.services.bulk import apply_changes, chunks, midnight, update_changed
from jobbtorg.transfer.services.importer import Importer


def write_plan_versions(importer: Importer, records: TransferRecords) -> None:
    cases = [importer.cases[r.personnummer] for r in records.plans]
    existing: dict[tuple[Any, str], PlanVersion] = {}
    numbers: Counter[Any] = Counter()
    for part in chunks([c.pk for c in cases]):
        for plan in PlanVersion.objects.filter(referral_id__in=part):
            numbers[plan.referral_id] = max(numbers[plan.referral_id], plan.number)
            # Versions written in the product are exported as v1, v2, ...: the same key
            # finds them again when an export is imported.
            existing[(plan.referral_id, plan.source_ref or f"v{plan.number}")] = plan
    # The statuses are the plan workflow's, and a version already here changes only as the
    # workflow allows (engines/transfer/plans.py).
    status_of = imported_plan_statuses(records.plans)
    new, changed = [], []
    for record in sorted(records.plans, key=lambda r: (r.personnummer, r.drawn_up_on)):
        case = importer.cases[record.personnummer]
        status = status_of[(record.personnummer, record.plan_ref)]
        values = {
            "start": record.start,
            "end": record.end,
            "drawn_up_on": record.drawn_up_on,
            "status": status,
            "decided_at": midnight(record.approved_on) if record.approved_on else None,
        }
        plan = existing.get((case.pk, record.plan_ref))
        if plan is not None and not workflow_allows(PlanStatus(plan.status), status):
            importer.reject(
                "plans",
                record,
                "",
                WORKFLOW_REFUSAL,
                plan_ref=record.plan_ref,
                current=str(PlanStatusChoices(plan.status).label),
                imported=str(PlanStatusChoices(status.value).label),
            )
            importer.plans[(record.personnummer, record.plan_ref)] = plan
            continue
        if plan is None:
            numbers[case.pk] += 1
            plan = PlanVersion(
                referral=case,
                number=numbers[case.pk],
                source_ref=record.plan_ref,
                written_by=importer.actor,
                decided_by=importer.actor if record.approved_on else None,
                **values,
            )
            new.append(plan)
            importer.counts.add("plans", "created")
            importer.wrote(record.personnummer, "plans")
        elif apply_changes(plan, values):
            changed.append(plan)
            importer.counts.add("plans", "updated")
            importer.wrote(record.personnummer, "plans")
        else:
            importer.counts.add("plans", "unchanged")
        importer.plans[(record.personnummer, record.plan_ref)] = plan
    # One active plan per case: whatever else is approved there steps aside first, then the
    # demoted versions are saved, then the approved ones and the new rows.
    approved = [p for p in list(changed) + new if p.status == PlanStatus.APPROVED]
    for part in chunks(approved):
        PlanVersion.objects.filter(
            referral_id__in=[p.referral_id for p in part], status=PlanStatus.APPROVED
        ).exclude(pk__in=[p.pk for p in part]).update(
            status=PlanStatus.SUPERSEDED, updated_at=timezone.now()
        )
    fields = ["start", "end", "drawn_up_on", "status", "decided_at"]
    update_changed(PlanVersion, [p for p in changed if p.status != PlanStatus.APPROVED], fields)
    update_changed(PlanVersion, [p for p in changed if p.status == PlanStatus.APPROVED], fields)
    insert_objects(PlanVersion, new)


def write_activities(importer: Importer, records: TransferRecords) -> None:
    types = {t.code: t for t in ActivityType.objects.all()}
    # Activities whose plan came in an earlier import (a corrected rejects file).
    missing = {(r.personnummer, r.plan_ref) for r in records.activities} - set(importer.plans)
    if missing:
        cases = {importer.cases[number].pk: number for number, _ref in missing}
        for plan in PlanVersion.objects.filter(referral_id__in=list(cases)):
            key = (cases[plan.referral_id], plan.source_ref or f"v{plan.number}")
            if key in missing:
                importer.plans[key] = plan
    plans = {p.pk: p for p in importer.plans.values()}
    existing: dict[tuple[Any, str, str, dt.date], PlanActivity] = {}
    followed: set[int] = set()
    for part in chunks(list(plans)):
        for activity in PlanActivity.objects.filter(plan_id__in=part):
            key = (
                activity.plan_id,
                activity.activity_type_id,
                activity.provider_name.lower(),
                activity.start,
            )
            existing[key] = activity  # type: ignore[index]
        followed.update(
            FollowUp.objects.filter(activity__plan_id__in=part).values_list(
                "activity_id", flat=True
            )
        )
    new, changed, outcomes = [], [], []
    for record in records.activities:
        plan = importer.plans[(record.personnummer, record.plan_ref)]
        activity_type = types[record.activity_type]
        values = {
            "end": record.end,
            "hours_per_week": record.hours_per_week
            if record.hours_per_week is not None
            else Decimal(0),
            "goal": record.goal,
        }
        key = (plan.pk, activity_type.pk, record.provider.lower(), record.start)
        activity = existing.get(key)  # type: ignore[arg-type]
        if activity is None:
            activity = PlanActivity(
                plan=plan,
                activity_type=activity_type,
                provider_name=record.provider,
                start=record.start,
                **values,
            )
            new.append(activity)
            importer.counts.add("activities", "created")
            importer.wrote(record.personnummer, "activities")
        elif apply_changes(activity, values):
            changed.append(activity)
            importer.counts.add("activities", "updated")
            importer.wrote(record.personnummer, "activities")
        else:
            importer.counts.add("activities", "unchanged")
        if record.status in {"completed", "interrupted"} and activity.pk not in followed:
            outcomes.append((activity, record))
    insert_objects(PlanActivity, new)
    update_changed(PlanActivity, changed, ["end", "hours_per_week", "goal"])
    insert_objects(
        FollowUp,
        [
            FollowUp(
                activity=activity,
                done_on=min(record.end, importer.today),
                outcome=FollowUpOutcome.COMPLETED
                if record.status == "completed"
                else FollowUpOutcome.INTERRUPTED,
                note=record.outcome,
                recorded_by=importer.actor,
            )
            for activity, record in outcomes
        ],
    )
