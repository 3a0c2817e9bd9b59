"""Applications, offers, verified priorities and explanations: for staff (every application of
the city's season) and for the applicant (their own, found by the confirmation code)."""

import datetime as dt
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.engines.summerjobs.model import age_on
from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.models import (
    Explanation,
    Offer,
    OfferStatus,
    Season,
    SummerApplication,
    VerifiedPriority,
)
from jobbtorg.summerjobs.permissions import can_read_applications
from jobbtorg.summerjobs.selectors.explanations import explanations_for

# An offer that holds a place: still open, or accepted.
LIVE_OFFERS = (OfferStatus.OFFERED, OfferStatus.ACCEPTED)

# Scoping: one function per model that holds or names a person

M = TypeVar("M", bound=Model)


def summer_staff_rows(user: Any, model: type[M]) -> QuerySet[M]:
    """Every row for those who handle summer jobs (the season is the city's, not one
    Jobbtorg's), none for anyone else."""
    rows: QuerySet[M] = model._default_manager.all()
    return rows if can_read_applications(user) else rows.none()


def applications_visible_to(user: Any) -> QuerySet[SummerApplication]:
    return summer_staff_rows(user, SummerApplication)


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    return summer_staff_rows(user, Offer)


def verified_priorities_visible_to(user: Any) -> QuerySet[VerifiedPriority]:
    return summer_staff_rows(user, VerifiedPriority)


def explanations_visible_to(user: Any) -> QuerySet[Explanation]:
    return summer_staff_rows(user, Explanation)


def district_names() -> dict[str, str]:
    """For area choices, which name districts by slug."""
    return dict(District.objects.values_list("slug", "name"))


# Applications, for staff


def applications_search(
    user: Any, *, season: Any, text: str = "", district: str = "", priority: str = ""
) -> QuerySet[SummerApplication]:
    """The season's applications matching a name or personnummer, a home district and whether
    a priority ground is verified ("yes"/"no")."""
    rows = applications_visible_to(user).filter(season=season).select_related("home_district")
    for word in text.split():
        digits = "".join(ch for ch in word if ch.isdigit())
        condition = Q(first_name__icontains=word) | Q(last_name__icontains=word)
        if len(digits) >= 6:
            condition |= Q(personal_identity_number__contains=digits)
        rows = rows.filter(condition)
    if district:
        rows = rows.filter(home_district__slug=district)
    verified = Exists(VerifiedPriority.objects.filter(application=OuterRef("pk")))
    if priority == "yes":
        rows = rows.filter(verified)
    elif priority == "no":
        rows = rows.exclude(verified)
    return rows.order_by("last_name", "first_name", "personal_identity_number")


def applications_page(
    user: Any,
    *,
    season: Season,
    context: audit.AuditContext,
    text: str = "",
    district: str = "",
    priority: str = "",
    page: Any = None,
    page_size: int = 50,
) -> Page:
    """One page of the search, every applicant on it audited as listed (one write)."""
    rows = applications_search(
        user, season=season, text=text, district=district, priority=priority
    ).prefetch_related("priorities__ground")
    shown = Paginator(rows, page_size).get_page(page)
    audit.summer_applications_listed(context, list(shown.object_list))
    return shown


def application_of(user: Any, pk: Any) -> SummerApplication:
    """One application in the user's scope, else 404. Not audited: for a write, or before
    `application_for_staff` shows it."""
    return get_object_or_404(
        applications_visible_to(user).select_related("season", "home_district", "duplicate_of"),
        pk=pk,
    )


def verified_priority_of(user: Any, application: SummerApplication, pk: Any) -> VerifiedPriority:
    return get_object_or_404(
        verified_priorities_visible_to(user).select_related("ground"),
        pk=pk,
        application=application,
    )


def _choices_and_periods(application: SummerApplication) -> dict[str, Any]:
    return {
        "choices": list(application.choices.select_related("workplace__district").order_by("rank")),
        "periods": list(application.periods.order_by("starts_on")),
        "area_names": district_names(),
    }


def application_for_staff(
    user: Any, application: SummerApplication, *, context: audit.AuditContext
) -> dict[str, Any]:
    """What the staff's page of one application shows; audited as viewed."""
    application = application_of(user, application.pk)
    audit.summer_application_viewed(context, application)
    return {
        "application": application,
        "age": age_on(application.birth_date, application.season.reference_date),
        **_choices_and_periods(application),
        "priorities": list(
            verified_priorities_visible_to(user)
            .filter(application=application)
            .select_related("ground", "verified_by")
            .order_by("ground__rank")
        ),
        "offer": current_offer(application),
        "resends": list(application.resends.order_by("created_at")),
    }


# The applicant's own application (no account: found by the confirmation code)


def applicant_application(pk: Any, code_hash_start: str) -> SummerApplication | None:
    """The application an applicant signed in to, while its code is still the one they gave."""
    application = (
        SummerApplication.objects.filter(pk=pk).select_related("season", "home_district").first()
    )
    if application is None or not application.confirmation_code_hash.startswith(code_hash_start):
        return None
    return application


def application_for_applicant(
    application: SummerApplication, *, context: audit.AuditContext
) -> dict[str, Any]:
    """What the applicant's own page shows; audited as viewed."""
    audit.summer_application_viewed(context, application)
    offer = current_offer(application)
    return {
        "application": application,
        **_choices_and_periods(application),
        "offer": offer,
        "may_answer": may_answer(offer),
        "explanations": explanations_for(application),
    }


def offer_of_applicant(application: SummerApplication, offer_id: str) -> Offer | None:
    if not offer_id.isdigit():
        return None
    return Offer.objects.filter(pk=offer_id, application=application).first()


def current_offer(application: SummerApplication) -> Offer | None:
    """The live offer (offered or accepted), else the latest one (declined or expired)."""
    offers = application.offers.select_related("workplace__district", "run").order_by("-created_at")
    live = offers.filter(status__in=LIVE_OFFERS).first()
    return live or offers.first()


def may_answer(offer: Offer | None, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return offer is not None and offer.status == OfferStatus.OFFERED and today <= offer.answer_by
