"""The person's consent to share a case with another unit, recorded on the person's page by
the unit that holds the case (coach or manager of its Jobbtorg, officer of its district)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.organisation.models import District, JobCentre
from jobbtorg.participants.forms import CaseSharingForm
from jobbtorg.participants.permissions import sharing_cases_of
from jobbtorg.participants.selectors import case_sharing_consents_visible_to, participant_get
from jobbtorg.participants.services.sharing import (
    case_sharing_consent_record,
    case_sharing_consent_withdraw,
    unit_choice,
)
from jobbtorg.participants.views.case_page import render_case_page, to_person


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


@login_required
@require_http_methods(["GET", "POST"])
def case_sharing(request: HttpRequest, participant_id: str) -> HttpResponse:
    """The form to record the person's consent; a POST with `withdraw` (from the person's
    page) records that the person withdrew one."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    cases = sharing_cases_of(user, participant)
    refusal = _(
        "Consent to share a case is recorded by the unit that holds it: the coach or "
        "manager of its Jobbtorg, or an officer of the district that referred it."
    )
    if not cases and request.method == "POST":
        raise PermissionDenied(refusal)
    withdraw = request.POST.get("withdraw", "") if request.method == "POST" else ""
    if withdraw:
        consent = (
            case_sharing_consents_visible_to(user)
            .filter(
                pk=int(withdraw) if withdraw.isdigit() else 0,
                referral__in=[c.pk for c in cases],
            )
            .first()
        )
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
        return to_person(participant)
    form = CaseSharingForm(request.POST or None, cases=cases, units=unit_choices())
    if request.method == "POST" and form.is_valid():
        case = next(c for c in cases if str(c.pk) == form.cleaned_data["case"])
        consent = call_service(
            form,
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
            return to_person(participant)
    return render_case_page(
        request,
        "participants/case_form.html",
        participant,
        {
            "form": form,
            "heading": _("Record the person's consent to share a case"),
            "intro": _(
                "A case is seen only by the Jobbtorg it is at and the district that referred "
                "it. Another unit sees it only when the person consents; record the consent "
                "here, with whom and what."
            ),
            "submit": _("Record the consent"),
            # A page about the person like the others; without a case of the user's unit it
            # says who records consent instead.
            "unavailable": "" if cases else refusal,
        },
    )
