"""Writes of participants. Each validates, writes in one transaction and records the audit event."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.rules.personal_identity import (
    InvalidPersonalIdentityNumber,
    PersonalIdentity,
    parse_personal_identity_number,
)
from jobbtorg.organisation.models import District
from jobbtorg.organisation.selectors import district_find
from jobbtorg.participants.models import Participant
from jobbtorg.participants.permissions import can_register_participant

NAME_MAX_LENGTH = 100


def personal_identity_error_message(error: InvalidPersonalIdentityNumber) -> str:
    messages = {
        "empty": _("Enter the personal identity number."),
        "format": _("A personal identity number has 10 or 12 digits, for example 19900101-1234."),
        "date": _(
            "The date in the personal identity number does not exist. Check year, month and day."
        ),
        "future": _("The date in the personal identity number lies in the future."),
        "control_digit": _(
            "The personal identity number is not valid. Check the last digit (the control digit)."
        ),
    }
    return messages.get(error.code, str(error))


def _clean_name(value: str, *, missing: str, too_long: str) -> tuple[str, str | None]:
    """The name with white space tidied, and what is wrong with it (or None)."""
    cleaned = " ".join((value or "").split())
    if not cleaned:
        return cleaned, missing
    if len(cleaned) > NAME_MAX_LENGTH:
        return cleaned, too_long % {"max": NAME_MAX_LENGTH}
    return cleaned, None


def person_checked(
    personal_identity_number: str, first_name: str, last_name: str, errors: dict[str, str]
) -> tuple[PersonalIdentity | None, str, str]:
    """The number and names as they will be stored; what is wrong with them goes into `errors`
    under the field's name."""
    identity = None
    try:
        identity = parse_personal_identity_number(personal_identity_number)
    except InvalidPersonalIdentityNumber as error:
        errors["personal_identity_number"] = personal_identity_error_message(error)
    first, problem = _clean_name(
        first_name,
        missing=_("Enter the first name."),
        too_long=_("The first name may be at most %(max)d characters."),
    )
    if problem:
        errors["first_name"] = problem
    last, problem = _clean_name(
        last_name,
        missing=_("Enter the last name."),
        too_long=_("The last name may be at most %(max)d characters."),
    )
    if problem:
        errors["last_name"] = problem
    return identity, first, last


def officers_district(
    value: District | str, actor: Any, errors: dict[str, str], *, field: str, refusal: str
) -> District | None:
    """The district named by slug or name; unknown goes into `errors`, another district than
    the officer's own is refused (`refusal` names the officer's district as %(district)s)."""
    district = value if isinstance(value, District) else district_find(value)
    if district is None:
        errors[field] = _(
            "There is no district “%(district)s”. Use one of the district codes, "
            "for example farsta or rinkeby-kista."
        ) % {"district": value}
    elif district.pk != actor.district_id:
        raise NotAllowed(refusal % {"district": actor.district})
    return district


def neutral_registration_refusal() -> str:
    """What an officer is told about a person the city knows in another district: not where
    (a referral, with the move confirmed, is the way to take the person on)."""
    return _("The person cannot be registered now. Contact the Jobbtorg.")


def participant_create(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    home_district: District | str,
) -> Participant:
    """Register a person. Only a district officer, and only for their own district (R6, R7)."""
    if not can_register_participant(actor):
        raise NotAllowed(
            _("Only a district officer registers participants. Ask the person's home district.")
        )
    errors: dict[str, str] = {}
    identity, first, last = person_checked(personal_identity_number, first_name, last_name, errors)

    district = officers_district(
        home_district,
        actor,
        errors,
        field="home_district",
        refusal=_("You can only register people whose home district is %(district)s."),
    )
    looked_up = None
    if identity is not None:
        existing = (
            Participant.objects.filter(personal_identity_number=identity.number)
            .select_related("home_district")
            .first()
        )
        if existing is not None and existing.home_district_id == actor.district_id:
            # The officer's own district: its officers see the person anyway.
            errors["personal_identity_number"] = _(
                "A person with this personal identity number is already registered "
                "(home district %(district)s)."
            ) % {"district": existing.home_district}
        elif existing is not None:
            # Known elsewhere: say nothing of where. The look-up is a read of the person.
            errors["personal_identity_number"] = neutral_registration_refusal()
            looked_up = existing
    if errors:
        if looked_up is not None:
            with transaction.atomic():
                audit.participant_looked_up(audit_context, looked_up, reason="registered_elsewhere")
        raise ValidationFailed(errors)
    assert identity is not None and district is not None

    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                personal_identity_number=identity.number,
                is_coordination_number=identity.is_coordination_number,
                birth_date=identity.birth_date,
                first_name=first,
                last_name=last,
                home_district=district,
                created_by=actor,
            )
            audit.participant_created(
                audit_context,
                participant,
                after={
                    "personal_identity_number": identity.number,
                    "first_name": first,
                    "last_name": last,
                    "home_district": district.slug,
                },
            )
    except IntegrityError:
        # Someone registered the same person a moment ago, perhaps in another district.
        raise ValidationFailed(
            {"personal_identity_number": neutral_registration_refusal()}
        ) from None
    return participant
