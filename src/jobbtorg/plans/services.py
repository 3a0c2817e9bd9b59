"""Writes of activity plans: a version per change, the district's decision, follow-ups (R10–R13).

Who may write and decide is asked of `plans.permissions`; which status changes are possible, of
the workflow table (`engines/rules/plan_workflow.py`)."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ConcurrentChange, ValidationFailed
from jobbtorg.engines.rules import deadlines
from jobbtorg.engines.rules.plan_workflow import PLAN_WORKFLOW, PlanAction, TransitionNotAllowed
from jobbtorg.engines.rules.plan_workflow import PlanStatus as WorkflowStatus
from jobbtorg.participants.models import EventKind, HandledReason, Referral, Stage
from jobbtorg.participants.services.district_events import (
    district_event_record,
    district_events_close,
)
from jobbtorg.plans.case_deadlines import case_deadlines_keep
from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanActivity, PlanStatus, PlanVersion
from jobbtorg.plans.permissions import require_plan_decider, require_plan_writer
from jobbtorg.providers.models import ActivityType, Provider

MAX_HOURS_PER_WEEK = Decimal(60)


def _move(plan: PlanVersion, action: PlanAction) -> None:
    """The version's next status by the workflow table; what the table does not list is refused
    and nothing is written."""
    try:
        plan.status = PLAN_WORKFLOW.next_status(WorkflowStatus(plan.status), action).value
    except TransitionNotAllowed:
        status = PlanStatus(plan.status).label
        if action in (PlanAction.APPROVE, PlanAction.REJECT):
            message = _(
                "Version %(number)d is “%(status)s”: only a version awaiting approval can be "
                "approved or rejected."
            ) % {"number": plan.number, "status": status}
        else:
            message = _("A plan that is “%(status)s” cannot be changed like that.") % {
                "status": status
            }
        raise ValidationFailed({"__all__": message}) from None


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _clean_activities(
    activities: list[dict[str, Any]], errors: dict[str, str]
) -> list[dict[str, Any]]:
    if not activities:
        errors["activities"] = _("A plan has at least one activity.")
        return []
    types = {t.code: t for t in ActivityType.objects.filter(is_active=True)}
    cleaned = []
    for index, raw in enumerate(activities, start=1):
        prefix = f"activities.{index}"
        item: dict[str, Any] = {}
        activity_type = types.get(str(raw.get("type", "")).strip())
        if activity_type is None:
            errors[f"{prefix}.type"] = _("Activity %(n)d: choose an activity type.") % {"n": index}
        item["activity_type"] = activity_type
        provider = str(raw.get("provider", "") or "").strip()
        item["provider"] = None
        item["provider_name"] = ""
        if not provider:
            errors[f"{prefix}.provider"] = _("Activity %(n)d: name the provider.") % {"n": index}
        elif provider.isdigit() and Provider.objects.filter(pk=int(provider)).exists():
            item["provider"] = Provider.objects.get(pk=int(provider))
        else:
            item["provider_name"] = provider[:200]
        start, end = _parse_date(raw.get("start")), _parse_date(raw.get("end"))
        if start is None:
            errors[f"{prefix}.start"] = _("Activity %(n)d: give the start date (YYYY-MM-DD).") % {
                "n": index
            }
        if end is None:
            errors[f"{prefix}.end"] = _(
                "Activity %(n)d: every activity is limited in time: give the end date (YYYY-MM-DD)."
            ) % {"n": index}
        elif start is not None and end < start:
            errors[f"{prefix}.end"] = _("Activity %(n)d: the end is before the start.") % {
                "n": index
            }
        item["start"], item["end"] = start, end
        try:
            hours = Decimal(str(raw.get("hours_per_week")))
            if not 0 < hours <= MAX_HOURS_PER_WEEK:
                raise InvalidOperation
            item["hours_per_week"] = hours
        except (InvalidOperation, ValueError):
            errors[f"{prefix}.hours_per_week"] = _(
                "Activity %(n)d: hours per week is a number from 1 to 60."
            ) % {"n": index}
        goal = str(raw.get("goal", "") or "").strip()
        if not goal:
            errors[f"{prefix}.goal"] = _("Activity %(n)d: write the goal of the activity.") % {
                "n": index
            }
        item["goal"] = goal
        cleaned.append(item)
    return cleaned


def plan_submit(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    activities: list[dict[str, Any]],
    based_on: int | None,
    based_on_given: bool = True,
    note: str = "",
) -> PlanVersion:
    """Write a new plan version awaiting the district's approval (R10, R11).

    `based_on` is the number of the latest version the writer saw (None for the first plan):
    if someone saved a version since, the save is refused (`ConcurrentChange`) and nothing is
    lost. A caller that did not say which version it saw (`based_on_given=False`, an API client
    that sent no `based_on_version`) may write the first plan only: once there is a version,
    it is asked for its base instead of overwriting a change it never saw.
    """
    require_plan_writer(actor, referral, _("Writing the plan"))
    if referral.stage != Stage.ENROLLED:
        raise ValidationFailed({"__all__": _("A plan is written after the first meeting.")})
    errors: dict[str, str] = {}
    cleaned = _clean_activities(activities, errors)
    if errors:
        raise ValidationFailed(errors)
    start = min(item["start"] for item in cleaned)
    end = max(item["end"] for item in cleaned)
    if not deadlines.plan_length_ok(start, end):
        raise ValidationFailed(
            {
                "end": _("A plan may cover at most 6 months. End date at the latest %(date)s.")
                % {"date": deadlines.latest_plan_end(start).isoformat()}
            }
        )
    with transaction.atomic():
        Referral.objects.select_for_update().get(pk=referral.pk)
        latest = referral.plan_versions.order_by("-number").first()
        latest_number = latest.number if latest else None
        if not based_on_given:
            if latest is not None:
                raise ValidationFailed(
                    {
                        "based_on": _(
                            "The plan already has version %(number)d. Say which version your "
                            "change is based on (the latest version you read), so that no one "
                            "else's change is lost."
                        )
                        % {"number": latest.number}
                    }
                )
            based_on = None
        if based_on != latest_number and latest is None:
            raise ValidationFailed({"based_on": _("The plan has no earlier version.")})
        if based_on != latest_number:
            assert latest is not None
            raise ConcurrentChange(
                {
                    "__all__": _(
                        "%(who)s saved version %(number)d of the plan at %(time)s, after you "
                        "opened it. Your version was not saved: look at theirs and make your "
                        "change again."
                    )
                    % {
                        "who": latest.written_by.get_full_name() or latest.written_by.username,
                        "number": latest.number,
                        "time": timezone.localtime(latest.created_at).strftime("%Y-%m-%d %H:%M"),
                    }
                }
            )
        for pending in referral.plan_versions.filter(status=PlanStatus.AWAITING_APPROVAL):
            _move(pending, PlanAction.SUPERSEDE)
            pending.save(update_fields=["status", "updated_at"])
            # The district no longer decides on it: its inbox item closes, saying why.
            district_events_close(
                events=_awaiting_events(pending),
                reason=HandledReason.PLAN_SUPERSEDED,
                audit_context=audit_context,
            )
        plan = PlanVersion.objects.create(
            referral=referral,
            number=(latest_number or 0) + 1,
            status=PlanStatus.AWAITING_APPROVAL,
            start=start,
            end=end,
            written_by=actor,
            note=(note or "").strip(),
            drawn_up_on=timezone.localdate(),
        )
        PlanActivity.objects.bulk_create(PlanActivity(plan=plan, **item) for item in cleaned)
        # Written in bulk: no signal keeps the case's deadlines.
        case_deadlines_keep(referral_ids=[referral.pk])
        district_event_record(
            referral=referral,
            kind=EventKind.PLAN_AWAITING_APPROVAL,
            summary=_("Plan version %(number)d awaits approval.") % {"number": plan.number},
            data={"plan": str(plan.pk), "number": plan.number},
        )
        audit.plan_submitted(
            audit_context,
            plan,
            after={
                "number": plan.number,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "activities": [
                    {
                        "type": i["activity_type"].code,
                        "start": i["start"].isoformat(),
                        "end": i["end"].isoformat(),
                        "hours_per_week": str(i["hours_per_week"]),
                    }
                    for i in cleaned
                ],
            },
        )
    return plan


def plan_approve(
    *, actor: Any, audit_context: audit.AuditContext, plan: PlanVersion
) -> PlanVersion:
    """The district approves (R11): the version becomes the active plan."""
    require_plan_decider(actor, plan)
    with transaction.atomic():
        plan = PlanVersion.objects.select_for_update().get(pk=plan.pk)
        _move(plan, PlanAction.APPROVE)
        for active in plan.referral.plan_versions.filter(status=PlanStatus.APPROVED):
            _move(active, PlanAction.SUPERSEDE)
            active.save(update_fields=["status", "updated_at"])
        plan.decided_by = actor
        plan.decided_at = timezone.now()
        try:
            plan.save()
        except IntegrityError:
            raise ValidationFailed({"__all__": _("The plan was decided a moment ago.")}) from None
        _mark_handled(plan, actor, audit_context)
        audit.plan_decided(audit_context, plan, approved=True)
    return plan


def plan_reject(
    *, actor: Any, audit_context: audit.AuditContext, plan: PlanVersion, reason: str
) -> PlanVersion:
    """The district rejects, with a reason; the plan goes back to the coach."""
    require_plan_decider(actor, plan)
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Write why the plan is rejected, for the coach.")})
    with transaction.atomic():
        plan = PlanVersion.objects.select_for_update().get(pk=plan.pk)
        _move(plan, PlanAction.REJECT)
        plan.decided_by = actor
        plan.decided_at = timezone.now()
        plan.rejection_reason = reason.strip()
        plan.save()
        _mark_handled(plan, actor, audit_context)
        audit.plan_decided(audit_context, plan, approved=False, reason=plan.rejection_reason)
    return plan


def _awaiting_events(plan: PlanVersion) -> Any:
    """The district's inbox items that ask for a decision on this version."""
    return plan.referral.events.filter(
        kind=EventKind.PLAN_AWAITING_APPROVAL, data__plan=str(plan.pk)
    )


