"""Employers and their contact log (R23, R25): shared by all Jobbtorg so that they coordinate.

Matchers and managers of any Jobbtorg register and change employers and log contacts; coaches
read (they meet employers too, and must see who called last); other roles are refused. Employers
are not personal data of participants, so nothing here writes participant audit entries.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import Role
from jobbtorg.matching.models import ContactChannel, Employer, EmployerContact, EmployerKind
from jobbtorg.providers.services.catalog import organisation_number_clean

WRITERS = frozenset({Role.MATCHER, Role.MANAGER})
READERS = WRITERS | {Role.COACH}
# A contact this recent is shown as a warning before the next call.
RECENT_CONTACT_DAYS = 14


def may_read(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and getattr(user, "role", "") in READERS


def may_write(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and getattr(user, "role", "") in WRITERS


def require_reader(user: Any) -> None:
    if not may_read(user):
        raise NotAllowed(
            _("Employers and vacancies are for the matchers, coaches and managers of a Jobbtorg.")
        )


def require_writer(user: Any, what: str) -> None:
    if not may_write(user):
        raise NotAllowed(
            _("%(what)s is done by a matcher or a manager of a Jobbtorg.") % {"what": what}
        )


# Reads


def employers_visible_to(user: Any) -> QuerySet[Employer]:
    """Every employer for the roles that may read them (shared by all Jobbtorg); none else."""
    if not may_read(user):
        return Employer.objects.none()
    return Employer.objects.all()


def employers_search(
    user: Any, *, text: str = "", kind: str = "", include_inactive: bool = False
) -> QuerySet[Employer]:
    employers = employers_visible_to(user)
    if not include_inactive:
        employers = employers.filter(is_active=True)
    text = (text or "").strip()
    if text:
        digits = text.replace("-", "")
        condition = Q(name__icontains=text) | Q(industry__icontains=text)
        if digits.isdigit():
            condition |= Q(organisation_number__startswith=digits)
        employers = employers.filter(condition)
    if kind in EmployerKind.values:
        employers = employers.filter(kind=kind)
    return employers.annotate(
        open_vacancies=Count("vacancies", filter=Q(vacancies__status="open"))
    ).order_by("name")


@dataclass(frozen=True)
class RecentContact:
    contact: EmployerContact
    days_ago: int


def recent_contacts(
    employer: Employer, today: dt.date | None = None, days: int = RECENT_CONTACT_DAYS
) -> list[RecentContact]:
    """Contacts in the last `days` days (today included), newest first: the warning shown
    before anyone calls the employer again."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days)
    return [
        RecentContact(contact, (today - contact.contacted_on).days)
        for contact in employer.contacts.filter(contacted_on__gte=since, contacted_on__lte=today)
        .select_related("contacted_by")
        .order_by("-contacted_on", "-created_at")
    ]


# Writes

EMPLOYER_FIELDS = (
    "name",
    "kind",
    "organisation_number",
    "industry",
    "contact_name",
    "contact_email",
    "contact_phone",
    "agreements",
)


def _employer_problems(values: dict[str, Any], employer: Employer | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not str(values.get("name") or "").strip():
        problems["name"] = _("Write the employer's name.")
    if values.get("kind") not in EmployerKind.values:
        problems["kind"] = _("Choose what kind of employer this is.")
    number = str(values.get("organisation_number") or "").strip()
    if number:
        try:
            values["organisation_number"] = organisation_number_clean(number)
        except ValidationFailed as error:
            problems["organisation_number"] = error.errors["organisation_number"][0]
        else:
            other = Employer.objects.filter(organisation_number=values["organisation_number"])
            if employer is not None:
                other = other.exclude(pk=employer.pk)
            existing = other.first()
            if existing is not None:
                problems["organisation_number"] = _(
                    "%(employer)s already has organisation number %(number)s: "
                    "one employer per organisation number."
                ) % {"employer": existing.name, "number": values["organisation_number"]}
    else:
        values["organisation_number"] = ""
    return problems


def employer_create(*, actor: Any, **values: Any) -> Employer:
    """A new employer. `values`: the fields of EMPLOYER_FIELDS (name and kind required)."""
    require_writer(actor, _("Registering an employer"))
    values = {field: values.get(field, "") for field in EMPLOYER_FIELDS} | {
        "kind": values.get("kind") or EmployerKind.COMPANY
    }
    problems = _employer_problems(values, None)
    if problems:
        raise ValidationFailed(problems)
    values["name"] = values["name"].strip()
    try:
        with transaction.atomic():
            return Employer.objects.create(created_by=actor, **values)
    except IntegrityError:  # the same number registered at the same moment elsewhere
        raise ValidationFailed(
            {"organisation_number": _("An employer with this organisation number exists.")}
        ) from None


def employer_update(*, actor: Any, employer: Employer, **values: Any) -> Employer:
    """Change the fields given in `values` (any of EMPLOYER_FIELDS, and `is_active`)."""
    require_writer(actor, _("Changing an employer"))
    merged = {field: getattr(employer, field) for field in EMPLOYER_FIELDS}
    merged.update({k: v for k, v in values.items() if k in EMPLOYER_FIELDS})
    problems = _employer_problems(merged, employer)
    if problems:
        raise ValidationFailed(problems)
    merged["name"] = str(merged["name"]).strip()
    try:
        with transaction.atomic():
            locked = Employer.objects.select_for_update().get(pk=employer.pk)
            for field, value in merged.items():
                setattr(locked, field, value)
            if "is_active" in values:
                locked.is_active = bool(values["is_active"])
            locked.save()
    except IntegrityError:
        raise ValidationFailed(
            {"organisation_number": _("An employer with this organisation number exists.")}
        ) from None
    return locked


def employer_contact_record(
    *,
    actor: Any,
    employer: Employer,
    contacted_on: dt.date,
    channel: str,
    subject: str,
    person: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> EmployerContact:
    """Log a contact with the employer (who, when, how, whom, about what)."""
    require_writer(actor, _("Logging a contact with an employer"))
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if contacted_on is None:
        problems["contacted_on"] = _("Give the date of the contact.")
    elif contacted_on > today:
        problems["contacted_on"] = _("The contact cannot be in the future: log it when it is made.")
    if channel not in ContactChannel.values:
        problems["channel"] = _("Choose how the contact was made.")
    if not (subject or "").strip():
        problems["subject"] = _("Say what the contact was about, so that nobody asks again.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        return EmployerContact.objects.create(
            employer=employer,
            contacted_by=actor,
            contacted_on=contacted_on,
            channel=channel,
            person=(person or "").strip(),
            subject=subject.strip(),
            note=(note or "").strip(),
        )
