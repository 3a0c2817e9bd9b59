"""The assessment (R9) and, for the coach and manager only, the health-related entries."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.core.roles import JOB_CENTRE_ROLES
from jobbtorg.core.web import add_service_errors, audit_context, call_service
from jobbtorg.participants.forms import AssessmentForm, HealthEntryForm
from jobbtorg.participants.models import Stage
from jobbtorg.participants.permissions import (
    can_act_on_case,
    can_read_assessment,
    can_see_health,
    require_staff,
)
from jobbtorg.participants.selectors import (
    assessment_for_display,
    cases_of,
    health_entries_visible_to,
    open_case_of,
    participant_get,
)
from jobbtorg.participants.services.assessments import (
    ASSESSMENT_FIELDS,
    assessment_update,
    health_entry_add,
)


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
    if case is not None and not can_read_assessment(user, case):
        raise PermissionDenied(
            _("The assessment is read by the staff of Jobbtorg %(centre)s.")
            % {"centre": case.job_centre.name}
        )
    current = getattr(case, "assessment", None) if case is not None else None
    editable = current is not None and case.stage != Stage.EXITED and can_act_on_case(user, case)  # type: ignore[union-attr]
    health = case is not None and can_see_health(user, case)
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

    current = assessment_for_display(
        user=user,
        participant=participant,
        case=case,
        with_health=health,
        audit_context=audit_context(request),
    )
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
