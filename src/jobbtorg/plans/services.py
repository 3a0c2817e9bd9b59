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
from jobbtorg.engines.rules import plan_activities as activity_rule
from jobbtorg.engines.rules.plan_workflow import PLAN_WORKFLOW, PlanAction, TransitionNotAllowed
from jobbtorg.engines.rules.plan_workflow import PlanStatus as WorkflowStatus
from jobbtorg.engines.rules.problems import by_field
from jobbtorg.participants.models import EventKind, HandledReason, Referral, Stage
from jobbtorg.participants.services.district_events import (
    district_event_record,
    district_events_close,
)
from jobbtorg.plans.case_deadlines import case_deadlines_keep
from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanActivity, PlanStatus, PlanVersion
from jobbtorg.plans.permissions import require_plan_decider, require_plan_writer
from jobbtorg.providers.models import ActivityType, Provider


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


def _parse_hours(value: Any) -> Decimal | None:
    """None when not given; NaN (refused by the rule) when it is not a number."""
    if value is None or str(value).strip() == "":
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return Decimal("NaN")


def jobbtorg_provider_name(referral: Referral) -> str:
    """How an activity the Jobbtorg runs itself names its provider: the Jobbtorg of the case."""
    return str(referral.job_centre)


def _provider(
    raw: Any, referral: Referral
) -> tuple[activity_rule.ProviderGiven, Provider | None, str]:
    """Who delivers the activity, as typed: nothing, the Jobbtorg itself ("Jobbtorget" or the
    case's Jobbtorg by name), a provider of the register by id, or a name typed by hand."""
    text = " ".join(str(raw or "").split())
    if not text:
        return activity_rule.ProviderGiven.NONE, None, ""
    if text.casefold() in {"jobbtorget", jobbtorg_provider_name(referral).casefold()}:
        return activity_rule.ProviderGiven.JOBBTORG, None, jobbtorg_provider_name(referral)
    if text.isdigit():
        registered = Provider.objects.filter(pk=int(text)).first()
        if registered is not None:
            return activity_rule.ProviderGiven.NAMED, registered, ""
    return activity_rule.ProviderGiven.NAMED, None, text[:200]


def plan_activities_check(
    *, referral: Referral, activities: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The activities as they would be saved, and every problem of every activity at once
    (engines/rules/plan_activities.py); nothing is written. The plan page asks it too when a
    row could not even be read, so that all errors are shown together."""
    if not activities:
        return [], {"activities": [_("A plan has at least one activity.")]}
    types = {t.code: t for t in ActivityType.objects.filter(is_active=True)}
    proposed = []
    cleaned = []
    for raw in activities:
        type_code = str(raw.get("type", "") or "").strip()
        given, provider, provider_name = _provider(raw.get("provider"), referral)
        if given is activity_rule.ProviderGiven.NONE and activity_rule.jobbtorg_delivers(type_code):
            provider_name = jobbtorg_provider_name(referral)
        proposed.append(
            activity_rule.ProposedActivity(
                type_code=type_code if type_code in types else "",
                provider=given,
                start=_parse_date(raw.get("start")),
                end=_parse_date(raw.get("end")),
                hours_per_week=_parse_hours(raw.get("hours_per_week")),
                goal=str(raw.get("goal", "") or ""),
            )
        )
        cleaned.append(
            {
                "activity_type": types.get(type_code),
                "provider": provider,
                "provider_name": provider_name,
                "start": proposed[-1].start,
                "end": proposed[-1].end,
                "hours_per_week": proposed[-1].hours_per_week,
                "goal": proposed[-1].goal.strip(),
            }
        )
    problems = activity_rule.plan_activities_problems(
        tuple(proposed), known_types=frozenset(types), enrolled_on=referral.enrolled_on
    )
    return cleaned, by_field(problems, _)


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
    cleaned, errors = plan_activities_check(referral=referral, activities=activities)
    if errors:
        raise ValidationFailed(errors)
    start = min(item["start"] for item in cleaned)
    end = max(item["end"] for item in cleaned)
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
        errors["outcome"] = _(
            "Choose the outcome: completed, interrupted, led to the next step, or did not lead "
            "to results."
        )
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
