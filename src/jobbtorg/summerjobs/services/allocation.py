"""Allocation rounds in the product (R26): the adapter from the season's records to the engine
(`engines/summerjobs`), offers with a deadline, and the next round over those still unplaced.

Round 1 runs over every eligible applicant. A next round first lets unanswered offers past their
deadline expire, then runs over the applicants who never got an offer (one declined or let
expire is not offered again), with the places left: a workplace's places minus its accepted
and still-open offers. An accepted place is never taken away.

The inputs are kept with the run in the command line's CSV formats, so that anyone can re-run
`jobbtorg summerjobs allocate` on them with the run's seed and get the same result.
"""

import csv
import datetime as dt
import io
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.cells import neutralised_row
from jobbtorg.engines.summerjobs.allocate import allocate
from jobbtorg.engines.summerjobs.fairness import tradeoff
from jobbtorg.engines.summerjobs.model import Applicant, Workplace, age_on
from jobbtorg.summerjobs.models import (
    AllocationRun,
    ApplicationChoice,
    Explanation,
    Offer,
    OfferStatus,
    Season,
    SeasonStatus,
    SummerApplication,
    WorkplaceStatus,
)
from jobbtorg.summerjobs.permissions import require_allocation_runner
from jobbtorg.summerjobs.selectors.applications import LIVE_OFFERS


def eligible(application: SummerApplication, season: Season) -> bool:
    return (
        season.min_age <= age_on(application.birth_date, season.reference_date) <= (season.max_age)
    )


def priority_tiers(season: Season) -> dict[Any, int]:
    """Each application's priority: the tier of its best verified ground (the ground ranked 1
    gives the highest number), 0 without one. Higher goes first."""
    grounds = {g.pk: g.rank for g in season.priority_grounds.all()}
    top = len(grounds)
    best: dict[Any, int] = {}
    for application_id, ground_id in season.applications.filter(
        priorities__isnull=False
    ).values_list("pk", "priorities__ground_id"):
        rank = grounds[ground_id]
        best[application_id] = max(best.get(application_id, 0), top + 1 - rank)
    return best


def expire_offers(season: Season, today: dt.date) -> int:
    """Offers not answered by their deadline expire (their places go to the next round)."""
    return Offer.objects.filter(
        run__season=season, status=OfferStatus.OFFERED, answer_by__lt=today
    ).update(status=OfferStatus.EXPIRED, answered_at=timezone.now())


def round_inputs(season: Season) -> tuple[list[Applicant], list[Workplace], dict[str, Any]]:
    """The applicants and workplaces of the next round, as the engine takes them, and the
    applications by id."""
    workplaces = list(
        season.workplaces.filter(status=WorkplaceStatus.APPROVED)
        .annotate(
            taken=Count("offers", filter=Q(offers__status__in=LIVE_OFFERS)),
        )
        .select_related("district")
        .order_by("code")
    )
    by_district: dict[str, list[str]] = {}
    for w in workplaces:
        by_district.setdefault(w.district.slug, []).append(w.code)
    # Whoever got an offer has had their turn: accepted, declined, or let it expire.
    done = set(Offer.objects.filter(run__season=season).values_list("application_id", flat=True))
    applications = [
        a
        for a in season.applications.filter(duplicate_of__isnull=True)
        .select_related("home_district")
        .order_by("created_at", "pk")
        if a.pk not in done and eligible(a, season)
    ]
    choices: dict[Any, list[ApplicationChoice]] = {}
    for choice in ApplicationChoice.objects.filter(application__season=season).select_related(
        "workplace"
    ):
        choices.setdefault(choice.application_id, []).append(choice)
    tiers = priority_tiers(season)
    codes = {w.code for w in workplaces}
    engine_applicants = []
    for a in applications:
        ranked: list[str] = []
        for choice in sorted(choices.get(a.pk, []), key=lambda c: c.rank):
            if choice.workplace is not None:
                if choice.workplace.code in codes and choice.workplace.code not in ranked:
                    ranked.append(choice.workplace.code)
            else:
                # "Any suitable place in these districts": the published workplaces there, in
                # the order of their ids, after the applicant's own choices.
                for district in choice.area_districts:
                    ranked.extend(c for c in by_district.get(district, []) if c not in ranked)
        engine_applicants.append(
            Applicant(
                id=str(a.pk),
                birth_date=a.birth_date,
                district=a.home_district.slug,
                priority=tiers.get(a.pk, 0),
                lottery=a.lottery,
                choices=tuple(ranked),
            )
        )
    engine_workplaces = [
        Workplace(
            id=w.code,
            capacity=max(w.places - w.taken, 0),
            min_age=w.min_age,
            max_age=w.max_age,
            district=w.district.slug,
        )
        for w in workplaces
    ]
    return engine_applicants, engine_workplaces, {str(a.pk): a for a in applications}


def applicants_csv(applicants: list[Applicant]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["applicant_id", "birth_date", "district", "priority", "lottery", "choices"])
    for a in applicants:
        writer.writerow(
            neutralised_row(
                [
                    a.id,
                    a.birth_date.isoformat(),
                    a.district,
                    a.priority,
                    "" if a.lottery is None else repr(a.lottery),
                    ";".join(a.choices),
                ]
            )
        )
    return out.getvalue()


