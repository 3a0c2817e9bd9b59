"""Applications for summer jobs (R26): the public form's service, the applicant's look-up with
their confirmation code, the answer to an offer, and staff resolving a later submission.

Replacing an application needs the current code (see docs/summerjobs.md): without it anyone who
knows a personnummer could change someone's choices. Whoever sends a personnummer that has
applied, without the code, gets the answer a new applicant gets; the submission is kept beside
the first for staff (`duplicate_of`), never over it, so the form does not tell who has applied.
Wrong codes are limited in confirmation_codes.py.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.rules.personal_identity import (
    InvalidPersonalIdentityNumber,
    parse_personal_identity_number,
)
from jobbtorg.engines.summerjobs.model import age_on, is_minor
from jobbtorg.organisation.models import District
from jobbtorg.participants.services.participants import personal_identity_error_message
from jobbtorg.summerjobs.models import (
    ApplicationChoice,
    Offer,
    OfferStatus,
    Period,
    Season,
    SeasonStatus,
    SummerApplication,
    SummerWorkplace,
    WorkplaceStatus,
)
from jobbtorg.summerjobs.permissions import require_application_handler
from jobbtorg.summerjobs.services.confirmation_codes import (
    claim_try,
    code_hash,
    code_matches,
    new_confirmation_code,
    normalise_code,
)

# Saving an application


@dataclass
class ApplicationData:
    """What the form parsed; the service decides whether it may be saved."""

    personal_identity_number: str
    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    guardian_email: str = ""
    home_district: District | None = None
    school: str = ""
    # Ranked: the first is the most wanted. None for a rank left empty.
    choices: list[SummerWorkplace | None] = field(default_factory=list)
    area_districts: list[District] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    languages: str = ""
    needs_language_support: bool = False


def snapshot(application: SummerApplication) -> dict[str, Any]:
    """What the audit log keeps of a version (before and after a replacement)."""
    return {
        "first_name": application.first_name,
        "last_name": application.last_name,
        "email": application.email,
        "phone": application.phone,
        "guardian_name": application.guardian_name,
        "guardian_phone": application.guardian_phone,
        "guardian_email": application.guardian_email,
        "home_district": application.home_district.slug,
        "school": application.school,
        "languages": application.languages,
        "needs_language_support": application.needs_language_support,
        "periods": sorted(str(p.pk) for p in application.periods.all()),
        "choices": [
            {
                "rank": c.rank,
                "workplace": c.workplace.code if c.workplace else None,
                "area_districts": c.area_districts,
            }
            for c in application.choices.select_related("workplace").order_by("rank")
        ],
        "version": application.version,
        "sent_again_after": str(application.duplicate_of_id or "") or None,
    }


def _check(season: Season, data: ApplicationData, today: dt.date) -> tuple[Any, list[Any]]:
    """Everything wrong with the application at once, or the parsed identity and choices."""
    errors: dict[str, str] = {}
    identity = None
    try:
        identity = parse_personal_identity_number(data.personal_identity_number, today=today)
    except InvalidPersonalIdentityNumber as error:
        errors["personal_identity_number"] = personal_identity_error_message(error)
    if identity is not None:
        age = age_on(identity.birth_date, season.reference_date)
        if age < season.min_age or age > season.max_age:
            errors["personal_identity_number"] = _(
                "Summer jobs this season are for young people aged %(min)d to %(max)d on "
                "%(date)s. By your personal identity number you will be %(age)d then."
            ) % {
                "min": season.min_age,
                "max": season.max_age,
                "date": season.reference_date.isoformat(),
                "age": age,
            }
        elif is_minor(identity.birth_date, season.reference_date):
            if not data.guardian_name.strip():
                errors["guardian_name"] = _("You are under 18: enter your guardian's name.")
            if not (data.guardian_phone.strip() or data.guardian_email.strip()):
                errors["guardian_phone"] = _(
                    "You are under 18: enter your guardian's phone number or e-mail."
                )
    if not data.first_name.strip():
        errors["first_name"] = _("Enter your first name.")
    if not data.last_name.strip():
        errors["last_name"] = _("Enter your last name.")
    if not (data.phone.strip() or data.email.strip()):
        errors["phone"] = _("Enter a phone number or an e-mail address so we can reach you.")
    if data.home_district is None:
        errors["home_district"] = _("Choose the district you live in.")

    picked = [w for w in data.choices if w is not None]
    if len(picked) > season.choices_count:
        errors["choices"] = _("You can choose at most %(n)d workplaces.") % {
            "n": season.choices_count
        }
    elif len({w.pk for w in picked}) != len(picked):
        errors["choices"] = _("You have chosen the same workplace more than once.")
    elif any(w.season_id != season.pk or w.status != WorkplaceStatus.APPROVED for w in picked):
        errors["choices"] = _("Choose among the published workplaces of this season.")
    elif not picked and not data.area_districts:
        errors["choices"] = _(
            "Choose at least one workplace, or any suitable place in the districts you tick."
        )
    if not data.periods:
        errors["periods"] = _("Tick at least one period when you can work.")
    elif any(p.season_id != season.pk for p in data.periods):
        errors["periods"] = _("Choose among this season's periods.")
    if errors:
        raise ValidationFailed(errors)
    return identity, picked


@dataclass(frozen=True)
class Saved:
    application: SummerApplication
    # The new confirmation code to show once; empty when an application was replaced (the
    # applicant keeps the code they have).
    code: str
    replaced: bool


def application_submit(
    *,
    season: Season,
    data: ApplicationData,
    confirmation_code: str = "",
    context: audit.AuditContext,
    ip_address: str | None = None,
    today: dt.date | None = None,
) -> Saved:
    """Save a new application, or replace the person's application of the season when its
    confirmation code is given. Refuses everything wrong at once; writes nothing then.

    Without a code, a personnummer that has applied gets a new code and the same answer as a
    first application; the submission is kept as a later one beside the first (`duplicate_of`)
    for staff to resolve. A code that matches none of the person's applications is refused with
    the same words whether or not the person applied, and counts as a wrong try
    (confirmation_codes.py);
    too many raise TooManyTries before the code is compared."""
    today = today or timezone.localdate()
    if not (season.opens_on <= today <= season.closes_on) or season.status in {
        SeasonStatus.DRAFT,
        SeasonStatus.FINISHED,
    }:
        raise ValidationFailed({"__all__": _("The application period is closed.")})
    identity, picked = _check(season, data, today)
    given = normalise_code(confirmation_code)
    # Counted outside the save's transaction, so that a refused code stays counted.
    claim = (
        claim_try(personal_identity_number=identity.number, ip_address=ip_address)
        if given
        else None
    )
    for attempt in range(2):
        try:
            saved = _save(season, data, identity, picked, given, context)
        except IntegrityError:
            # Someone sent the same personnummer at the same moment: theirs is the first now.
            if attempt:
                raise
            continue
        if claim is not None:
            claim.succeeded()
        return saved
    raise AssertionError("unreachable")


def _save(
    season: Season,
    data: ApplicationData,
    identity: Any,
    picked: list[Any],
    given: str,
    context: audit.AuditContext,
) -> Saved:
    with transaction.atomic():
        rows = list(
            SummerApplication.objects.select_for_update()
            .filter(season=season, personal_identity_number=identity.number)
            .order_by("created_at")
        )
        first = next((row for row in rows if row.duplicate_of_id is None), None)
        existing = None
        if given:
            existing = next((row for row in rows if code_matches(row, given)), None)
            # Hashed even when nobody applied, so the answer takes about the same time.
            code_hash(given)
            if existing is None:
                raise ValidationFailed({"confirmation_code": wrong_code_message()})
        code = "" if existing is not None else new_confirmation_code()
        before = snapshot(existing) if existing is not None else None
        application = existing or SummerApplication(
            season=season,
            personal_identity_number=identity.number,
            confirmation_code_hash=code_hash(code),
            duplicate_of=first,
        )
        _fill(application, season, data, identity)
        if existing is not None:
            application.version = existing.version + 1
        application.save()
        _set_choices(application, data, picked)
        audit.summer_application_saved(context, application, before, snapshot(application))
    return Saved(application=application, code=code, replaced=existing is not None)


def wrong_code_message() -> str:
    return _(
        "This confirmation code does not match. Check it and try again. If you have lost your "
        "code, leave the field empty and send the form: the Jobbtorg will contact you."
    )


def _fill(
    application: SummerApplication, season: Season, data: ApplicationData, identity: Any
) -> None:
    application.birth_date = identity.birth_date
    application.first_name = " ".join(data.first_name.split())
    application.last_name = " ".join(data.last_name.split())
    application.email = data.email.strip()
    application.phone = data.phone.strip()
    adult = not is_minor(identity.birth_date, season.reference_date)
    application.guardian_name = "" if adult else data.guardian_name.strip()
    application.guardian_phone = "" if adult else data.guardian_phone.strip()
    application.guardian_email = "" if adult else data.guardian_email.strip()
    application.home_district = data.home_district
    application.school = data.school.strip()
    application.languages = data.languages.strip()
    application.needs_language_support = data.needs_language_support


def _set_choices(application: SummerApplication, data: ApplicationData, picked: list[Any]) -> None:
    application.periods.set(data.periods)
    application.choices.all().delete()
    rows = [
        ApplicationChoice(application=application, rank=rank, workplace=workplace)
        for rank, workplace in enumerate(picked, start=1)
    ]
    if data.area_districts:
        rows.append(
            ApplicationChoice(
                application=application,
                rank=len(picked) + 1,
                area_districts=sorted(d.slug for d in data.area_districts),
            )
        )
    ApplicationChoice.objects.bulk_create(rows)


# The applicant's own page


def applicant_lookup(
    *, personal_identity_number: str, code: str, ip_address: str | None
) -> SummerApplication | None:
    """The person's application (newest season first) that the code belongs to, else None: the
    same answer whether or not the person applied. Each comparison takes a try first
    (confirmation_codes.claim_try, raising TooManyTries); a right code gives it back."""
    try:
        number = parse_personal_identity_number(personal_identity_number).number
    except InvalidPersonalIdentityNumber:
        number = "".join(ch for ch in personal_identity_number if ch.isdigit())
    claim = claim_try(personal_identity_number=number, ip_address=ip_address)
    candidates = SummerApplication.objects.filter(personal_identity_number=number).order_by(
        "-season__year", "-season__opens_on", "created_at"
    )
    # Hash the code even when nobody applied, so the answer takes about the same time.
    found = next((a for a in candidates if code_matches(a, code)), None)
    code_hash(code)
    if found is not None:
        claim.succeeded()
    return found


def offer_answer(
    *,
    application: SummerApplication,
    offer: Offer,
    accept: bool,
    context: audit.AuditContext,
    now: dt.datetime | None = None,
) -> Offer:
    """The applicant accepts or declines their offer, before its answer date."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Offer.objects.select_for_update().filter(pk=offer.pk).first()
        if locked is None or locked.application_id != application.pk:
            raise ValidationFailed({"__all__": _("There is no such offer for you.")})
        if locked.status != OfferStatus.OFFERED:
            raise ValidationFailed({"__all__": _("You have already answered this offer.")})
        if timezone.localdate(now) > locked.answer_by:
            raise ValidationFailed(
                {
                    "__all__": _("The time to answer this offer ran out on %(date)s.")
                    % {"date": locked.answer_by.isoformat()}
                }
            )
        before = locked.status
        locked.status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
        locked.answered_at = now
        locked.save(update_fields=["status", "answered_at", "updated_at"])
        audit.summer_offer_answered(context, locked, before, locked.status)
    return locked