def _mark_handled(plan: PlanVersion, actor: Any, audit_context: audit.AuditContext) -> None:
    district_events_close(
        events=_awaiting_events(plan),
        reason=HandledReason.PLAN_DECIDED,
        audit_context=audit_context,
        handled_by=actor,
    )


def follow_up_record(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    activity: PlanActivity,
    done_on: dt.date,
    outcome: str,
    note: str = "",
) -> FollowUp:
    """Follow up an activity (R13): its outcome and the next step."""
    referral = activity.plan.referral
    require_plan_writer(actor, referral, _("Following up"))
    errors: dict[str, str] = {}
    if referral.stage != Stage.ENROLLED:
        errors["__all__"] = _("Follow-ups are recorded while the person is enrolled.")
    elif activity.plan.status != PlanStatus.APPROVED:
        errors["__all__"] = _("Only activities of the active (approved) plan are followed up.")
    if outcome not in FollowUpOutcome.values:
        errors["outcome"] = _("The outcome is completed, interrupted, next_step or no_result.")
    if done_on > timezone.localdate():
        errors["done_on"] = _("A follow-up cannot be recorded before it has happened.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            activity=activity,
            done_on=done_on,
            outcome=outcome,
            note=(note or "").strip(),
            recorded_by=actor,
        )
        audit.follow_up_recorded(
            audit_context, follow_up, after={"outcome": outcome, "done_on": done_on.isoformat()}
        )
    return follow_up
