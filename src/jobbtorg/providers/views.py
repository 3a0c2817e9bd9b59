"""Pages of the offering: placing a person, a participation with the provider's reports, the
person's week, and the offerings a Jobbtorg has made. Thin: forms parse, services decide."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.audit import events as audit
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.participants.selectors import cases_of, one_in_scope, participant_get
from jobbtorg.participants.views.case_page import next_or
from jobbtorg.providers.forms import (
    CorrectionForm,
    PlacementForm,
    ProviderReportForm,
    ResultFollowUpForm,
)
from jobbtorg.providers.models import (
    PLACE_TAKING_STATUSES,
    ActivityParticipation,
    ActivityType,
    Offering,
    ParticipationStatus,
    ProviderReport,
    ProviderReportKind,
)
from jobbtorg.providers.participations import (
    REPORT_TRANSITIONS,
    STAFF_WHO_PLACE,
    participation_place,
    participation_take_from_waiting_list,
    places_taken,
    provider_report,
    provider_report_seen,
    result_follow_up,
)
from jobbtorg.providers.payments import participation_correct
from jobbtorg.providers.schedule import monday_of, week_for
from jobbtorg.providers.selectors import (
    participation_fields_visible_to,
    participations_visible_to,
)


def participation_get(user: Any, participation_id: Any) -> ActivityParticipation:
    return one_in_scope(participations_visible_to(user), participation_id)  # type: ignore[no-any-return]


def _weekdays_label(offering: Offering) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    days = ", ".join(names[d] for d in sorted(set(offering.weekdays)) if 0 <= d <= 6)
    return f"{days} {offering.starts_at:%H:%M}–{offering.ends_at:%H:%M}"


@login_required
@require_http_methods(["GET", "POST"])
def place(request: HttpRequest, participant_id: str) -> HttpResponse:
    """Place the person in an offering, at this Jobbtorg or another (R2, R22)."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    case = cases_of(user, participant).filter(stage="enrolled").first()
    if getattr(user, "role", "") not in STAFF_WHO_PLACE or (
        case is not None and case.job_centre_id != user.job_centre_id
    ):
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
    audit.participant_viewed(audit_context(request), participant)
    offerings = _offering_rows(form.fields["offering"].queryset, today)  # type: ignore[attr-defined]
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


def _offering_rows(offerings: Any, today: dt.date) -> list[dict[str, Any]]:
    offerings = offerings.annotate(
        taken=Count(
            "participations",
            filter=Q(participations__status__in=PLACE_TAKING_STATUSES)
            & Q(participations__planned_end__gte=today)
            & Q(participations__planned_start__lte=today),
        ),
        waiting=Count("participations", filter=Q(participations__status="waiting")),
    )
    return [
        {
            "offering": offering,
            "schedule": _weekdays_label(offering),
            "free": max(offering.capacity - offering.taken, 0),
            "waiting": offering.waiting,
        }
        for offering in offerings
    ]


def _report_forms(participation: ActivityParticipation) -> list[dict[str, Any]]:
    """The reports the participation's status allows, each with its own form."""
    today = timezone.localdate()
    headings = {
        ProviderReportKind.START: _("Report the start"),
        ProviderReportKind.NEVER_STARTED: _("Report that it never started"),
        ProviderReportKind.BREAK_OFF: _("Report a break-off"),
        ProviderReportKind.COMPLETION: _("Report completion"),
        ProviderReportKind.RESULT: _("Report work or studies obtained"),
    }
    forms = []
    for kind, (allowed, _next) in REPORT_TRANSITIONS.items():
        if participation.status in allowed:
            forms.append(
                {
                    "kind": kind,
                    "heading": headings[ProviderReportKind(kind)],
                    "form": ProviderReportForm(initial={"on": today}, prefix=str(kind)),
                }
            )
    return forms


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
    may_correct = getattr(user, "role", "") == Role.MANAGER and user.job_centre_id in {
        participation.referral.job_centre_id,
        participation.offering.made_at_id,
    }
    correction_form = CorrectionForm(prefix="correct") if may_correct else None
    ctx = audit_context(request)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "report":
            kind = request.POST.get("kind", "")
            entry = next((f for f in report_forms if f["kind"] == kind), None)
            if entry is None:
                messages.error(request, _("That cannot be reported now."))
                return redirect(request.path)
            form = ProviderReportForm(request.POST, prefix=kind)
            entry["form"] = form
            if form.is_valid():
                data = form.cleaned_data
                done = call_service(
                    form,
                    provider_report,
                    ctx=ctx,
                    participation=participation,
                    kind=kind,
                    on=data["on"],
                    note=data["note"],
                    result_kind=data["result_kind"],
                    details=form.details(),
                    field_map={"__all__": "on", "kind": "on"},
                )
                if done is not None:
                    messages.success(request, _("Reported. The coach sees it now."))
                    return redirect(request.path)
        elif action == "seen" and own_case:
            report = participation.reports.filter(pk=request.POST.get("report")).first()
            if report is None:
                raise Http404
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
    audit.participant_viewed(ctx, participation.referral.participant)
    may_report = getattr(user, "role", "") == Role.PROVIDER_STAFF or own_case
    return render(
        request,
        "providers/participation.html",
        {
            "participation": participation,
            "person": participation.referral.participant,
            "own_case": own_case,
            "fields": fields,
            "schedule": _weekdays_label(participation.offering),
            "reports": participation.reports.select_related("reported_by", "seen_by"),
            "report_forms": report_forms if may_report else [],
            "follow_up_form": follow_up_form if participation.result_on else None,
            "correction_form": correction_form,
            "may_take_from_waiting_list": participation.status == ParticipationStatus.WAITING
            and getattr(user, "role", "") in STAFF_WHO_PLACE,
        },
    )


