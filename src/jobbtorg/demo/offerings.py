"""Demo offerings and places in them: the demo provider (procured, with a payment model) runs
work training in the afternoons, the city's own SFI runs in the mornings, and a choice-system
provider pair runs job-search support, so that the portal, the week, attendance and payment
runs have something to show. Created through the services where there is one."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.demo.data import DEMO_PROVIDER_SLUG
from jobbtorg.organisation.models import JobCentre, User
from jobbtorg.participants.models import Referral
from jobbtorg.providers.models import (
    ActivityParticipation,
    ActivityType,
    Contract,
    ContractPaymentStep,
    Offering,
    Provider,
    ProviderKind,
    ProviderLocation,
    ProviderReportKind,
)
from jobbtorg.providers.services.participations import participation_place
from jobbtorg.providers.services.provider_reports import provider_report

# SEK per level A, B, C: a low base and a high result fee, as in Rusta och matcha.
DEMO_PAYMENT_STEPS = {
    "start_fee": ("1000", "1500", "2000"),
    "monthly_base_fee": ("2500", "3000", "3500"),
    "result_fee": ("8000", "12000", "16000"),
    "bonus_3_months": ("3000", "4000", "5000"),
    "bonus_6_months": ("3000", "4000", "5000"),
}


def _offering(
    provider: Provider,
    code: str,
    place: str,
    *,
    starts: int,
    ends: int,
    capacity: int,
    today: dt.date,
    contract: Contract | None = None,
    languages: str = "",
    own_cost: str | None = None,
) -> Offering:
    location, _ = ProviderLocation.objects.get_or_create(
        provider=provider, name=place, defaults={"address": f"{place}, Stockholm"}
    )
    offering, _ = Offering.objects.get_or_create(
        provider=provider,
        activity_type=ActivityType.objects.get(code=code),
        location=location,
        defaults={
            "contract": contract,
            "made_at": JobCentre.objects.get(slug="sydost"),
            "capacity": capacity,
            "weekdays": [0, 1, 2, 3, 4],
            "starts_at": dt.time(starts),
            "ends_at": dt.time(ends),
            "valid_from": today - dt.timedelta(days=365),
            "valid_until": contract.valid_until if contract else None,
            "languages": languages,
            "own_cost_per_month": Decimal(own_cost) if own_cost else None,
        },
    )
    return offering


def load_demo_offerings(today: dt.date | None = None) -> dict[str, Offering]:
    today = today or timezone.localdate()
    demo = Provider.objects.get(slug=DEMO_PROVIDER_SLUG)
    if demo.kind != ProviderKind.PROCURED:
        demo.kind = ProviderKind.PROCURED
        demo.organisation_number = "5560160680"
        demo.save()
    contract, _ = Contract.objects.get_or_create(
        provider=demo,
        number="LOU-DEMO-1",
        defaults={
            "valid_from": today - dt.timedelta(days=400),
            "valid_until": today + dt.timedelta(days=700),
            "price_model": "Rusta och matcha-modell: startersättning, månadsersättning, "
            "resultatersättning och bonus vid 3 och 6 månader.",
        },
    )
    for kind, (a, b, c) in DEMO_PAYMENT_STEPS.items():
        ContractPaymentStep.objects.get_or_create(
            contract=contract,
            kind=kind,
            defaults={"amount_a": Decimal(a), "amount_b": Decimal(b), "amount_c": Decimal(c)},
        )
    own, _ = Provider.objects.get_or_create(
        slug="stockholms-stad-sfi",
        defaults={"name": "Stockholms stad, SFI", "kind": ProviderKind.OWN_OPERATION},
    )
    offerings = {
        "work_training": _offering(
            demo,
            "work_training",
            "Demoanordnaren Farsta",
            starts=13,
            ends=16,
            capacity=40,
            today=today,
            contract=contract,
            languages="svenska, arabiska",
        ),
        "sfi": _offering(
            own,
            "sfi",
            "SFI Skärholmen",
            starts=8,
            ends=12,
            capacity=30,
            today=today,
            own_cost="4200",
        ),
    }
    for slug, name, place in (
        ("valfri-jobbcoach", "Valfri Jobbcoach AB", "Hötorget"),
        ("jobbsteget", "Jobbsteget Ekonomisk förening", "Kista centrum"),
    ):
        chooser, _ = Provider.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": ProviderKind.CHOICE_SYSTEM}
        )
        lov, _ = Contract.objects.get_or_create(
            provider=chooser,
            number=f"LOV-{slug}",
            defaults={
                "valid_from": today - dt.timedelta(days=200),
                "valid_until": today + dt.timedelta(days=500),
            },
        )
        offerings[slug] = _offering(
            chooser,
            "job_search",
            place,
            starts=9,
            ends=12,
            capacity=15,
            today=today,
            contract=lov,
            languages="svenska, somaliska, engelska",
        )
    return offerings


def place_demo_case(referral: Referral, coach: User, stage: str, today: dt.date) -> None:
    """Places for a case with an approved plan, made before any interruption or exit: work
    training with the demo provider in the afternoons, SFI in the mornings for the active
    ones (a full-day schedule), and a result (work) for the one who leaves for work."""
    if stage not in {"active", "interrupted", "exited_to_work"}:
        return
    if ActivityParticipation.objects.filter(referral=referral).exists():
        return
    offerings = load_demo_offerings(today)
    ctx = AuditContext.for_command("load_demo", actor=coach)
    reporter = User.objects.filter(provider__slug=DEMO_PROVIDER_SLUG).first() or coach
    provider_ctx = AuditContext.for_command("load_demo", actor=reporter)
    start = today - dt.timedelta(days=30)
    training = participation_place(
        ctx,
        referral=referral,
        offering=offerings["work_training"],
        planned_start=start,
        planned_end=today + dt.timedelta(days=60),
    )
    provider_report(provider_ctx, training, kind=ProviderReportKind.START, on=start)
    if stage == "exited_to_work":
        provider_report(
            provider_ctx,
            training,
            kind=ProviderReportKind.RESULT,
            on=today - dt.timedelta(days=5),
            result_kind="work",
            details={
                "employer": "Stockholms stad",
                "employment_form": "temporary",
                "extent": "part",
            },
        )
        provider_report(
            provider_ctx,
            training,
            kind=ProviderReportKind.COMPLETION,
            on=today - dt.timedelta(days=6),
        )
    elif stage == "active":
        sfi = participation_place(
            ctx,
            referral=referral,
            offering=offerings["sfi"],
            planned_start=start,
            planned_end=today + dt.timedelta(days=120),
        )
        # The city's own SFI has no portal account here: the coach records the start.
        provider_report(ctx, sfi, kind=ProviderReportKind.START, on=start)
