"""Reads of the payment runs: the scoping of runs and lines, a run for its page or an export
(each writes its read-audit entry for the people on the run's lines)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.participants.models import Participant
from jobbtorg.participants.selectors import referrals_visible_to
from jobbtorg.payments.models import PaymentRun, PaymentRunLine
from jobbtorg.payments.permissions import can_view_payment_runs
from jobbtorg.payments.reasons import participation_reference, reason_text
from jobbtorg.providers.models import ActivityParticipation, PaymentStepKind, Provider


def payment_runs_visible_to(user: Any) -> QuerySet[PaymentRun]:
    """Every run, city-wide, for those who make them (the managers and administrators); none
    for anyone else."""
    runs = PaymentRun.objects.select_related("created_by", "approved_by")
    return runs if can_view_payment_runs(user) else runs.none()


def payment_run_lines_visible_to(user: Any) -> QuerySet[PaymentRunLine]:
    """The lines of the runs the user sees; each line names a participation, so a person."""
    return PaymentRunLine.objects.filter(run__in=payment_runs_visible_to(user))


def payment_run_get(user: Any, run_id: Any) -> PaymentRun:
    """One run in the user's scope (to act on it), or 404. Names no one: no audit entry."""
    run = payment_runs_visible_to(user).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def run_participations(run: PaymentRun) -> list[ActivityParticipation]:
    """The participations on a run's lines, each once, with their person (for the audit)."""
    ids = run.lines.values_list("participation_id", flat=True).distinct()
    return list(
        ActivityParticipation.objects.filter(pk__in=ids)
        .select_related("referral__participant")
        .order_by("pk")
    )


@dataclass(frozen=True)
class ProviderLines:
    provider: Provider
    lines: Sequence[PaymentRunLine]
    total: Decimal


@dataclass(frozen=True)
class ShownLine:
    """A line as a manager checks it: the person when the user may see their case (else None,
    and only the reference), the activity, the step and the reason in the user's language."""

    line: PaymentRunLine
    person: Participant | None
    reference: str
    activity: str
    step: str
    reason: str


@dataclass(frozen=True)
class StepTotal:
    kind: str
    label: str
    lines: int
    amount: Decimal


@dataclass(frozen=True)
class ProviderShown:
    provider: Provider
    lines: Sequence[ShownLine]
    total: Decimal
    # Per step of the run, in the run's step order: (the step, this provider's amount, 0 when
    # none).
    by_step: Sequence[tuple[str, Decimal]]


@dataclass(frozen=True)
class RunShown:
    """A run for its page: its lines by provider, and the totals per provider and per step."""

    run: PaymentRun
    providers: Sequence[ProviderShown]
    steps: Sequence[StepTotal]
    total: Decimal


def run_lines_by_provider(run: PaymentRun) -> list[ProviderLines]:
    lines = list(
        run.lines.select_related(
            "provider",
            "contract",
            "participation__referral__participant",
            "participation__offering__activity_type",
        ).order_by("provider__name", "pk")
    )
    groups: dict[int, list[PaymentRunLine]] = {}
    for line in lines:
        groups.setdefault(line.provider_id, []).append(line)
    return [
        ProviderLines(
            provider=group[0].provider,
            lines=group,
            total=sum((line.amount for line in group), Decimal("0.00")),
        )
        for group in groups.values()
    ]


def _shown(line: PaymentRunLine, visible: set[Any]) -> ShownLine:
    participation = line.participation
    person = None
    activity = ""
    if participation is not None:
        activity = participation.offering.activity_type.name
        if participation.referral_id in visible:
            person = participation.referral.participant
    return ShownLine(
        line=line,
        person=person,
        reference=participation_reference(line.participation_id),
        activity=activity,
        step=str(PaymentStepKind(line.kind).label),
        reason=reason_text(line.reason_details, line.reason),
    )


def payment_run_shown(ctx: AuditContext, run_id: Any) -> RunShown:
    """A run for its page, each person named only to a user who may see their case
    (`referrals_visible_to`), everyone else by the participation's reference; the people on it
    are logged as viewed."""
    run = payment_run_get(ctx.actor, run_id)
    groups = run_lines_by_provider(run)
    referral_ids = {
        line.participation.referral_id
        for group in groups
        for line in group.lines
        if line.participation is not None
    }
    visible = set(
        referrals_visible_to(ctx.actor).filter(pk__in=referral_ids).values_list("pk", flat=True)
    )
    kinds = [
        kind
        for kind in PaymentStepKind.values
        if any(line.kind == kind for group in groups for line in group.lines)
    ]
    providers = [
        ProviderShown(
            provider=group.provider,
            lines=[_shown(line, visible) for line in group.lines],
            total=group.total,
            by_step=[
                (
                    str(PaymentStepKind(kind).label),
                    sum(
                        (line.amount for line in group.lines if line.kind == kind),
                        Decimal("0.00"),
                    ),
                )
                for kind in kinds
            ],
        )
        for group in groups
    ]
    lines = [line for group in groups for line in group.lines]
    steps = [
        StepTotal(
            kind=kind,
            label=str(PaymentStepKind(kind).label),
            lines=sum(1 for line in lines if line.kind == kind),
            amount=sum((line.amount for line in lines if line.kind == kind), Decimal("0.00")),
        )
        for kind in kinds
    ]
    with transaction.atomic():
        audit.payment_run_viewed(ctx, run, run_participations(run))
    return RunShown(
        run=run,
        providers=providers,
        steps=steps,
        total=sum((group.total for group in groups), Decimal("0.00")),
    )


def payment_run_exported(ctx: AuditContext, run: PaymentRun) -> list[ProviderLines]:
    """An approved run's lines by provider for its invoice basis; the people on it are logged as
    exported (the context's channel says how)."""
    groups = run_lines_by_provider(run)
    with transaction.atomic():
        audit.payment_run_exported(ctx, run, run_participations(run))
    return groups
