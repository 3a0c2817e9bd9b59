"""The district's inbox (R15, R33) and the coach's reports to the district."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.web import audit_context, call_service
from jobbtorg.participants.forms import DistrictReportForm
from jobbtorg.participants.models import EventKind
from jobbtorg.participants.permissions import can_read_district_events, case_to_act_on
from jobbtorg.participants.selectors import (
    district_events_visible_to,
    inbox_events_shown,
    participant_get,
    participants_visible_to,
)
from jobbtorg.participants.services.district_events import district_event_handle, district_report
from jobbtorg.participants.views.case_page import next_or, render_case_page, to_person


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_read_district_events(user):
        raise PermissionDenied(_("The inbox is for the district's social-assistance officers."))
    page, unhandled = inbox_events_shown(
        user=user,
        page_number=request.GET.get("sida"),
        page_size=settings.JOBBTORG_PAGE_SIZE,
        audit_context=audit_context(request),
    )
    visible = set(
        participants_visible_to(user)
        .filter(pk__in=[e.participant_id for e in page.object_list])
        .values_list("pk", flat=True)
    )
    rows = []
    for event in page.object_list:
        plan_url = ""
        if event.kind == EventKind.PLAN_AWAITING_APPROVAL and event.data.get("plan"):
            plan_url = reverse("plans:detail", args=[event.data["plan"]])
        rows.append(
            {
                "event": event,
                "kind": EventKind(event.kind).label,
                "plan_url": plan_url,
                # A person who moved away may be out of the district's sight now: no link then.
                "person_url": reverse("web:participant", args=[event.participant_id])
                if event.participant_id in visible
                else "",
            }
        )
    return render(
        request,
        "participants/inbox.html",
        {"page": page, "rows": rows, "unhandled": unhandled},
    )


@login_required
@require_POST
def inbox_handle(request: HttpRequest, event_id: int) -> HttpResponse:
    """Mark an inbox event as handled; the event itself stays as it was."""
    user = request.user
    if not can_read_district_events(user):
        raise PermissionDenied(_("The inbox is for the district's social-assistance officers."))
    # Only among the events of the officer's own district: others are 404.
    event = (
        district_events_visible_to(user).filter(pk=event_id).select_related("participant").first()
    )
    if event is None:
        raise Http404
    try:
        district_event_handle(actor=user, event=event, audit_context=audit_context(request))
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    messages.success(
        request,
        _("Marked as handled: %(kind)s, %(name)s.")
        % {"kind": EventKind(event.kind).label, "name": event.participant.full_name},
    )
    return redirect(next_or(request, reverse("participants:inbox")))


@login_required
@require_http_methods(["GET", "POST"])
def district_report_view(request: HttpRequest, participant_id: str) -> HttpResponse:
    """Absence or non-cooperation, to the home district, which decides on consequences (R15)."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Reporting to the district")
    case = case_to_act_on(user, participant, what)
    context: dict[str, Any] = {"case": case, "heading": _("Report to the district")}
    if case is None:
        context["unavailable"] = _("The person has no open enrolment.")
        return render_case_page(request, "participants/case_form.html", participant, context)
    form = DistrictReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = call_service(
            form,
            district_report,
            actor=user,
            audit_context=audit_context(request),
            referral=case,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
        )
        if event is not None:
            messages.success(
                request,
                _("Reported to %(district)s.") % {"district": participant.home_district},
            )
            return to_person(participant)
    context.update(
        {
            "form": form,
            "submit": _("Send the report"),
            "intro": _(
                "The report goes to the social-assistance officers of %(district)s, who decide "
                "on consequences."
            )
            % {"district": participant.home_district},
        }
    )
    return render_case_page(request, "participants/case_form.html", participant, context)
