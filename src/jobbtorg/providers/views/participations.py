"""Placing a person in an offering, and one participation with the provider's reports, the
follow-up of a result and a manager's correction. Thin: forms parse, services decide,
selectors read (and log who was seen)."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_for_button, call_service, next_or
from jobbtorg.engines.rules.participation_reports import CONFIRMED_REPORTS
from jobbtorg.participants.selectors import cases_of, participant_for_display, participant_get
from jobbtorg.providers.forms import (
    AttendanceEntryForm,
    CorrectionForm,
    PlacementForm,
    ProviderReportForm,
    ResultFollowUpForm,
    status_and_reason,
)
from jobbtorg.providers.models import (
    ActivityParticipation,
    ActivityType,
    ParticipationStatus,
    ProviderReportKind,
)
from jobbtorg.providers.permissions import (
    can_correct_participation,
    can_place_participation,
    can_register_attendance,
    can_take_from_waiting_list,
    can_use_attendance_lists,
    is_provider_staff,
)
from jobbtorg.providers.selectors.attendance import monday_of
from jobbtorg.providers.selectors.participations import (
    participation_fields_visible_to,
    participation_get,
    participation_report_get,
    participation_reports,
    participation_shown,
)
from jobbtorg.providers.selectors.pauses import with_pauses
from jobbtorg.providers.services.attendance import attendance_register
from jobbtorg.providers.services.participations import (
    participation_correct,
    participation_place,
    participation_take_from_waiting_list,
    result_follow_up,
)
from jobbtorg.providers.services.provider_reports import (
    provider_report,
    provider_report_check,
    provider_report_seen,
    reports_offered,
)
from jobbtorg.providers.views.attendance_week import week_param
from jobbtorg.providers.views.offerings import offering_rows, weekdays_label


@login_required
@require_http_methods(["GET", "POST"])
def place(request: HttpRequest, participant_id: str) -> HttpResponse:
    """Place the person in an offering, at this Jobbtorg or another (R2, R22)."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    case = cases_of(user, participant).filter(stage="enrolled").first()
    if not can_place_participation(user, case):
        raise PermissionDenied(_("Staff at the person's Jobbtorg place them in activities."))
    today = timezone.localdate()
    form = PlacementForm(
        request.POST or None,
        today=today,
        initial={"planned_start": today, "planned_end": today + dt.timedelta(days=90)},
    )
    if case is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        placed = call_service(
            form,
            participation_place,
            ctx=audit_context(request),
            referral=case,
            offering=data["offering"],
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            level=data["level"],
            waiting_list=data["waiting_list"],
            field_map={"__all__": "offering"},
        )
        if placed is not None:
            if placed.status == ParticipationStatus.WAITING:
                messages.success(request, _("The person is on the waiting list."))
            else:
                messages.success(request, _("The person has a place. The provider sees it now."))
            return redirect(reverse("web:participant", args=[participant.pk]) + "#activities")
    participant = participant_for_display(
        user=request.user, participant_id=participant.pk, audit_context=audit_context(request)
    )
    offerings = offering_rows(form.fields["offering"].queryset, today)  # type: ignore[attr-defined]
    return render(
        request,
        "providers/place.html",
        {
            "participant": participant,
            "heading": _("Place in an activity"),
            "case": case,
            "form": form,
            "offerings": offerings,
            "choice_types": ActivityType.objects.filter(choice_system=True, is_active=True),
        },
    )


def _report_forms(participation: ActivityParticipation) -> list[dict[str, Any]]:
    """The reports the participation's status allows, the most used first, each with its own
    form. No date is filled in: a report is sent on the day typed, never on today's by
    default."""
    headings = {
        ProviderReportKind.START: _("Report the start"),
        ProviderReportKind.NEVER_STARTED: _("Report that it never started"),
        ProviderReportKind.BREAK_OFF: _("Report a break-off"),
        ProviderReportKind.COMPLETION: _("Report completion"),
        ProviderReportKind.RESULT: _("Report work or studies obtained"),
    }
    return [
        {
            "kind": kind,
            "heading": headings[ProviderReportKind(kind)],
            "form": ProviderReportForm(prefix=kind),
            "confirmed": kind in CONFIRMED_REPORTS,
        }
        for kind in reports_offered(participation)
    ]


def _confirmation(
    request: HttpRequest,
    participation: ActivityParticipation,
    entry: dict[str, Any],
    form: ProviderReportForm,
) -> dict[str, Any]:
    """The confirm step of a report that ends the participation early: what will be sent,
    and the typed fields to send again with "confirmed"."""
    data = form.cleaned_data
    activity = participation.offering.activity_type.name
    person = participation.referral.participant.full_name
    if entry["kind"] == ProviderReportKind.BREAK_OFF:
        question = _("Break off %(activity)s for %(person)s on %(day)s?")
        button = _("Yes, report the break-off")
    else:
        question = _("Report that %(person)s never started %(activity)s (%(day)s)?")
        button = _("Yes, report that it never started")
    return {
        "title": entry["heading"],
        "question": question
        % {"activity": activity, "person": person, "day": data["on"].isoformat()},
        "facts": [(_("Date"), data["on"].isoformat()), (_("Note"), data["note"] or "–")],
        "consequence": _(
            "The activity ends and the coach is told at once. A report cannot be taken back: "
            "a mistake is corrected with a new report."
        ),
        "hidden": [
            (key, value)
            for key, value in request.POST.items()
            if key not in {"csrfmiddlewaretoken", "confirmed", "edit"}
        ],
        "confirm_label": button,
        "back_label": _("No, go back"),
    }


