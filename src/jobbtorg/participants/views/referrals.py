"""The referral form of the district officers (R4–R7)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_service, name_of
from jobbtorg.participants.forms import ReferralForm
from jobbtorg.participants.permissions import can_refer
from jobbtorg.participants.services.referrals import referral_create
from jobbtorg.participants.views.case_page import to_person, when_text


@login_required
@require_http_methods(["GET", "POST"])
def referral_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_refer(user):
        raise PermissionDenied(
            _(
                "Only a district officer refers people to a Jobbtorg. "
                "Ask the person's home district."
            )
        )
    form = ReferralForm(request.POST or None, district=user.district)  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = call_service(
            form,
            referral_create,
            actor=user,
            audit_context=audit_context(request),
            personal_identity_number=data["personal_identity_number"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            district=user.district,  # type: ignore[union-attr]
            target_group=data["target_group"].code,
            basis=data["basis"],
            consent_given=data["consent_given"] or None,
            legal_basis=data["legal_basis"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            interpreter_language=data["interpreter_language"],
            require_consent_or_legal_basis=True,
            confirm_move=data["confirm_move"],
            moved_to_district_on=data["moved_to_district_on"],
        )
        if referral is not None:
            slot = getattr(referral, "first_meeting_slot", None)
            if slot is not None:
                messages.success(
                    request,
                    _(
                        "%(name)s is referred to Jobbtorg %(centre)s. The first meeting is "
                        "booked for %(when)s with %(coach)s: tell the person."
                    )
                    % {
                        "name": referral.participant.full_name,
                        "centre": referral.job_centre.name,
                        "when": when_text(slot),
                        "coach": name_of(slot.coach),
                    },
                )
            else:
                messages.warning(
                    request,
                    _(
                        "%(name)s is referred to Jobbtorg %(centre)s. No intake time was free "
                        "within 5 working days: the Jobbtorg will book the first meeting and "
                        "contact the person."
                    )
                    % {"name": referral.participant.full_name, "centre": referral.job_centre.name},
                )
            return to_person(referral.participant)
    return render(
        request,
        "participants/referral_form.html",
        {"form": form, "district": user.district},  # type: ignore[union-attr]
    )
