"""Workplaces: the staff's list to decide on, and the contact's page through its secret link."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jobbtorg.core.audit import events as audit
from jobbtorg.engines.summerjobs.model import is_minor
from jobbtorg.summerjobs.models import (
    Offer,
    OfferStatus,
    Season,
    SummerApplication,
    SummerWorkplace,
    WorkplaceStatus,
)
from jobbtorg.summerjobs.selectors.applications import summer_staff_rows


def token_hash(token: str) -> str:
    """What is kept of a workplace contact's secret link."""
    return hashlib.sha256(token.encode()).hexdigest()


def workplaces_visible_to(user: Any) -> QuerySet[SummerWorkplace]:
    """Every workplace with its contact person, reported or decided: the staff's."""
    return summer_staff_rows(user, SummerWorkplace)


def published_workplaces(season: Season) -> QuerySet[SummerWorkplace]:
    return season.workplaces.filter(status=WorkplaceStatus.APPROVED).select_related("district")


# Workplaces


def staff_workplaces(
    user: Any, season: Season | None
) -> tuple[list[SummerWorkplace], list[SummerWorkplace]]:
    """The season's workplaces awaiting a decision, and those decided."""
    if season is None:
        return [], []
    workplaces = (
        workplaces_visible_to(user)
        .filter(season=season)
        .select_related("district", "decided_by")
        .prefetch_related("periods")
    )
    awaiting = [w for w in workplaces if w.status == WorkplaceStatus.REPORTED]
    decided = [w for w in workplaces if w.status != WorkplaceStatus.REPORTED]
    return awaiting, decided


def workplace_of(user: Any, pk: Any) -> SummerWorkplace:
    return get_object_or_404(workplaces_visible_to(user), pk=pk)


def workplace_by_token(token: str) -> SummerWorkplace | None:
    """The workplace whose contact holds this secret link."""
    if not token or len(token) > 100:
        return None
    return (
        SummerWorkplace.objects.filter(contact_token_hash=token_hash(token))
        .exclude(contact_token_hash="")
        .select_related("season", "district")
        .first()
    )


def allocation_has_happened(workplace: SummerWorkplace) -> bool:
    return workplace.season.runs.filter(offers_sent=True).exists()


@dataclass(frozen=True)
class PlacedApplicant:
    application: SummerApplication
    # Under the adult age on the season's reference date (as the application form counts).
    minor: bool


def placed_at(workplace: SummerWorkplace, context: audit.AuditContext) -> list[PlacedApplicant]:
    """The young people who accepted a place at the workplace, audited as listed. Those who only
    got an offer, declined or let it expire are not the workplace's business."""
    offers = list(
        Offer.objects.filter(workplace=workplace, status=OfferStatus.ACCEPTED)
        .select_related("application")
        .order_by("application__last_name", "application__first_name")
    )
    audit.summer_applications_listed(context, [o.application for o in offers])
    reference = workplace.season.reference_date
    return [
        PlacedApplicant(
            application=offer.application,
            minor=is_minor(offer.application.birth_date, reference),
        )
        for offer in offers
    ]