def _expects_attendance(participation: ActivityParticipation) -> bool:
    return participation.offering.activity_type.daily_attendance and participation.status in (
        ParticipationStatus.PLACED,
        ParticipationStatus.STARTED,
        ParticipationStatus.COMPLETED,
        ParticipationStatus.BROKEN_OFF,
    )


def _week_url_of(participation: ActivityParticipation) -> str | None:
    if not _expects_attendance(participation):
        return None
    url = reverse("providers:attendance_week", args=[participation.offering_id])
    return f"{url}?vecka={week_param(monday_of(timezone.localdate()))}"


@login_required
@require_http_methods(["GET", "POST"])
def participation_detail(request: HttpRequest, participation_id: str) -> HttpResponse:
    """One participation: what the provider needs, its reports, and for the person's own
    Jobbtorg the follow-up of a result."""
    user = request.user
    participation = participation_get(user, participation_id)
    fields = participation_fields_visible_to(user, participation)
    own_case = "case" in fields
    report_forms = _report_forms(participation)
    follow_up_form = ResultFollowUpForm(prefix="follow_up") if own_case else None
    may_correct = can_correct_participation(user, participation)
    correction_form = CorrectionForm(prefix="correct") if may_correct else None
    may_register = _expects_attendance(participation) and can_register_attendance(
        user, participation
    )
    attendance_form = AttendanceEntryForm(prefix="attendance") if may_register else None
    confirm: dict[str, Any] | None = None
    ctx = audit_context(request)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "attendance" and attendance_form is not None:
            attendance_form = AttendanceEntryForm(request.POST, prefix="attendance")
            if attendance_form.is_valid():
                status, reason = status_and_reason(attendance_form.cleaned_data["attendance"])
                done = call_service(
                    attendance_form,
                    attendance_register,
                    ctx=ctx,
                    participation=participation,
                    day=attendance_form.cleaned_data["day"],
                    status=status,
                    reason=reason,
                    field_map={"status": "attendance", "reason": "attendance", "__all__": "day"},
                )
                if done is not None:
                    messages.success(
                        request,
                        _("The attendance on %(day)s is saved.")
                        % {"day": attendance_form.cleaned_data["day"].isoformat()},
                    )
                    return redirect(request.path)
        elif action == "report":
            kind = request.POST.get("kind", "")
            entry = next((f for f in report_forms if f["kind"] == kind), None)
            if entry is None:
                messages.error(request, _("That cannot be reported now."))
                return redirect(request.path)
            form = ProviderReportForm(request.POST, prefix=kind)
            entry["form"] = form
            asks_first = entry["confirmed"] and request.POST.get("confirmed") != "yes"
            if form.is_valid():
                data = form.cleaned_data
                # A break-off is not sent on one click: the page asks first (no JavaScript),
                # once the report would be accepted; "No, go back" shows the form as typed.
                done = (not asks_first or "edit" not in request.POST) and call_service(
                    form,
                    provider_report_check if asks_first else provider_report,
                    ctx=ctx,
                    participation=participation,
                    kind=kind,
                    on=data["on"],
                    note=data["note"],
                    result_kind=data["result_kind"],
                    details=form.details(),
                    field_map={"__all__": "on", "kind": "on"},
                )
                if asks_first and done not in (None, False):
                    confirm = _confirmation(request, participation, entry, form)
                    done = None
                if done not in (None, False):
                    messages.success(request, _("Reported. The coach sees it now."))
                    return redirect(request.path)
        elif action == "seen" and own_case:
            report = participation_report_get(user, participation, request.POST.get("report"))
            call_for_button(request, provider_report_seen, ctx, report)
            return redirect(next_or(request, request.path))
        elif action == "follow_up" and own_case:
            follow_up_form = ResultFollowUpForm(request.POST, prefix="follow_up")
            if follow_up_form.is_valid():
                done = call_service(
                    follow_up_form,
                    result_follow_up,
                    ctx=ctx,
                    participation=participation,
                    months=follow_up_form.cleaned_data["months"],
                    in_work_or_without_assistance=follow_up_form.in_work_or_without_assistance(),
                    field_map={"__all__": "months"},
                )
                if done is not None:
                    messages.success(request, _("The follow-up is recorded."))
                    return redirect(request.path)
        elif action == "correct" and may_correct:
            correction_form = CorrectionForm(request.POST, prefix="correct")
            if correction_form.is_valid():
                done = call_service(
                    correction_form,
                    participation_correct,
                    ctx=ctx,
                    participation=participation,
                    **correction_form.changes(),
                    field_map={"__all__": "note"},
                )
                if done is not None:
                    messages.success(
                        request,
                        _("Corrected. The next payment run pays or takes back the difference."),
                    )
                    return redirect(request.path)
        elif action == "take_from_waiting_list":
            if call_for_button(request, participation_take_from_waiting_list, ctx, participation):
                messages.success(request, _("The person has the place now."))
            return redirect(request.path)
        else:
            raise PermissionDenied(_("That is done by the person's Jobbtorg."))
    participation_shown(ctx, participation)
    may_report = is_provider_staff(user) or own_case
    with_pauses([participation], timezone.localdate(), own_case=own_case)
    return render(
        request,
        "providers/participation.html",
        {
            "confirm": confirm,
            "attendance_form": attendance_form,
            "week_url": _week_url_of(participation) if can_use_attendance_lists(user) else None,
            "participation": participation,
            "person": participation.referral.participant,
            "own_case": own_case,
            "fields": fields,
            "schedule": weekdays_label(participation.offering),
            "reports": participation_reports(user, participation),
            "report_forms": report_forms if may_report else [],
            "follow_up_form": follow_up_form if participation.result_on else None,
            "correction_form": correction_form,
            "may_take_from_waiting_list": participation.status == ParticipationStatus.WAITING
            and can_take_from_waiting_list(user),
        },
    )
