"""The exit page of a person's case (R19): the participants' exit, prefilled with the job when
the person was hired through matching (R24)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_service
from jobbtorg.matching.lookups import ssyk_code_for, ssyk_name
from jobbtorg.matching.selectors.proposals import exit_initial_from_hire
from jobbtorg.participants.forms import ExitForm
from jobbtorg.participants.permissions import case_to_act_on
from jobbtorg.participants.selectors import participant_get
from jobbtorg.participants.services.exits import exit_record, occupation_codes
from jobbtorg.participants.views.case_page import render_case_page, to_person

EXIT_FIELD_MAP = {
    "employment.form": "employment_form",
    "employment.extent": "extent",
    "employment.hours_per_week": "hours_per_week",
    "employment.wage_subsidy": "wage_subsidy",
    "employment.employer": "employer",
    "employment.occupation_ssyk": "occupation_ssyk",
}


@login_required
@require_http_methods(["GET", "POST"])
def exit_view(request: HttpRequest, participant_id: str) -> HttpResponse:
    """The exit (R19): always with a reason; an exit to work with the kind of job."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Recording an exit")
    case = case_to_act_on(user, participant, what)
    context: dict[str, Any] = {"case": case, "heading": _("Record the exit")}
    if case is None:
        context["unavailable"] = _("The person has no open enrolment.")
        return render_case_page(request, "participants/case_form.html", participant, context)
    initial = {"date": timezone.localdate()}
    # A hire through matching prefills the job (R19, R24).
    initial.update(exit_initial_from_hire(user, case, request.GET.get("anstallning", "")))
    if "occupation_ssyk" in initial:
        initial["occupation_ssyk"] = ssyk_name(initial["occupation_ssyk"])
    typed = request.POST.copy() if request.method == "POST" else None
    if typed is not None:
        # The occupation is typed by name; the exit stores its SSYK code.
        typed["occupation_ssyk"] = ssyk_code_for(typed.get("occupation_ssyk", ""))
    form = ExitForm(typed, initial=initial, known_ssyk=occupation_codes())
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST":
        # Shown again as typed: the name, never the code.
        form.data = request.POST
    if valid:
        data = form.cleaned_data
        exit_ = call_service(
            form,
            exit_record,
            field_map=EXIT_FIELD_MAP,
            actor=user,
            audit_context=audit_context(request),
            referral=case,
            date=data["date"],
            reason=data["reason"],
            reason_text=data["reason_text"],
            employment=form.employment(),
            studies_with_student_finance=form.studies_with_student_finance(),
        )
        if exit_ is not None:
            messages.success(
                request,
                _("The exit is recorded and %(district)s is told.")
                % {"district": participant.home_district},
            )
            return to_person(participant)
    context.update({"form": form, "submit": _("Record the exit")})
    return render_case_page(request, "participants/exit_form.html", participant, context)
