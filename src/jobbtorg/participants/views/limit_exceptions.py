"""Exceptions to the 18-month limit (R13): the coach asks, the manager decides."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_service, name_of
from jobbtorg.participants.forms import LimitExceptionDecisionForm, LimitExceptionForm
from jobbtorg.participants.models import LimitException, Stage
from jobbtorg.participants.permissions import case_to_act_on, require_exception_decider
from jobbtorg.participants.selectors import (
    limit_exceptions_visible_to,
    participant_get,
    participation_end_of,
)
from jobbtorg.participants.services.limit_exceptions import (
    limit_exception_decide,
    limit_exception_request,
)
from jobbtorg.participants.views.case_page import next_or, render_case_page, to_person


@login_required
@require_http_methods(["GET", "POST"])
def limit_exception_view(request: HttpRequest, participant_id: str) -> HttpResponse:
    """The coach asks, with reasons, that the participation go on past 18 months (R13)."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Asking for an exception")
    case = case_to_act_on(user, participant, what)
    context: dict[str, Any] = {
        "case": case,
        "heading": _("Ask for an exception to the 18-month limit"),
    }
    if case is None or case.stage != Stage.ENROLLED:
        context["unavailable"] = _("Only an ongoing participation can be extended.")
        return render_case_page(request, "participants/case_form.html", participant, context)
    exceptions = list(
        case.limit_exceptions.select_related("requested_by", "decided_by").order_by("-created_at")
    )
    pending = next((e for e in exceptions if e.approved is None), None)
    if pending is not None:
        context["unavailable"] = _(
            "An exception until %(date)s, asked for by %(who)s on %(asked)s, awaits the "
            "manager's decision."
        ) % {
            "date": pending.until.isoformat(),
            "who": name_of(pending.requested_by),
            "asked": timezone.localdate(pending.created_at).isoformat(),
        }
        return render_case_page(request, "participants/case_form.html", participant, context)
    ends = participation_end_of(case)
    form = LimitExceptionForm(request.POST or None)
    if ends is not None:
        form.fields["until"].help_text = _("After the end of the 18 months, %(date)s.") % {
            "date": ends.isoformat()
        }
    if request.method == "POST" and form.is_valid():
        asked = call_service(
            form,
            limit_exception_request,
            actor=user,
            audit_context=audit_context(request),
            referral=case,
            reason=form.cleaned_data["reason"],
            until=form.cleaned_data["until"],
        )
        if asked is not None:
            messages.success(
                request,
                _(
                    "The exception is sent to the manager of Jobbtorg %(centre)s, who approves "
                    "or refuses it. Until then the 18-month limit stands."
                )
                % {"centre": case.job_centre.name},
            )
            return to_person(participant, "exceptions-title")
    context.update(
        {
            "form": form,
            "exceptions": exceptions,
            "ends": ends,
            "submit": _("Send to the manager"),
            "intro": _(
                "The participation may go on past 18 months only for special reasons, such as an "
                "education or a job that is about to start. The manager of Jobbtorg %(centre)s "
                "decides."
            )
            % {"centre": case.job_centre.name},
        }
    )
    return render_case_page(request, "participants/limit_exception_form.html", participant, context)


def _exception_get(user: Any, exception_id: int) -> LimitException:
    """One exception of a case the user may see; 404 otherwise."""
    exception = (
        limit_exceptions_visible_to(user)
        .filter(pk=exception_id)
        .select_related(
            "referral__participant__home_district",
            "referral__job_centre",
            "referral__coach",
            "requested_by",
            "decided_by",
        )
        .first()
    )
    if exception is None:
        raise Http404
    return exception


@login_required
@require_http_methods(["GET", "POST"])
def limit_exception_decide_view(request: HttpRequest, exception_id: int) -> HttpResponse:
    """The manager approves or refuses an exception (from Min dag, or on this page)."""
    user = request.user
    exception = _exception_get(user, exception_id)
    case = exception.referral
    participant = case.participant
    # The service asks too; asking first gives a role that may not decide its refusal, not the form.
    require_exception_decider(user, case)
    form = LimitExceptionDecisionForm(request.POST or None, prefix=f"undantag-{exception.pk}")
    if request.method == "POST" and form.is_valid():
        decided = call_service(
            form,
            limit_exception_decide,
            actor=user,
            audit_context=audit_context(request),
            exception=exception,
            approve=form.approve,
            note=form.cleaned_data["note"],
        )
        if decided is not None:
            if exception.approved:
                text = _(
                    "The exception for %(name)s is approved: the participation may go on until "
                    "%(date)s."
                )
            else:
                text = _(
                    "The exception for %(name)s is refused. The coach sees why on the "
                    "participant page."
                )
            messages.success(
                request,
                text % {"name": participant.full_name, "date": exception.until.isoformat()},
            )
            return redirect(next_or(request, reverse("web:home") + "#exceptions-title"))
    next_url = next_or(request, reverse("web:participant", args=[participant.pk]))
    return render_case_page(
        request,
        "participants/limit_exception_decide.html",
        participant,
        {
            "case": case,
            "exception": exception,
            "form": form,
            "next": next_url,
            "ends": participation_end_of(case),
            "heading": _("Decide on the exception to the 18-month limit"),
        },
    )
