"""Intake times (R7), the first meeting (R8), and booking one when no time was free at the
referral."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.roles import Role
from jobbtorg.core.web import audit_context, call_for_button, call_service, name_of
from jobbtorg.participants.forms import FirstMeetingForm, IntakeSlotForm
from jobbtorg.participants.models import Stage
from jobbtorg.participants.permissions import can_see_intake_slots, case_to_act_on
from jobbtorg.participants.selectors import (
    earliest_free_slot,
    has_future_slot,
    intake_slots_shown,
    participant_get,
)
from jobbtorg.participants.services.first_meetings import (
    first_meeting_book,
    first_meeting_record,
    intake_slot_publish,
)
from jobbtorg.participants.views.case_page import next_or, render_case_page, to_person, when_text


@login_required
@require_http_methods(["GET", "POST"])
def intake_slots(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_see_intake_slots(user):
        raise PermissionDenied(
            _("Coaches publish intake times. A referral books the earliest free one.")
        )
    form = IntakeSlotForm(request.POST or None, initial={"minutes": 60})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
        slot = call_service(
            form,
            intake_slot_publish,
            field_map={"starts_at": "time"},
            actor=user,
            starts_at=starts_at,
            minutes=data["minutes"],
        )
        if slot is not None:
            messages.success(
                request, _("The time %(when)s is published.") % {"when": when_text(slot)}
            )
            return redirect("participants:intake_slots")
    page, rows = intake_slots_shown(
        user=user,
        page_number=request.GET.get("sida"),
        page_size=settings.JOBBTORG_PAGE_SIZE,
        audit_context=audit_context(request),
    )
    return render(
        request,
        "participants/intake_slots.html",
        {"form": form, "page": page, "rows": rows, "show_coach": user.role == Role.MANAGER},  # type: ignore[union-attr]
    )


@login_required
@require_http_methods(["GET", "POST"])
def first_meeting(request: HttpRequest, participant_id: str) -> HttpResponse:
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Recording the first meeting")
    case = case_to_act_on(user, participant, what)
    context: dict[str, Any] = {"case": case, "heading": _("Record the first meeting")}
    if case is None or case.stage != Stage.REFERRED:
        context["unavailable"] = (
            _("The first meeting is already recorded.")
            if case is not None
            else _("The person has no open referral.")
        )
        return render_case_page(request, "participants/case_form.html", participant, context)
    slot = getattr(case, "first_meeting_slot", None)
    coach = user if user.role == Role.COACH else (slot.coach if slot else None)  # type: ignore[union-attr]
    form = FirstMeetingForm(
        request.POST or None,
        job_centre_id=case.job_centre_id,
        initial={
            "held_on": timezone.localdate(),
            "outcome": "held",
            "coach": coach.username if coach else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = call_service(
            form,
            first_meeting_record,
            actor=user,
            audit_context=audit_context(request),
            referral=case,
            held_on=data["held_on"],
            outcome=data["outcome"],
            coach=data["coach"],
            duties_explained=data["duties_explained"],
            af_registration=data["af_registration"],
            af_registration_on=data["af_registration_on"],
        )
        if meeting is not None:
            if data["outcome"] == "held":
                messages.success(
                    request,
                    _(
                        "The first meeting is recorded. The activity plan is due within "
                        "5 working days."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("The no-show is recorded and reported to %(district)s.")
                    % {"district": participant.home_district},
                )
            return to_person(participant)
    context.update({"form": form, "slot": slot, "submit": _("Save the first meeting")})
    return render_case_page(request, "participants/first_meeting_form.html", participant, context)


@login_required
@require_http_methods(["GET", "POST"])
def first_meeting_book_view(request: HttpRequest, participant_id: str) -> HttpResponse:
    """Book the earliest free intake time, however far ahead. The button on Min dag and on the
    participant page posts here and goes back; GET says what pressing it would book."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Booking a first meeting")
    case = case_to_act_on(user, participant, what)
    if request.method == "POST":
        back = next_or(request, reverse("web:participant", args=[participant.pk]))
        if case is None:
            messages.error(request, _("The person has no open referral."))
            return redirect(back)
        slot = call_for_button(
            request,
            first_meeting_book,
            actor=user,
            audit_context=audit_context(request),
            referral=case,
        )
        if slot is not None:
            messages.success(
                request,
                _(
                    "The first meeting of %(name)s is booked for %(when)s with %(coach)s: "
                    "tell the person."
                )
                % {
                    "name": participant.full_name,
                    "when": when_text(slot),
                    "coach": name_of(slot.coach),
                },
            )
        return redirect(back)
    context: dict[str, Any] = {"case": case, "heading": _("Book the first meeting")}
    slot = getattr(case, "first_meeting_slot", None) if case is not None else None
    free = earliest_free_slot(case.job_centre_id) if case is not None else None
    if case is None:
        context["unavailable"] = _("The person has no open referral.")
    elif case.stage != Stage.REFERRED:
        context["unavailable"] = _("The first meeting is already recorded.")
    elif slot is not None and has_future_slot(case):
        context["unavailable"] = _("The first meeting is booked for %(when)s with %(coach)s.") % {
            "when": when_text(slot),
            "coach": name_of(slot.coach),
        }
    elif free is None:
        context["unavailable"] = _(
            "There is no free intake time at Jobbtorg %(centre)s. Ask a coach to publish more "
            "times, then book."
        ) % {"centre": case.job_centre.name}
    else:
        context.update(
            {
                "intro": _(
                    "The earliest free intake time at Jobbtorg %(centre)s is %(when)s with "
                    "%(coach)s. Booking it tells nobody: contact the person afterwards."
                )
                % {
                    "centre": case.job_centre.name,
                    "when": when_text(free),
                    "coach": name_of(free.coach),
                },
                "submit": _("Book the first free time"),
            }
        )
    return render_case_page(request, "participants/case_form.html", participant, context)