# Staff resolve a later submission


def later_submission_resolve(
    *, later: SummerApplication, keep: bool, user: Any, context: audit.AuditContext
) -> SummerApplication:
    """A submission sent again without the confirmation code (`duplicate_of`), resolved by staff
    after they reached the young person through the earlier application's contact details
    (docs/summerjobs.md, "Sent again without the code"). Keep: the later submission's answers
    and code replace the earlier application's, in the earlier row (its offers, verified grounds
    and history stay). Remove: the later submission is deleted. Both audited."""
    require_application_handler(user, later)
    with transaction.atomic():
        later = SummerApplication.objects.select_for_update().get(pk=later.pk)
        earlier = later.duplicate_of
        if earlier is None:
            raise ValidationFailed({"__all__": _("This application is not a later submission.")})
        earlier = SummerApplication.objects.select_for_update().get(pk=earlier.pk)
        removed = snapshot(later)
        if keep:
            before = snapshot(earlier)
            for name in _KEPT_FIELDS:
                setattr(earlier, name, getattr(later, name))
            earlier.version += 1
            earlier.save()
            earlier.periods.set(later.periods.all())
            earlier.choices.all().delete()
            later.choices.update(application=earlier)
        audit.summer_application_saved(context, later, removed, None)
        later.periods.clear()
        later.delete()
        if keep:
            audit.summer_application_saved(context, earlier, before, snapshot(earlier))
    return earlier


_KEPT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "home_district",
    "school",
    "languages",
    "needs_language_support",
    "confirmation_code_hash",
)
