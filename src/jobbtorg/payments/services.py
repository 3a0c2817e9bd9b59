"""Results-based payment runs (R27): the adapter from the records to the pure engine
(`engines/payments`), and the services that preview, approve and discard a monthly run. The
facts a run reads are corrected in the participation services of the providers app.

References the engine sees, kept the same everywhere (lines, exports, problems):
- participation_ref: the ActivityParticipation's id (a UUID);
- provider_ref: the provider's slug;
- contract_ref: the Contract's id (a contract number is only unique per provider).

The guarantee that nothing is paid twice: a preview is computed against the lines of every
approved run, and it may only be approved while no other run has been approved since it was
made. Otherwise it is stale and must be made again (docs/payments.md).
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.payments.model import (
    Level,
    PaidLine,
    ParticipationFacts,
    PaymentModel,
    StepKind,
)
from jobbtorg.engines.payments.run import RunResult, payment_run
from jobbtorg.payments.models import PaymentRun, PaymentRunLine, PaymentRunStatus
from jobbtorg.payments.permissions import can_approve_payment_run, can_make_payment_run
from jobbtorg.payments.selectors import run_participations
from jobbtorg.providers.models import (
    ActivityParticipation,
    Contract,
    ParticipationStatus,
    Provider,
)
from jobbtorg.providers.services.catalog import payment_model_of

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


# The adapter: records → engine.


def run_ref(run: PaymentRun) -> str:
    """How a run is named in the lines that correct it: month and number, e.g. 2026-04/7."""
    return f"{run.month:%Y-%m}/{run.pk}"


def _facts(participation: ActivityParticipation, contract_ref: str) -> ParticipationFacts:
    never = participation.status == ParticipationStatus.NEVER_STARTED
    return ParticipationFacts(
        participation_ref=str(participation.pk),
        provider_ref=participation.offering.provider.slug,
        contract_ref=contract_ref,
        level=Level(participation.level),
        started_on=None if never else participation.started_on,
        ended_on=participation.ended_on,
        result_on=participation.result_on,
        in_work_or_without_assistance_at_3_months=(
            participation.in_work_or_without_assistance_at_3_months
        ),
        in_work_or_without_assistance_at_6_months=(
            participation.in_work_or_without_assistance_at_6_months
        ),
    )


@dataclass(frozen=True)
class RunInput:
    """What the engine reads, and the records its references point back to."""

    models: dict[str, PaymentModel]
    facts: list[ParticipationFacts]
    paid: list[PaidLine]
    participations: dict[str, ActivityParticipation]
    contracts: dict[str, Contract]
    providers: dict[str, Provider]


def run_input() -> RunInput:
    """Facts for every participation in an offering under a contract, and for every one with
    paid lines (the engine corrects paid lines only against facts); the paid lines of all
    approved runs; the models of the contracts they name. Four queries."""
    paid_rows = list(
        # A culled person's lines are final: nothing is left to correct them against.
        PaymentRunLine.objects.filter(
            run__status=PaymentRunStatus.APPROVED, participation__isnull=False
        )
        .select_related("run")
        .order_by("run__approved_at", "pk")
    )
    paid = [
        PaidLine(
            participation_ref=str(line.participation_id),
            kind=StepKind(line.kind),
            period=line.period,
            amount=line.amount,
            run_ref=run_ref(line.run),
        )
        for line in paid_rows
    ]
    # A participation whose offering has no contract (any more) keeps the contract it was paid
    # under, so its paid lines are still checked against its facts.
    paid_contract = {str(line.participation_id): str(line.contract_id) for line in paid_rows}
    participations = list(
        ActivityParticipation.objects.filter(
            Q(offering__contract__isnull=False)
            | Q(pk__in={line.participation_id for line in paid_rows})
        ).select_related("offering__provider", "referral__participant")
    )
    facts: list[ParticipationFacts] = []
    by_ref: dict[str, ActivityParticipation] = {}
    providers: dict[str, Provider] = {}
    for participation in participations:
        ref = str(participation.pk)
        contract_id = participation.offering.contract_id
        contract_ref = str(contract_id) if contract_id is not None else paid_contract[ref]
        facts.append(_facts(participation, contract_ref))
        by_ref[ref] = participation
        providers[participation.offering.provider.slug] = participation.offering.provider
    contract_ids = {int(f.contract_ref) for f in facts}
    contracts = {
        str(contract.pk): contract
        for contract in Contract.objects.filter(pk__in=contract_ids).prefetch_related(
            "payment_steps"
        )
    }
    models = {
        ref: payment_model_of(ref, contract.payment_steps.all())
        for ref, contract in contracts.items()
    }
    return RunInput(models, facts, paid, by_ref, contracts, providers)


# Months.


def month_parse(value: Any) -> dt.date:
    """The first day of the month given as YYYY-MM (or a date), refused with a clear message when
    it is not a month or lies after this month."""
    if isinstance(value, dt.date):
        month = value.replace(day=1)
    else:
        match = MONTH_PATTERN.match(str(value or "").strip())
        month_number = int(match.group(2)) if match else 0
        if match is None or not 1 <= month_number <= 12:
            raise ValidationFailed({"month": _("Give the month as YYYY-MM, for example 2026-04.")})
        month = dt.date(int(match.group(1)), month_number, 1)
    this_month = timezone.localdate().replace(day=1)
    if month > this_month:
        raise ValidationFailed(
            {
                "month": _(
                    "%(month)s has not begun: a run can be made for this month (%(now)s) or "
                    "earlier."
                )
                % {"month": f"{month:%Y-%m}", "now": f"{this_month:%Y-%m}"}
            }
        )
    return month


# Services.


def _lock_runs() -> None:
    """Serialises previews and approvals: both lock every open and approved run first, so a
    preview never reads the paid lines half-way through an approval."""
    list(
        PaymentRun.objects.select_for_update()
        .filter(status__in=[PaymentRunStatus.PREVIEW, PaymentRunStatus.APPROVED])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def payment_run_compute(month: dt.date) -> tuple[RunResult, RunInput]:
    """The run for `month` as it would be now; writes nothing (the command's preview)."""
    data = run_input()
    return payment_run(data.models, data.facts, data.paid, month=month), data


def payment_run_preview(ctx: AuditContext, month: Any) -> PaymentRun:
    """A manager or an administrator computes the run for a month and stores it as a preview,
    with its lines and problems. Nothing is paid until a manager approves it."""
    if not can_make_payment_run(ctx.actor):
        raise NotAllowed(_("Jobbtorg managers and administrators make payment runs."))
    first_day = month_parse(month)
    with transaction.atomic():
        _lock_runs()
        latest = (
            PaymentRun.objects.filter(status=PaymentRunStatus.APPROVED).order_by("-month").first()
        )
        if latest is not None and first_day < latest.month:
            # Paid later months are not due by an earlier month's end: the run would take them
            # back.
            raise ValidationFailed(
                {
                    "month": _(
                        "The run for %(latest)s is approved: make the run for %(latest)s or a "
                        "later month."
                    )
                    % {"latest": f"{latest.month:%Y-%m}"}
                }
            )
        result, data = payment_run_compute(first_day)
        run = PaymentRun.objects.create(
            month=first_day,
            problems=[problem.as_json() for problem in result.problems],
            created_by=ctx.actor,
        )
        PaymentRunLine.objects.bulk_create(
            PaymentRunLine(
                run=run,
                participation=data.participations[line.participation_ref],
                provider=data.providers[line.provider_ref],
                contract=data.contracts[line.contract_ref],
                kind=str(line.kind),
                period=line.period,
                level=str(line.level),
                amount=line.amount,
                reason=line.reason[:500],
                reason_details=line.why.as_json() if line.why else {},
            )
            for line in result.lines
        )
        audit.payment_run_previewed(ctx, run, run_participations(run))
    return run


def payment_run_approve(ctx: AuditContext, run: PaymentRun) -> PaymentRun:
    """A manager approves a preview: its lines become paid history. Refused when another run was
    approved after this preview was made (it may pay what that one paid): make it again."""
    if not can_approve_payment_run(ctx.actor):
        raise NotAllowed(_("A Jobbtorg manager approves payment runs."))
    with transaction.atomic():
        _lock_runs()
        current = PaymentRun.objects.get(pk=run.pk)
        if current.status != PaymentRunStatus.PREVIEW:
            raise ValidationFailed(
                {
                    "__all__": _("Only a preview can be approved: this run is “%(status)s”.")
                    % {"status": current.get_status_display()}
                }
            )
        newer = (
            PaymentRun.objects.filter(
                status=PaymentRunStatus.APPROVED, approved_at__gte=current.created_at
            )
            .order_by("-approved_at")
            .first()
        )
        if newer is not None:
            raise ValidationFailed(
                {
                    "__all__": _(
                        "The run %(other)s was approved after this preview was made, so this "
                        "preview may pay the same again. Discard it and make a new preview."
                    )
                    % {"other": run_ref(newer)}
                }
            )
        current.status = PaymentRunStatus.APPROVED
        current.approved_by = ctx.actor
        current.approved_at = timezone.now()
        current.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        audit.payment_run_approved(ctx, current, run_participations(current))
    return current


def payment_run_discard(ctx: AuditContext, run: PaymentRun) -> PaymentRun:
    """A preview that will not be approved (stale, or made to look) is set aside. Its lines stay
    for the record but are never paid. It names no one beyond what the preview showed, so no
    audit entry is written."""
    if not can_make_payment_run(ctx.actor):
        raise NotAllowed(_("Jobbtorg managers and administrators make payment runs."))
    with transaction.atomic():
        updated = PaymentRun.objects.filter(pk=run.pk, status=PaymentRunStatus.PREVIEW).update(
            status=PaymentRunStatus.DISCARDED, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationFailed({"__all__": _("Only a preview can be discarded.")})
    run.refresh_from_db()
    return run
