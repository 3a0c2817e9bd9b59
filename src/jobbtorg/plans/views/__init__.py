"""Activity plan pages (R10–R13): write a version, read one, the district's decision, follow-ups.
Thin: forms parse, the plans service decides and writes, the selectors read (and record the
read), and the page offers only what `plans.permissions` and the workflow table allow."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.core.web import audit_context, call_service
from jobbtorg.engines.rules.plan_workflow import PLAN_WORKFLOW, PlanAction
from jobbtorg.engines.rules.plan_workflow import PlanStatus as WorkflowStatus
from jobbtorg.participants.models import Participant, Referral, Stage
from jobbtorg.participants.selectors import participant_for_display, participant_get
from jobbtorg.plans.forms import (
    FollowUpForm,
    PlanActivityForm,
    PlanActivityFormSet,
    PlanRejectForm,
    PlanVersionForm,
)
from jobbtorg.plans.models import PlanVersion
from jobbtorg.plans.permissions import can_decide_plan, can_write_plan, require_plan_writer
from jobbtorg.plans.selectors import (
    active_plan_of,
    open_case_of,
    plan_for_display,
    plan_get,
    versions_of,
)
from jobbtorg.plans.services import (
    follow_up_record,
    jobbtorg_provider_name,
    plan_activities_check,
    plan_approve,
    plan_reject,
    plan_submit,
)
from jobbtorg.providers.models import Provider

FORMSET_PREFIX = "activities"
# The service names an activity's fields as the API does; the form as the page does.
ACTIVITY_FIELD_MAP = {"type": "activity_type"}


def _case_to_write(user: Any, participant: Participant, what: str) -> Referral | None:
    """The person's open case, when the user may write its plan; 403 (saying who may)
    otherwise. None when there is no open case: the page says so."""
    case = open_case_of(user, participant)
    try:
        require_plan_writer(user, case, what)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    return case


def _activity_initial(plan: PlanVersion | None) -> list[dict[str, Any]]:
    if plan is None:
        return []
    return [
        {
            "activity_type": activity.activity_type.code,
            "provider": activity.provider_label,
            "start": activity.start,
            "end": activity.end,
            # 20 rather than 20.0; 7.5 stays 7.5.
            "hours_per_week": (
                int(activity.hours_per_week)
                if activity.hours_per_week == int(activity.hours_per_week)
                else activity.hours_per_week
            ),
            "goal": activity.goal,
        }
        for activity in plan.activities.all()
    ]


def _typed_rows(request: HttpRequest) -> list[dict[str, Any]]:
    """The rows as typed (unchecked), without those marked for removal or left empty."""
    bound = PlanActivityFormSet(request.POST, prefix=FORMSET_PREFIX)
    rows = []
    for index, form in enumerate(bound.forms):
        if "DELETE" in form.fields and form["DELETE"].value():
            continue
        if index >= bound.initial_form_count() and not form.has_changed():
            continue
        rows.append({name: form[name].value() for name in form.fields if name != "DELETE"})
    return rows


def _place_plan_errors(
    errors: dict[str, list[str]], kept: list[PlanActivityForm], plan_errors: list[str]
) -> None:
    """Each message on the row and field it names ("activities.2.end"), unless the form already
    said what is wrong there (a date that is no date); the rest above the form."""
    for key, key_messages in errors.items():
        parts = key.split(".")
        target: tuple[PlanActivityForm, str] | None = None
        if len(parts) == 3 and parts[0] == "activities" and parts[1].isdigit():
            index = int(parts[1]) - 1
            name = ACTIVITY_FIELD_MAP.get(parts[2], parts[2])
            if 0 <= index < len(kept) and name in kept[index].fields:
                target = (kept[index], name)
        for message in key_messages:
            if target is None:
                plan_errors.append(message)
            elif target[1] not in target[0].errors:
                target[0].add_error(target[1], message)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, participant_id: str) -> HttpResponse:
    """A new plan version with a row per activity, awaiting the district's approval (R10, R11)."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Writing the plan")
    case = _case_to_write(user, participant, what)
    context: dict[str, Any] = {
        "participant": participant,
        "case": case,
        "heading": _("Write the activity plan"),
    }
    if case is None or case.stage != Stage.ENROLLED:
        context["unavailable"] = _("A plan is written after the first meeting.")
        participant_for_display(
            user=user, participant_id=participant.pk, audit_context=audit_context(request)
        )
        return render(request, "participants/case_form.html", context)

    versions = versions_of(user, case)
    latest = versions.first()
    active = next((v for v in versions if v.is_active), None)
    plan_errors: list[str] = []
    conflict: PlanVersion | None = None
    if request.method == "POST" and "add_row" in request.POST:
        # One more empty row; what was typed is kept and nothing is checked or saved yet.
        formset = PlanActivityFormSet(initial=_typed_rows(request), prefix=FORMSET_PREFIX)
        version_form = PlanVersionForm(
            initial={"based_on": request.POST.get("based_on"), "note": request.POST.get("note")}
        )
    elif request.method == "POST":
        version_form = PlanVersionForm(request.POST)
        formset = PlanActivityFormSet(request.POST, prefix=FORMSET_PREFIX)
        rows_read = formset.is_valid()
        kept = formset.kept_forms()
        if not rows_read:
            # A row could not be read: the service still checks the rest, so that every
            # error of the form is shown at once (nothing is saved).
            _cleaned, problems = plan_activities_check(
                referral=case, activities=[form.as_activity() for form in kept]
            )
            _place_plan_errors(problems, kept, plan_errors)
        elif version_form.is_valid():
            try:
                plan = plan_submit(
                    actor=user,
                    audit_context=audit_context(request),
                    referral=case,
                    activities=[form.as_activity() for form in kept],
                    based_on=version_form.cleaned_data["based_on"],
                    note=version_form.cleaned_data["note"],
                )
            except ConcurrentChange as error:
                conflict = latest
                for messages_ in error.errors.values():
                    plan_errors.extend(messages_)
                # What was typed stays; a new save now knowingly builds on the newest version.
                data = request.POST.copy()
                data["based_on"] = str(latest.number) if latest else ""
                version_form = PlanVersionForm(data)
                version_form.is_valid()
            except ValidationFailed as error:
                _place_plan_errors(error.errors, kept, plan_errors)
            except NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            else:
                messages.success(
                    request,
                    _(
                        "Plan version %(n)d is sent to %(district)s for approval. Until it is "
                        "approved, the plan approved before stays active."
                    )
                    % {"n": plan.number, "district": participant.home_district},
                )
                return redirect("plans:detail", plan_id=plan.pk)
    else:
        # Start from the newest version (the active plan, or the change awaiting a decision or
        # rejected), so that a change is made to what the coach last wrote.
        formset = PlanActivityFormSet(initial=_activity_initial(latest), prefix=FORMSET_PREFIX)
        version_form = PlanVersionForm(initial={"based_on": latest.number if latest else None})

    error_links = [
        {
            "row": row,
            "id": form[name].auto_id,
            "label": form.fields[name].label,
            "message": message,
        }
        for row, form in enumerate(formset.forms, start=1)
        for name, field_errors in form.errors.items()
        if name in form.fields
        for message in field_errors
    ]
    context.update(
        {
            "formset": formset,
            "version_form": version_form,
            "plan_errors": plan_errors + list(formset.non_form_errors()),
            "error_links": error_links,
            "conflict": conflict,
            "latest": latest,
            "active": active,
            "providers": Provider.objects.filter(is_active=True).order_by("name"),
            # The Jobbtorg itself, first among the providers, for what it runs itself.
            "jobbtorg_provider": jobbtorg_provider_name(case),
            "today": timezone.localdate(),
        }
    )
    participant_for_display(
        user=user, participant_id=participant.pk, audit_context=audit_context(request)
    )
    return render(request, "plans/plan_form.html", context)


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    return _render_plan(request, plan_id)


