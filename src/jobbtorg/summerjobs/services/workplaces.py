"""Workplaces reporting summer-job places (R26): the public report and staff approval. The
contact's own page through a secret link reads through the selectors.

The link's token is shown once, when the workplace is reported; only its SHA-256 hash is kept.
The contact sees the young people who ACCEPTED a place at the workplace, nothing else.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.models import Period, Season, SummerWorkplace, WorkplaceStatus
from jobbtorg.summerjobs.permissions import require_workplace_decider
from jobbtorg.summerjobs.selectors.workplaces import token_hash

CODE_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


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
    require_workplace_decider(user, workplace)
    with transaction.atomic():
        locked = SummerWorkplace.objects.select_for_update().get(pk=workplace.pk)
        if locked.status != WorkplaceStatus.REPORTED:
            raise NotAllowed(_("This workplace has already been decided on."))
        locked.status = WorkplaceStatus.APPROVED if approve else WorkplaceStatus.REJECTED
        locked.decided_by = user
        locked.decided_at = now or timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return locked
