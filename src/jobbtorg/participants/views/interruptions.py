"""Interrupting a participation and restarting it (R17)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.web import add_service_errors, audit_context, call_service
from jobbtorg.participants.forms import InterruptionEndForm, InterruptionStartForm
from jobbtorg.participants.models import InterruptionReason, Stage
from jobbtorg.participants.permissions import case_to_act_on
from jobbtorg.participants.selectors import participant_get
from jobbtorg.participants.services.interruptions import (
    interruption_end,
    interruption_start,
    interruption_start_check,
)
from jobbtorg.participants.views.case_page import render_case_page, to_person


def _acceptable(form: InterruptionStartForm, user: Any, case: Any) -> bool:
    """Whether the service would record it; its refusals land on the form."""
    try:
        interruption_start_check(actor=user, referral=case, **form.cleaned_data)
    except ValidationFailed as error:
        add_service_errors(form, error)
        return False
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    return True


def _confirmation(
    request: HttpRequest, participant: Any, form: InterruptionStartForm
) -> dict[str, Any]:
    data = form.cleaned_data
    reason = InterruptionReason(data["reason"]).label
    facts = [(_("Reason"), reason), (_("Interrupted from"), data["start"].isoformat())]
    if data.get("reason_text"):
        facts.append((_("Explanation"), data["reason_text"]))
    expected = data.get("expected_end")
    facts.append((_("Expected end"), expected.isoformat() if expected else _("Not known")))
    return {
        "title": _("Interrupt the participation"),
        "question": _("Interrupt the participation of %(person)s from %(day)s?")
        % {"person": participant.full_name, "day": data["start"].isoformat()},
        "facts": facts,
        "consequence": _(
            "The 18-month clock and the deadlines pause, the person's activities pause and "
            "%(district)s is told."
        )
        % {"district": participant.home_district},
        "hidden": [
            (key, value)
            for key, value in request.POST.items()
            if key not in {"csrfmiddlewaretoken", "confirmed", "edit"}
        ],
        "confirm_label": _("Yes, interrupt"),
        "back_label": _("No, go back"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def interruption(request: HttpRequest, participant_id: str) -> HttpResponse:
    """Interrupt the participation, or end the interruption that is going on (R17)."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Interrupting")
    case = case_to_act_on(user, participant, what)
    context: dict[str, Any] = {"case": case, "heading": _("Interruption")}
    if case is None or case.stage != Stage.ENROLLED:
        context["unavailable"] = _("Only an enrolled participation can be interrupted.")
        return render_case_page(request, "participants/case_form.html", participant, context)
    ongoing = case.interruptions.filter(end__isnull=True).first()
    if ongoing is not None:
        form: Any = InterruptionEndForm(request.POST or None, initial={"end": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            ended = call_service(
                form,
                interruption_end,
                actor=user,
                audit_context=audit_context(request),
                interruption=ongoing,
                end=form.cleaned_data["end"],
            )
            if ended is not None:
                messages.success(
                    request,
                    _("The participation is restarted. %(district)s is told.")
                    % {"district": participant.home_district},
                )
                return to_person(participant)
        context.update(
            {
                "heading": _("End the interruption"),
                "intro": _("Interrupted since %(date)s: %(reason)s.")
                % {"date": ongoing.start.isoformat(), "reason": ongoing.get_reason_display()},
                "submit": _("Restart the participation"),
            }
        )
    else:
        # No day filled in: an interruption starts on the day typed, never on today's by
        # default, and the page asks for confirmation before it is recorded.
        form = InterruptionStartForm(request.POST or None)
        confirmed = request.POST.get("confirmed") == "yes"
        if request.method == "POST" and form.is_valid() and not confirmed:
            if "edit" not in request.POST and _acceptable(form, user, case):
                return render_case_page(
                    request,
                    "participants/interruption_confirm.html",
                    participant,
                    {
                        "case": case,
                        "heading": _("Interrupt the participation"),
                        "confirm": _confirmation(request, participant, form),
                    },
                )
        elif request.method == "POST" and form.is_valid():
            started = call_service(
                form,
                interruption_start,
                actor=user,
                audit_context=audit_context(request),
                referral=case,
                **form.cleaned_data,
            )
            if started is not None:
                messages.success(
                    request,
                    _(
                        "The participation is interrupted: the 18-month clock and the "
                        "deadlines pause. %(district)s is told."
                    )
                    % {"district": participant.home_district},
                )
                return to_person(participant)
        context.update(
            {
                "heading": _("Interrupt the participation"),
                "intro": _(
                    "For pregnancy, parental leave, illness or a similar reason. The 18-month "
                    "clock stops and activities pause until the participation restarts."
                ),
                "submit": _("Interrupt"),
            }
        )
    context["form"] = form
    return render_case_page(request, "participants/case_form.html", participant, context)