def _render_plan(
    request: HttpRequest,
    plan_id: uuid.UUID,
    reject_form: PlanRejectForm | None = None,
    decision_errors: list[str] | None = None,
) -> HttpResponse:
    user = request.user
    plan = plan_for_display(user=user, plan_id=plan_id, audit_context=audit_context(request))
    referral = plan.referral
    participant = referral.participant
    # The decisions the workflow table allows for this version, offered to those who decide.
    decisions = PLAN_WORKFLOW.allowed_actions(WorkflowStatus(plan.status)) & {
        PlanAction.APPROVE,
        PlanAction.REJECT,
    }
    may_decide = bool(decisions) and can_decide_plan(user, plan)
    acting = can_write_plan(user, referral) and referral.stage == Stage.ENROLLED
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "participant": participant,
            "case": referral,
            "versions": versions_of(user, referral),
            "awaiting_decision": bool(decisions),
            "may_decide": may_decide,
            "may_approve": may_decide and PlanAction.APPROVE in decisions,
            "may_reject": may_decide and PlanAction.REJECT in decisions,
            "reject_form": reject_form or (PlanRejectForm() if may_decide else None),
            "decision_errors": decision_errors or [],
            "may_write": acting,
            "may_follow_up": acting and plan.is_active,
        },
    )


