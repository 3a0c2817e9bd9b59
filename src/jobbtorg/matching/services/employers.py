"""Employers and their contact log (R23, R25): shared by all Jobbtorg so that they coordinate.

Matchers and managers of any Jobbtorg register and change employers and log contacts; coaches
read (they meet employers too, and must see who called last); other roles are refused. Employers
are not personal data of participants, so nothing here writes participant audit entries.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.matching.models import ContactChannel, Employer, EmployerContact, EmployerKind
from jobbtorg.matching.permissions import can_write_employers
from jobbtorg.providers.services.catalog import organisation_number_clean


def require_writer(user: Any, what: str) -> None:
    if not can_write_employers(user):
        raise NotAllowed(
            _("%(what)s is done by a matcher or a manager of a Jobbtorg.") % {"what": what}
        )


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