def workplaces_csv(workplaces: list[Workplace]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["workplace_id", "capacity", "min_age", "max_age", "district"])
    for w in workplaces:
        writer.writerow(
            neutralised_row(
                [
                    w.id,
                    w.capacity,
                    "" if w.min_age is None else w.min_age,
                    "" if w.max_age is None else w.max_age,
                    w.district,
                ]
            )
        )
    return out.getvalue()


OUTCOME_WORDS = {
    "placed_here": "placed",
    "turned_down": "full",
    "not_eligible": "not_eligible",
    "not_reached": "not_reached",
    "repeated": "not_reached",
}


def _explanation_data(explanation: Any) -> dict[str, Any]:
    """What the applicant's page shows (selectors.explanations_for reads it), with the engine's own
    explanation kept whole under "engine" for anyone checking the run."""
    choices = []
    for position, choice in enumerate(explanation.choices, start=1):
        standing = choice.standing
        choices.append(
            {
                "rank": position,
                "workplace": choice.workplace_id,
                "eligible": choice.status != "not_eligible",
                "standing": standing.rank if standing else None,
                "out_of": standing.out_of if standing else None,
                "cutoff": standing.cutoff if standing else None,
                "places": standing.capacity if standing else None,
                "outcome": OUTCOME_WORDS.get(choice.status, choice.status),
            }
        )
    return {
        "lottery": explanation.lottery,
        "placed_at": explanation.workplace_id,
        "reason_code": explanation.reason,
        "choices": choices,
        "engine": asdict(explanation),
    }


def allocation_run(ctx: AuditContext, season: Season, *, seed: int) -> AllocationRun:
    """Run the next round: expire overdue offers, allocate over those still unplaced, keep the
    inputs, explanations and figures, and send offers with the season's deadline."""
    actor = ctx.actor
    require_allocation_runner(actor, season)
    if season.status != SeasonStatus.CLOSED:
        raise ValidationFailed(
            {"__all__": _("Close the application window before the allocation is run.")}
        )
    if not isinstance(seed, int) or seed < 0:
        raise ValidationFailed({"seed": _("The seed is a whole number, 0 or more.")})
    later = season.applications.filter(duplicate_of__isnull=False).count()
    if later:
        # Otherwise the sender of a later submission would learn from its missing result that
        # the personnummer had applied before.
        raise ValidationFailed(
            {
                "__all__": _(
                    "Applications sent again without the confirmation code: %(n)d. Keep or "
                    "remove each on the applications page before the allocation is run."
                )
                % {"n": later}
            }
        )
    today = timezone.localdate()
    with transaction.atomic():
        Season.objects.select_for_update().get(pk=season.pk)
        expire_offers(season, today)
        applicants, workplaces, applications = round_inputs(season)
        result = allocate(applicants, workplaces, on=season.reference_date, seed=seed)
        round_number = (season.runs.aggregate(n=Max("round_number"))["n"] or 0) + 1
        figures = {
            "applicants": len(applicants),
            "placed": result.placed,
            "places": result.places,
            "empty_places": result.empty_places,
            "first_choices": result.first_choices,
        }
        figures.update(_tradeoff(applicants, workplaces, season, seed))
        run = AllocationRun.objects.create(
            season=season,
            round_number=round_number,
            seed=seed,
            ran_by=actor,
            applicants_csv=applicants_csv(applicants),
            workplaces_csv=workplaces_csv(workplaces),
            figures=figures,
        )
        workplaces_by_code = {w.code: w for w in season.workplaces.all()}
        answer_by = today + dt.timedelta(days=season.offer_days)
        offers = []
        explanations = []
        for applicant in applicants:
            application = applications[applicant.id]
            if application.lottery is None:
                application.lottery = result.lotteries[applicant.id]
                application.save(update_fields=["lottery", "updated_at"])
            explanations.append(
                Explanation(
                    run=run,
                    application=application,
                    details=_explanation_data(result.explanation(applicant.id)),
                )
            )
            code = result.assignment[applicant.id]
            if code is not None:
                offers.append(
                    Offer(
                        run=run,
                        application=application,
                        workplace=workplaces_by_code[code],
                        answer_by=answer_by,
                    )
                )
        Explanation.objects.bulk_create(explanations, batch_size=2000)
        Offer.objects.bulk_create(offers, batch_size=2000)
        run.offers_sent = True
        run.save(update_fields=["offers_sent", "updated_at"])
        audit.summer_allocation_run(ctx, run, {"round": round_number, "seed": seed, **figures})
    return run


def _tradeoff(
    applicants: list[Applicant], workplaces: list[Workplace], season: Season, seed: int
) -> dict[str, Any]:
    """The committee's trade-off on this round's input: the stable allocation against a
    maximum-placement one, which places more but treats some pairs unfairly."""
    found = tradeoff(applicants, workplaces, on=season.reference_date, seed=seed)
    return {
        "tradeoff": {
            "stable": asdict(found.stable),
            "max_placement": asdict(found.max_placement),
        }
    }
