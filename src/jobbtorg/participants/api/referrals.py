"""Referrals in the API: a district's system refers a person (district officer)."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from jobbtorg.participants.api import PATH_ERRORS, _context
from jobbtorg.participants.services.referrals import referral_create

referrals_router = Router(tags=["referrals"])


class ReferralIn(Schema):
    personnummer: str
    first_name: str
    last_name: str
    district: str = Field(description="district slug or name")
    target_group: str = Field(description="target group code")
    basis: str = Field(description="the basis of the district's decision")
    consent: bool | None = Field(
        None, description="the person consents to the data being passed to the Jobbtorg"
    )
    legal_basis: str = Field("", description="the legal basis when consent is not the basis")
    phone: str = ""
    email: str = ""
    address: str = ""
    interpreter_language: str = Field("", description="empty when no interpreter is needed")
    confirm_move: bool = Field(
        False,
        description=(
            "the officer confirms that the person lives in the district: required whenever the "
            "person is not recorded in the district (new people too); 422 without it"
        ),
    )
    moved_to_district_on: dt.date | None = Field(
        None, description="from when the person lives in the district; today when left out"
    )


class ReferralOut(Schema):
    id: uuid.UUID
    participant_id: uuid.UUID
    jobbtorg: str
    first_meeting_at: dt.datetime | None = Field(
        description="the booked first meeting; null when no slot was free within 5 working days"
    )
    consent_documented: bool


@referrals_router.post(
    "", response={201: ReferralOut, **PATH_ERRORS}, summary="Refer a person (district officer)"
)
def referrals_create(request: HttpRequest, payload: ReferralIn) -> Status[ReferralOut]:
    referral = referral_create(
        actor=request.user,
        audit_context=_context(request),
        personal_identity_number=payload.personnummer,
        first_name=payload.first_name,
        last_name=payload.last_name,
        district=payload.district,
        target_group=payload.target_group,
        basis=payload.basis,
        consent_given=payload.consent,
        legal_basis=payload.legal_basis,
        phone=payload.phone,
        email=payload.email,
        address=payload.address,
        interpreter_language=payload.interpreter_language,
        confirm_move=payload.confirm_move,
        moved_to_district_on=payload.moved_to_district_on,
    )
    slot = getattr(referral, "first_meeting_slot", None)
    return Status(
        201,
        ReferralOut(
            id=referral.pk,
            participant_id=referral.participant_id,
            jobbtorg=referral.job_centre.slug,
            first_meeting_at=slot.starts_at if slot else None,
            consent_documented=referral.consent_documented,
        ),
    )