def _week_start(request: HttpRequest) -> dt.date:
    text = request.GET.get("vecka", "")
    if text:
        try:
            return dt.date.fromisocalendar(int(text[:4]), int(text[-2:]), 1)
        except ValueError:
            pass
    return monday_of(timezone.localdate())


@login_required
@require_GET
def week(request: HttpRequest, participant_id: str) -> HttpResponse:
    """The person's week with all activities and hours, clashes and hours below the plan
    (R16); `utskrift=1` is the printable copy for the person, in Swedish or, with
    `lattlast=1`, in plain Swedish."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    if getattr(user, "role", "") not in JOB_CENTRE_ROLES:
        raise PermissionDenied(_("The week's schedule is kept by the person's Jobbtorg."))
    case = cases_of(user, participant).first()
    monday = _week_start(request)
    schedule, by_ref = week_for(case, monday)
    audit.schedule_viewed(audit_context(request), participant)
    iso = monday.isocalendar()
    context = {
        "participant": participant,
        "case": case,
        "week": schedule,
        "participations": by_ref,
        "week_number": iso.week,
        "year": iso.year,
        "previous": (monday - dt.timedelta(days=7)).strftime("%G-W%V"),
        "next": (monday + dt.timedelta(days=7)).strftime("%G-W%V"),
        "this": monday.strftime("%G-W%V"),
        "plain": request.GET.get("lattlast") == "1",
    }
    if request.GET.get("utskrift") == "1":
        # The person's copy is in Swedish whatever language the coach's screen is in.
        with translation.override("sv"):
            return render(request, "providers/week_print.html", context)
    return render(request, "providers/week.html", context)


@login_required
@require_GET
def offerings(request: HttpRequest) -> HttpResponse:
    """The offerings made at the user's Jobbtorg, with places taken and the waiting list."""
    user = request.user
    if getattr(user, "role", "") not in JOB_CENTRE_ROLES or not user.job_centre_id:
        raise PermissionDenied(_("Staff at a Jobbtorg see its offerings."))
    today = timezone.localdate()
    rows = _offering_rows(
        Offering.objects.filter(made_at_id=user.job_centre_id).select_related(
            "provider", "activity_type", "location", "made_at"
        ),
        today,
    )
    return render(request, "providers/offerings.html", {"rows": rows})


@login_required
@require_GET
def offering_detail(request: HttpRequest, offering_id: int) -> HttpResponse:
    """Who is placed in an offering made at the user's Jobbtorg, also people served by another
    Jobbtorg (R2, R22): only their activity here."""
    user = request.user
    if getattr(user, "role", "") not in JOB_CENTRE_ROLES or not user.job_centre_id:
        raise PermissionDenied(_("Staff at a Jobbtorg see its offerings."))
    offering = (
        Offering.objects.filter(pk=offering_id, made_at_id=user.job_centre_id)
        .select_related("provider", "activity_type", "location")
        .first()
    )
    if offering is None:
        raise Http404
    participations = list(
        participations_visible_to(user)
        .filter(offering=offering)
        .exclude(status=ParticipationStatus.NEVER_STARTED)
        .order_by("status", "planned_start", "created_at")
    )
    audit.participants_listed(
        audit_context(request), {p.referral.participant for p in participations}
    )
    today = timezone.localdate()
    return render(
        request,
        "providers/offering_detail.html",
        {
            "offering": offering,
            "schedule": _weekdays_label(offering),
            "participations": participations,
            "taken": places_taken(offering, today, today),
        },
    )


def provider_home(request: HttpRequest) -> dict[str, Any]:
    """The provider portal's first page: the people with a place at the provider, with only
    what the provider needs (name, activity, schedule, contact, interpreter need)."""
    participations = list(
        participations_visible_to(request.user).order_by(
            "status", "planned_start", "referral__participant__last_name"
        )[:500]
    )
    audit.participants_listed(
        audit_context(request), {p.referral.participant for p in participations}
    )
    return {
        "provider_participations": [
            {"participation": p, "schedule": _weekdays_label(p.offering)} for p in participations
        ]
    }


def unread_reports(request: HttpRequest) -> dict[str, Any]:
    """The provider's reports the coach has not read yet, for Min dag."""
    user = request.user
    reports = list(
        ProviderReport.objects.filter(
            seen_at__isnull=True,
            participation__referral__coach=user,
            participation__referral__job_centre_id=user.job_centre_id,
        )
        .select_related(
            "participation__referral__participant",
            "participation__offering__provider",
            "participation__offering__activity_type",
        )
        .order_by("created_at")[:100]
    )
    audit.participants_listed(
        audit_context(request), {r.participation.referral.participant for r in reports}
    )
    return {"unread_reports": reports}
