"""The person's consent to share a case with another unit, recorded on the person's page by
the unit that holds the case (coach or manager of its Jobbtorg, officer of its district)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobbtorg.organisation.models import District, JobCentre
from jobbtorg.participants.forms import CaseSharingForm
from jobbtorg.participants.models import CaseSharingConsent, HomeDistrictChange, Participant
from jobbtorg.participants.pages import audit_context, call_for_button
from jobbtorg.participants.selectors import participant_get, referrals_held_by
from jobbtorg.participants.services.sharing import (
    case_sharing_consent_record,
    case_sharing_consent_withdraw,
    may_record_sharing,
    unit_choice,
)


def unit_choices() -> list[tuple[str, str]]:
    """Every Jobbtorg and district, as the sharing form offers them (reference data)."""
    centres = [
        (unit_choice(c), _("Jobbtorg %(name)s") % {"name": c.name})
        for c in JobCentre.objects.filter(is_active=True).order_by("name")
    ]
    districts = [
        (unit_choice(d), _("District %(name)s") % {"name": d.name})
        for d in District.objects.filter(is_active=True).order_by("name")
    ]
    return centres + districts


def _held_cases(user: Any, participant: Participant) -> list[Any]:
    return [
        case
        for case in referrals_held_by(user).filter(participant=participant).order_by("-referred_at")
        if may_record_sharing(user, case)
    ]


def sharing_context(user: Any, participant: Participant, form: Any = None) -> dict[str, Any]:
    """What the person's page shows of consents: those recorded for the user's own unit's
    cases, and the form to record one (for the unit that holds a case)."""
    cases = _held_cases(user, participant)
    consents = (
        CaseSharingConsent.objects.filter(referral__in=[c.pk for c in cases])
        .select_related("job_centre", "district", "referral", "recorded_by")
        .order_by("-created_at")
    )
    if cases and form is None:
        form = CaseSharingForm(cases=cases, units=unit_choices())
    home_since = (
        HomeDistrictChange.objects.filter(
            participant=participant, to_district_id=participant.home_district_id
        )
        .order_by("-moved_on", "-created_at")
        .values_list("moved_on", flat=True)
        .first()
    )
    return {
        "sharing_form": form if cases else None,
        "sharing_consents": list(consents),
        "home_since": home_since,
    }


@login_required
@require_POST
def case_sharing(request: HttpRequest, participant_id: str) -> HttpResponse:
    """Record the person's consent (the form), or its withdrawal (`withdraw`: the consent)."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    cases = _held_cases(user, participant)
    if not cases:
        raise PermissionDenied(
            _(
                "Consent to share a case is recorded by the unit that holds it: the coach or "
                "manager of its Jobbtorg, or an officer of the district that referred it."
            )
        )
    to_page = redirect("participants:detail", participant_id=participant.pk)
    withdraw = request.POST.get("withdraw", "")
    if withdraw:
        consent = CaseSharingConsent.objects.filter(
            pk=int(withdraw) if withdraw.isdigit() else 0,
            referral__in=[c.pk for c in cases],
        ).first()
        if consent is None:
            raise Http404
        if call_for_button(
            request,
            case_sharing_consent_withdraw,
            actor=user,
            audit_context=audit_context(request),
            consent=consent,
        ):
            messages.success(
                request,
                _("The consent is withdrawn: %(unit)s no longer sees the case.")
                % {"unit": consent.unit},
            )
        return to_page
    form = CaseSharingForm(request.POST, cases=cases, units=unit_choices())
    if form.is_valid():
        case = next(c for c in cases if str(c.pk) == form.cleaned_data["case"])
        consent = call_for_button(
            request,
            case_sharing_consent_record,
            actor=user,
            audit_context=audit_context(request),
            referral=case,
            unit=form.cleaned_data["unit"],
            shared_part=form.cleaned_data["shared_part"],
        )
        if consent is not None:
            messages.success(
                request,
                _("The consent is recorded: %(unit)s sees the case.") % {"unit": consent.unit},
            )
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
    return to_page
