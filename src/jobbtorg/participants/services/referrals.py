"""The referral (R4–R7): a district officer refers a person of their district to a Jobbtorg,
with the home district's history when the person moved, and the first meeting is booked."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.organisation.models import District
from jobbtorg.participants.models import (
    DistrictEvent,
    EventKind,
    HomeDistrictChange,
    Participant,
    Referral,
    Stage,
    TargetGroup,
)
from jobbtorg.participants.permissions import can_refer
from jobbtorg.participants.services.district_events import event_moment
from jobbtorg.participants.services.first_meetings import book_first_meeting
from jobbtorg.participants.services.participants import officers_district, person_checked

CONTACT_FIELDS = ("phone", "email", "address", "interpreter_language")


def neutral_refusal_message() -> str:
    """What an officer is told about a person whose case is at another unit: nothing that
    names the unit or a date (R34: each district is its own authority)."""
    return _("The person cannot be referred now. Contact the Jobbtorg.")


def _open_case_answer(
    participant: Participant,
    district: District | None,
    centre: Any,
    errors: dict[str, str],
) -> bool:
    """Put the answer about the person's open case into `errors`, if they have one. Named
    only when the case is the officer's own district's or its Jobbtorg's; anywhere else the
    answer is neutral, and True is returned (the look-up is to be logged)."""
    open_case = (
        Referral.objects.filter(participant=participant)
        .exclude(stage=Stage.EXITED)
        .select_related("job_centre")
        .first()
    )
    if open_case is None:
        return False
    own = district is not None and (
        open_case.district_id == district.pk
        or (centre is not None and open_case.job_centre_id == centre.pk)
    )
    if own:
        errors["personal_identity_number"] = _(
            "The person is already enrolled at Jobbtorg %(centre)s (referred %(date)s). "
            "A new referral can be made after the exit."
        ) % {
            "centre": open_case.job_centre.name,
            "date": timezone.localdate(open_case.referred_at).isoformat(),
        }
        return False
    errors["personal_identity_number"] = neutral_refusal_message()
    return True


def _move_confirmed(
    district: District,
    confirm_move: bool,
    moved_to_district_on: dt.date | None,
    errors: dict[str, str],
) -> dt.date | None:
    """The day from which the officer confirms that the person, recorded in another district,
    now lives in this one. The question names neither the other district nor any case."""
    if not confirm_move:
        errors["confirm_move"] = _(
            "Confirm that the person lives in %(district)s, and from which date."
        ) % {"district": district}
        return None
    day = moved_to_district_on or timezone.localdate()
    if day > timezone.localdate():
        errors["moved_to_district_on"] = _(
            "The date cannot be in the future: refer the person once they live in %(district)s."
        ) % {"district": district}
        return None
    return day


def _record_home_district(
    *,
    participant: Participant,
    former: District | None,
    district: District,
    moved_on: dt.date,
    referral: Referral,
    actor: Any,
    audit_context: audit.AuditContext,
) -> HomeDistrictChange:
    """The home district from a date, as history; the former district is told the person
    moved (and where to: it is the former home district), never anything of the new case."""
    change = HomeDistrictChange.objects.create(
        participant=participant,
        from_district=former,
        to_district=district,
        moved_on=moved_on,
        referral=referral,
        recorded_by=actor,
    )
    audit.home_district_changed(audit_context, change)
    if former is not None:
        DistrictEvent.objects.create(
            district=former,
            participant=participant,
            referral=None,
            kind=EventKind.MOVED_AWAY,
            occurred_at=event_moment(),
            summary=(
                _("Moved to %(district)s from %(date)s.")
                % {"district": district, "date": moved_on.isoformat()}
            )[:300],
            data={"to_district": district.slug, "moved_on": moved_on.isoformat()},
        )
    return change


def _replace_contact_details(
    participant: Participant,
    contact: dict[str, str],
    audit_context: audit.AuditContext,
) -> None:
    """A referral brings the contact details of its case: they replace the person's current
    ones, blanks too, so that a new case never shows what was given with another unit's case.
    The earlier values stay in the audit entry only."""
    before = {name: getattr(participant, name) for name in CONTACT_FIELDS}
    if before == contact:
        return
    for name, value in contact.items():
        setattr(participant, name, value)
    participant.save(update_fields=[*CONTACT_FIELDS, "updated_at"])
    audit.contact_details_replaced(audit_context, participant, before=before, after=contact)


def referral_create(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    district: District | str,
    target_group: str,
    basis: str,
    consent_given: bool | None = None,
    legal_basis: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    interpreter_language: str = "",
    require_consent_or_legal_basis: bool = False,
    confirm_move: bool = False,
    moved_to_district_on: dt.date | None = None,
) -> Referral:
    """A district officer refers a person of their district; the first meeting is booked at once.

    A person recorded in another district is referred once the officer confirms that they live
    in the district and from which date: the home district then changes, with history, and the
    former one is told. A person new to the city is registered in the officer's district. A
    person with an open case at another unit is refused with a neutral answer, and the look-up
    is logged.
    """
    if not can_refer(actor):
        raise NotAllowed(_("Only a district officer refers people to a Jobbtorg."))
    errors: dict[str, str] = {}
    identity, first, last = person_checked(personal_identity_number, first_name, last_name, errors)
    found_district = officers_district(
        district,
        actor,
        errors,
        field="district",
        refusal=_("You can only refer people whose home district is %(district)s."),
    )
    group = TargetGroup.objects.filter(code=(target_group or "").strip(), is_active=True).first()
    if group is None:
        codes = ", ".join(TargetGroup.objects.filter(is_active=True).values_list("code", flat=True))
        errors["target_group"] = _("Choose a target group. Codes: %(codes)s.") % {"codes": codes}
    if not (basis or "").strip():
        errors["basis"] = _("Write the basis of the district's decision.")
    if require_consent_or_legal_basis and not consent_given and not (legal_basis or "").strip():
        errors["legal_basis"] = _(
            "Record the person's consent to passing the data on, or the legal basis when "
            "consent is not the basis."
        )
    centre = found_district.job_centre_on(timezone.localdate()) if found_district else None
    if found_district is not None and centre is None:
        errors["district"] = _("%(district)s belongs to no Jobbtorg today.") % {
            "district": found_district
        }
    participant = None
    looked_up = False
    if identity is not None:
        participant = (
            Participant.objects.filter(personal_identity_number=identity.number)
            .select_related("home_district")
            .first()
        )
        if participant is not None:
            looked_up = _open_case_answer(participant, found_district, centre, errors)
    moved_on = None
    if (
        found_district is not None
        and participant is not None
        and participant.home_district_id != found_district.pk
        and not looked_up
    ):
        moved_on = _move_confirmed(found_district, confirm_move, moved_to_district_on, errors)
    if errors:
        if looked_up:
            assert participant is not None
            with transaction.atomic():
                audit.participant_looked_up(
                    audit_context, participant, reason="open_case_elsewhere"
                )
        raise ValidationFailed(errors)
    assert identity is not None and found_district is not None and centre is not None
    contact = {
        "phone": (phone or "").strip(),
        "email": (email or "").strip(),
        "address": (address or "").strip(),
        "interpreter_language": (interpreter_language or "").strip(),
    }
    now = timezone.now()
    try:
        with transaction.atomic():
            former = None
            if participant is None:
                participant = Participant.objects.create(
                    personal_identity_number=identity.number,
                    is_coordination_number=identity.is_coordination_number,
                    birth_date=identity.birth_date,
                    first_name=first,
                    last_name=last,
                    home_district=found_district,
                    created_by=actor,
                    **contact,
                )
                audit.participant_created(
                    audit_context,
                    participant,
                    after={
                        "personal_identity_number": identity.number,
                        "first_name": first,
                        "last_name": last,
                        "home_district": found_district.slug,
                    },
                )
            else:
                # Lock the person: a concurrent referral or move waits for this one.
                participant = Participant.objects.select_for_update().get(pk=participant.pk)
                former = participant.home_district
                if moved_on is not None:
                    participant.home_district = found_district
                    participant.save(update_fields=["home_district", "updated_at"])
                _replace_contact_details(participant, contact, audit_context)
            referral = Referral.objects.create(
                participant=participant,
                district=found_district,
                job_centre=centre,
                target_group=group,
                basis=basis.strip(),
                consent_given=consent_given,
                legal_basis=(legal_basis or "").strip(),
                referred_by=actor,
                referred_at=now,
            )
            if moved_on is not None:
                _record_home_district(
                    participant=participant,
                    former=former,
                    district=found_district,
                    moved_on=moved_on,
                    referral=referral,
                    actor=actor,
                    audit_context=audit_context,
                )
            slot = book_first_meeting(referral, now)
            audit.referral_created(
                audit_context,
                referral,
                after={
                    "job_centre": centre.slug,
                    "target_group": group.code,
                    "consent_given": consent_given,
                    "first_meeting_at": slot.starts_at.isoformat() if slot else None,
                },
            )
    except IntegrityError:
        raise ValidationFailed(
            # Someone referred the person a moment ago, perhaps at another unit: say nothing more.
            {"personal_identity_number": neutral_refusal_message()}
        ) from None
    return referral
