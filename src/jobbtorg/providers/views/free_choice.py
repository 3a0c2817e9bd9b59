"""The coach's free-choice page (LOV): from the person's case, the approved providers of an
activity type in the choice system with neutral facts, a radio per provider and one for "no
choice: use the default rule". The route takes only `participant_id` (the audit walk finds it);
the activity type comes with ?aktivitet=<code>. Every view is logged as a view of the person."""

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

from jobbtorg.core.web import audit_context, call_service
from jobbtorg.participants.models import Participant, Stage
from jobbtorg.participants.selectors import open_case_of, participant_for_display, participant_get
from jobbtorg.providers.forms import FreeChoiceForm
from jobbtorg.providers.models import ChoiceKind, Offering, PaymentLevel
from jobbtorg.providers.permissions import can_record_choice
from jobbtorg.providers.services.free_choice import (
    choice_system_types,
    provider_choose,
    provider_facts,
)


def _render(
    request: HttpRequest, participant: Participant, context: dict[str, Any]
) -> HttpResponse:
    participant = participant_for_display(
        user=request.user, participant_id=participant.pk, audit_context=audit_context(request)
    )
    return render(request, "providers/free_choice.html", {"participant": participant, **context})


@login_required
@require_http_methods(["GET", "POST"])
def free_choice(request: HttpRequest, participant_id: str) -> HttpResponse:
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    case = open_case_of(user, participant)
    if not can_record_choice(user, case):
        raise PermissionDenied(
            _("The choice of provider is recorded by staff at the person's Jobbtorg.")
        )
    types = choice_system_types()
    context: dict[str, Any] = {"case": case, "types": types}
    if case is None or case.stage != Stage.ENROLLED:
        context["unavailable"] = _(
            "Only a person who is enrolled at the Jobbtorg can choose a provider."
        )
        return _render(request, participant, context)
    code = request.GET.get("aktivitet") or (types[0].code if len(types) == 1 else "")
    activity_type = next((t for t in types if t.code == code), None)
    context["activity_type"] = activity_type
    if activity_type is None:
        if code:
            context["type_error"] = _("That activity type is not run in the choice system.")
        return _render(request, participant, context)
    today = timezone.localdate()
    initial = {
        "planned_start": today,
        "planned_end": today + dt.timedelta(days=(activity_type.max_length_days or 90) - 1),
        "level": PaymentLevel.B,
    }
    form = FreeChoiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        offering = None
        if data["offering"] != FreeChoiceForm.DEFAULT:
            offering = (
                Offering.objects.filter(pk=data["offering"]).first()
                if data["offering"].isdigit()
                else None
            )
            if offering is None:
                form.add_error("offering", _("Choose one of the providers shown."))
        if not form.errors:
            participation = call_service(
                form,
                provider_choose,
                ctx=audit_context(request),
                referral=case,
                activity_type=activity_type,
                offering=offering,
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                level=data["level"],
            )
            if participation is not None:
                how = (
                    _("chosen by the participant")
                    if participation.choice == ChoiceKind.CHOSEN
                    else _("the default rule, as no choice was made")
                )
                messages.success(
                    request,
                    _("%(provider)s: %(how)s.")
                    % {"provider": participation.offering.provider.name, "how": how},
                )
                return redirect(
                    reverse("web:participant", args=[participant.pk]) + "#choices-title"
                )
    start, end = initial["planned_start"], initial["planned_end"]
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["planned_start"], form.cleaned_data["planned_end"]
    if end < start:
        end = start
    context.update(
        {
            "form": form,
            "providers": provider_facts(
                activity_type,
                start,
                end,
                seed=f"{participant.pk}:{activity_type.code}",
                today=today,
            ),
            "selected": form["offering"].value() or "",
            "default_value": FreeChoiceForm.DEFAULT,
        }
    )
    return _render(request, participant, context)
