"""Pages of the individual's path (R7–R19): thin. A Django form parses what was typed, the
service decides and writes (with its audit entry), the page renders. Every page that shows a
person reads through the scoping selectors and records the view in the audit log."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.core.web import (
    add_service_errors,
    audit_context,
    call_for_button,
    call_service,
    name_of,
)
from jobbtorg.matching.views_matching import exit_initial_from_hire
from jobbtorg.participants.forms import (
    AssessmentForm,
    CoachChangeForm,
    DistrictReportForm,
    ExitForm,
    FirstMeetingForm,
    HealthEntryForm,
    IntakeSlotForm,
    InterruptionEndForm,
    InterruptionStartForm,
    LimitExceptionDecisionForm,
    LimitExceptionForm,
    ReferralForm,
)
from jobbtorg.participants.models import (
    DistrictEvent,
    EventKind,
    IntakeSlot,
    LimitException,
    Participant,
    Stage,
)
from jobbtorg.participants.pages import (
    case_to_act_on,
    cases_of,
    earliest_free_slot,
    has_future_slot,
    may_act,
    may_read_assessment,
    may_see_health,
    open_case_of,
    require_exception_decider,
    require_staff,
)
from jobbtorg.participants.selectors import (
    case_deadlines,
    district_events_of,
    health_entries_visible_to,
    participant_get,
    participants_visible_to,
    referrals_visible_to,
)
from jobbtorg.participants.services.exits import (
    ASSESSMENT_FIELDS,
    ConcurrentChange,
    assessment_update,
    coach_change,
    district_event_handle,
    district_report,
    exit_record,
    first_meeting_book,
    first_meeting_record,
    health_entry_add,
    intake_slot_publish,
    interruption_end,
    interruption_start,
    limit_exception_decide,
    limit_exception_request,
    referral_create,
)


def render_case_page(
    request: HttpRequest,
    template: str,
    participant: Participant,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render a page about one person, and log that the user saw them."""
    audit.participant_viewed(audit_context(request), participant)
    return render(request, template, {"participant": participant, **context}, status=status)