@login_required
@require_POST
def plan_approve_view(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_get(user=request.user, plan_id=plan_id)
    try:
        plan = plan_approve(actor=request.user, audit_context=audit_context(request), plan=plan)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except ValidationFailed as error:
        errors = [m for field_messages in error.errors.values() for m in field_messages]
        return _render_plan(request, plan_id, decision_errors=errors)
    messages.success(
        request,
        _("Plan version %(n)d is approved. It is now the active plan.") % {"n": plan.number},
    )
    return redirect("plans:detail", plan_id=plan.pk)


@login_required
@require_POST
def plan_reject_view(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_get(user=request.user, plan_id=plan_id)
    form = PlanRejectForm(request.POST)
    form.is_valid()
    # The service asks who may decide before it looks at the reason, so a role that may not
    # decide gets its refusal, never the form.
    rejected = call_service(
        form,
        plan_reject,
        actor=request.user,
        audit_context=audit_context(request),
        plan=plan,
        reason=form.cleaned_data.get("reason", ""),
    )
    if rejected is not None:
        messages.success(
            request,
            _("Plan version %(n)d is rejected. The coach is told the reason.")
            % {"n": rejected.number},
        )
        return redirect("plans:detail", plan_id=rejected.pk)
    return _render_plan(request, plan_id, reject_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, participant_id: str) -> HttpResponse:
    """Follow up an activity of the active plan (R13): its outcome and the next step."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Following up")
    case = _case_to_write(user, participant, what)
    context: dict[str, Any] = {
        "participant": participant,
        "case": case,
        "heading": _("Follow up an activity"),
    }
    active = None
    if case is not None and case.stage == Stage.ENROLLED:
        active = active_plan_of(user, case)
    if active is None:
        context["unavailable"] = _("There is no approved plan with activities to follow up.")
        participant_for_display(
            user=user, participant_id=participant.pk, audit_context=audit_context(request)
        )
        return render(request, "participants/case_form.html", context)
    activities = list(active.activities.all())
    form = FollowUpForm(
        request.POST or None,
        activities=activities,
        initial={"activity": request.GET.get("aktivitet"), "done_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        activity = next(a for a in activities if a.pk == form.cleaned_data["activity"])
        recorded = call_service(
            form,
            follow_up_record,
            actor=user,
            audit_context=audit_context(request),
            activity=activity,
            done_on=form.cleaned_data["done_on"],
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
        if recorded is not None:
            messages.success(
                request,
                _("The follow-up of %(activity)s is recorded. Plan the next step if needed.")
                % {"activity": activity.activity_type.name},
            )
            return redirect("web:participant", participant_id=participant.pk)
    context.update(
        {
            "form": form,
            "submit": _("Save the follow-up"),
            "intro": _("Activities of the active plan, version %(n)d.") % {"n": active.number},
        }
    )
    participant_for_display(
        user=user, participant_id=participant.pk, audit_context=audit_context(request)
    )
    return render(request, "participants/case_form.html", context)
