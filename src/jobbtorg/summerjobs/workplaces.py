"""Workplaces reporting summer-job places (R26, issue 8): the public report, staff approval and
the contact's own page through a secret link.

The link's token is shown once, when the workplace is reported; only its SHA-256 hash is kept.
The contact sees the young people who ACCEPTED a place at the workplace, nothing else.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.models import (
    Offer,
    OfferStatus,
    Period,
    Season,
    SeasonStatus,
    SummerWorkplace,
    WorkplaceStatus,
)
from jobbtorg.summerjobs.staff import require_summer_writer

CODE_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def season_for_reports(today: dt.date | None = None) -> Season | None:
    """The season workplaces report places for: set up, not finished, applications not yet
    closed (places are reported before and while young people apply)."""
    today = today or timezone.localdate()
    return (
        Season.objects.filter(closes_on__gte=today)
        .exclude(status__in=[SeasonStatus.DRAFT, SeasonStatus.FINISHED])
        .order_by("opens_on")
        .first()
    )


@dataclass
class WorkplaceData:
    organisation: str
    name: str
    kind: str
    district: District
    tasks: str
    places: int
    contact_name: str
    contact_email: str
    address: str = ""
    periods: list[Period] = field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    language_support: str = ""
    contact_phone: str = ""


def _code_for(name: str) -> str:
    stem = slugify(name)[:30].strip("-") or "arbetsplats"
    suffix = "".join(secrets.choice(CODE_SUFFIX_ALPHABET) for _ in range(4))
    return f"{stem}-{suffix}"


@dataclass(frozen=True)
class Reported:
    workplace: SummerWorkplace
    token: str


def workplace_report(*, season: Season, data: WorkplaceData) -> Reported:
    """A reported workplace, awaiting approval, and its contact's secret token (shown once)."""
    errors: dict[str, str] = {}
    if data.places < 1:
        errors["places"] = _("Report at least one place.")
    if data.min_age is not None and data.max_age is not None and data.max_age < data.min_age:
        errors["max_age"] = _("The highest age cannot be lower than the lowest age.")
    if not data.periods:
        errors["periods"] = _("Tick at least one period the places are for.")
    elif any(p.season_id != season.pk for p in data.periods):
        errors["periods"] = _("Choose among this season's periods.")
    for name in ("organisation", "name", "tasks", "contact_name", "contact_email"):
        if not str(getattr(data, name)).strip():
            errors[name] = _("This field is required.")
    if errors:
        raise ValidationFailed(errors)
    token = secrets.token_urlsafe(24)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                workplace = SummerWorkplace.objects.create(
                    season=season,
                    code=_code_for(data.name),
                    name=data.name.strip(),
                    organisation=data.organisation.strip(),
                    kind=data.kind,
                    district=data.district,
                    address=data.address.strip(),
                    tasks=data.tasks.strip(),
                    places=data.places,
                    min_age=data.min_age,
                    max_age=data.max_age,
                    language_support=data.language_support.strip(),
                    contact_name=data.contact_name.strip(),
                    contact_email=data.contact_email.strip(),
                    contact_phone=data.contact_phone.strip(),
                    contact_token_hash=token_hash(token),
                    status=WorkplaceStatus.REPORTED,
                )
                workplace.periods.set(data.periods)
            return Reported(workplace=workplace, token=token)
        except IntegrityError:  # the random suffix was taken: draw another
            continue
    raise ValidationFailed({"name": _("Could not give the workplace an id; try again.")})


def workplace_decide(
    *, workplace: SummerWorkplace, approve: bool, user: Any, now: dt.datetime | None = None
) -> SummerWorkplace:
    """Approve (publish) or reject a reported workplace: a matcher or a manager."""
    require_summer_writer(user)
    with transaction.atomic():
        locked = SummerWorkplace.objects.select_for_update().get(pk=workplace.pk)
        if locked.status != WorkplaceStatus.REPORTED:
            raise NotAllowed(_("This workplace has already been decided on."))
        locked.status = WorkplaceStatus.APPROVED if approve else WorkplaceStatus.REJECTED
        locked.decided_by = user
        locked.decided_at = now or timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return locked


def workplace_by_token(token: str) -> SummerWorkplace | None:
    if not token or len(token) > 100:
        return None
    return (
        SummerWorkplace.objects.filter(contact_token_hash=token_hash(token))
        .exclude(contact_token_hash="")
        .select_related("season", "district")
        .first()
    )


def placed_at(workplace: SummerWorkplace, context: audit.AuditContext) -> list[Offer]:
    """The young people who accepted a place at the workplace, audited as listed. Those who only
    got an offer, declined or let it expire are not the workplace's business."""
    with transaction.atomic():
        offers = list(
            Offer.objects.filter(workplace=workplace, status=OfferStatus.ACCEPTED)
            .select_related("application")
            .order_by("application__last_name", "application__first_name")
        )
        audit.summer_applications_listed(context, [o.application for o in offers])
    return offers


def allocation_has_happened(workplace: SummerWorkplace) -> bool:
    return workplace.season.runs.filter(offers_sent=True).exists()