def to_person(participant: Participant, anchor: str = "") -> HttpResponse:
    url = reverse("participants:detail", args=[participant.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def next_or(request: HttpRequest, default: str) -> str:
    """Back to the page a button was pressed on (Min dag, the inbox, the person), when it is
    one of ours; `default` otherwise."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _when(slot: IntakeSlot) -> str:
    return timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M")


# Coaches: intake times (R7)


@login_required
@require_http_methods(["GET", "POST"])
def intake_slots(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "role", "") not in {Role.COACH, Role.MANAGER}:
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
            messages.success(request, _("The time %(when)s is published.") % {"when": _when(slot)})
            return redirect("path:intake_slots")
    slots = IntakeSlot.objects.filter(
        job_centre_id=user.job_centre_id,  # type: ignore[union-attr]
        starts_at__gte=timezone.now() - dt.timedelta(hours=1),
    ).select_related("coach")
    if user.role == Role.COACH:  # type: ignore[union-attr]
        slots = slots.filter(coach=user)
    page = Paginator(slots.order_by("starts_at"), settings.JOBBTORG_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    # A booked time names its person: only cases the user may see, and the look is logged.
    visible = {
        r.pk: r
        for r in referrals_visible_to(user).filter(
            pk__in=[s.referral_id for s in page.object_list if s.referral_id]
        )
    }
    rows = [{"slot": s, "case": visible.get(s.referral_id)} for s in page.object_list]
    audit.participants_listed(
        audit_context(request), {row["case"].participant for row in rows if row["case"]}
    )
    return render(
        request,
        "participants/intake_slots.html",
        {"form": form, "page": page, "rows": rows, "show_coach": user.role == Role.MANAGER},  # type: ignore[union-attr]
    )


# District officers: referral (R4–R7) and the inbox (R15, R33)


@login_required
@require_http_methods(["GET", "POST"])
def referral_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "role", "") != Role.DISTRICT_OFFICER:
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
                        "when": _when(slot),
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


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "role", "") != Role.DISTRICT_OFFICER:
        raise PermissionDenied(_("The inbox is for the district's social-assistance officers."))
    events = (
        DistrictEvent.objects.filter(
            district_events_of(user),
            district_id=user.district_id,  # type: ignore[union-attr]
        )
        .select_related("participant", "referral__job_centre", "handled_by")
        .order_by(
            models.Case(models.When(handled_at__isnull=True, then=0), default=1),
            "-occurred_at",
            "-id",
        )
    )
    page = Paginator(events, settings.JOBBTORG_PAGE_SIZE).get_page(request.GET.get("sida"))
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
                "person_url": reverse("participants:detail", args=[event.participant_id])
                if event.participant_id in visible
                else "",
            }
        )
    audit.participants_listed(
        audit_context(request), {event.participant for event in page.object_list}
    )
    unhandled = events.filter(handled_at__isnull=True).count()
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
    if getattr(user, "role", "") != Role.DISTRICT_OFFICER:
        raise PermissionDenied(_("The inbox is for the district's social-assistance officers."))
    # Only among the events of the officer's own district: others are 404.
    event = (
        DistrictEvent.objects.filter(
            district_events_of(user),
            pk=event_id,
            district_id=user.district_id,  # type: ignore[union-attr]
        )
        .select_related("participant")
        .first()
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
    return redirect(next_or(request, reverse("path:inbox")))


# Coaches and managers: the case (R8–R19)


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
def coach_change_view(request: HttpRequest, participant_id: str) -> HttpResponse:
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Changing the coach")
    case = case_to_act_on(user, participant, what)
    context: dict[str, Any] = {"case": case, "heading": _("Change the personal coach")}
    if case is None or case.stage != Stage.ENROLLED:
        context["unavailable"] = _("A coach is assigned at the first meeting.")
        return render_case_page(request, "participants/case_form.html", participant, context)
    form = CoachChangeForm(request.POST or None, job_centre_id=case.job_centre_id)
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form,
            coach_change,
            actor=user,
            audit_context=audit_context(request),
            referral=case,
            coach=form.cleaned_data["coach"],
        )
        if changed is not None:
            messages.success(
                request,
                _("%(coach)s is now the personal coach.")
                % {"coach": name_of(form.cleaned_data["coach"])},
            )
            return to_person(participant)
    context.update(
        {
            "form": form,
            "submit": _("Change coach"),
            "intro": _("The coach now: %(coach)s. The earlier coaches stay in the history.")
            % {"coach": name_of(case.coach) or "–"},
        }
    )
    return render_case_page(request, "participants/case_form.html", participant, context)


def _assessment_diff(current: Any, form: AssessmentForm) -> list[dict[str, Any]]:
    """What the other person saved, where it differs from what this user typed."""
    typed = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    rows = []
    for name in ASSESSMENT_FIELDS:
        theirs = getattr(current, name)
        if name in typed and typed[name] != theirs:
            rows.append({"label": form.fields[name].label, "theirs": theirs})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, participant_id: str) -> HttpResponse:
    """The assessment (R9) and, for the coach and manager only, the health-related entries."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    # The open case, or else the latest, so that an exited person's assessment can be read.
    case = open_case_of(user, participant) or cases_of(user, participant).first()
    if case is None and getattr(user, "role", "") not in JOB_CENTRE_ROLES:
        raise PermissionDenied(_("The assessment is read by the staff of the person's Jobbtorg."))
    if case is not None and not may_read_assessment(user, case):
        raise PermissionDenied(
            _("The assessment is read by the staff of Jobbtorg %(centre)s.")
            % {"centre": case.job_centre.name}
        )
    current = getattr(case, "assessment", None) if case is not None else None
    editable = current is not None and case.stage != Stage.EXITED and may_act(user, case)  # type: ignore[union-attr]
    health = case is not None and may_see_health(user, case)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and not (
        (action == "assessment" and editable) or (action == "health" and health)
    ):
        if case is not None:
            require_staff(user, _("Changing the assessment"), case)
        raise PermissionDenied(_("The assessment cannot be changed now."))

    form = None
    conflict: dict[str, Any] | None = None
    if current is not None:
        initial = {name: getattr(current, name) for name in ASSESSMENT_FIELDS}
        initial["version"] = current.version
        form = AssessmentForm(request.POST if action == "assessment" else None, initial=initial)
        if action == "assessment" and form.is_valid():
            try:
                assessment_update(
                    actor=user,
                    audit_context=audit_context(request),
                    assessment=current,
                    based_on_version=form.cleaned_data["version"],
                    values=form.values(),
                )
            except ConcurrentChange as error:
                current.refresh_from_db()
                conflict = {"rows": _assessment_diff(current, form)}
                # Kept as typed; a new save now knowingly replaces the other version.
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = AssessmentForm(data, initial=initial)
                form.is_valid()
                add_service_errors(form, error)
            except ValidationFailed as error:
                add_service_errors(form, error)
            except NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            else:
                messages.success(request, _("The assessment is saved."))
                return redirect("participants:assessment", participant_id=participant.pk)

    health_form = None
    entries: Any = []
    if health:
        health_form = HealthEntryForm(request.POST if action == "health" else None)
        if action == "health" and health_form.is_valid():
            entry = call_service(
                health_form,
                health_entry_add,
                actor=user,
                audit_context=audit_context(request),
                referral=case,
                text=health_form.cleaned_data["text"],
            )
            if entry is not None:
                messages.success(request, _("The health-related entry is saved."))
                url = reverse("participants:assessment", args=[participant.pk])
                return redirect(f"{url}#health-title")
        entries = health_entries_visible_to(user).filter(referral=case).select_related("written_by")

    context = audit_context(request)
    with transaction.atomic():
        if current is not None:
            audit.assessment_viewed(context, current)
        else:
            audit.participant_viewed(context, participant)
        if health:
            audit.health_entries_viewed(context, case)
    return render(
        request,
        "participants/assessment.html",
        {
            "participant": participant,
            "case": case,
            "assessment": current,
            "form": form,
            "editable": editable,
            "conflict": conflict,
            "health": health,
            "health_form": health_form,
            "entries": entries,
        },
    )


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
        form = InterruptionStartForm(request.POST or None, initial={"start": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
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


EXIT_FIELD_MAP = {
    "employment.form": "employment_form",
    "employment.extent": "extent",
    "employment.hours_per_week": "hours_per_week",
    "employment.wage_subsidy": "wage_subsidy",
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
    form = ExitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
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


# The first meeting when no time was free at the referral (R7), and exceptions to 18 months (R13)


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
        back = next_or(request, reverse("participants:detail", args=[participant.pk]))
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
                    "when": _when(slot),
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
            "when": _when(slot),
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
                    "when": _when(free),
                    "coach": name_of(free.coach),
                },
                "submit": _("Book the first free time"),
            }
        )
    return render_case_page(request, "participants/case_form.html", participant, context)


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
    ends = case_deadlines(case).participation_ends
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
        LimitException.objects.filter(pk=exception_id, referral__in=referrals_visible_to(user))
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
            return redirect(next_or(request, reverse("home") + "#exceptions-title"))
    next_url = next_or(request, reverse("participants:detail", args=[participant.pk]))
    return render_case_page(
        request,
        "participants/limit_exception_decide.html",
        participant,
        {
            "case": case,
            "exception": exception,
            "form": form,
            "next": next_url,
            "ends": case_deadlines(case).participation_ends,
            "heading": _("Decide on the exception to the 18-month limit"),
        },
    )
