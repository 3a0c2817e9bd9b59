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
from jobbtorg.payments.models import PaymentRun, PaymentRunLine
from jobbtorg.payments.permissions import can_view_payment_runs
from jobbtorg.providers.models import ActivityParticipation, Provider


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


def run_lines_by_provider(run: PaymentRun) -> list[ProviderLines]:
    lines = list(
        run.lines.select_related(
            "provider", "contract", "participation__referral__participant"
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


def payment_run_shown(ctx: AuditContext, run_id: Any) -> tuple[PaymentRun, list[ProviderLines]]:
    """A run with its lines by provider, for its page; the people on it are logged as viewed."""
    run = payment_run_get(ctx.actor, run_id)
    groups = run_lines_by_provider(run)
    with transaction.atomic():
        audit.payment_run_viewed(ctx, run, run_participations(run))
    return run, groups


def payment_run_exported(ctx: AuditContext, run: PaymentRun) -> list[ProviderLines]:
    """An approved run's lines by provider for its invoice basis; the people on it are logged as
    exported (the context's channel says how)."""
    groups = run_lines_by_provider(run)
    with transaction.atomic():
        audit.payment_run_exported(ctx, run, run_participations(run))
    return groups
