"""The person's matching profile under /deltagare/<participant_id>/matchningsprofil/: kept by
the coach, with the best vacancies for the person. The selector logs the read."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_service
from jobbtorg.matching.education import education_level_name
from jobbtorg.matching.forms import (
    ProfileForm,
    profile_initial,
    with_added,
    with_lookups_joined,
)
from jobbtorg.matching.index_store import IndexNotReady, city_index
from jobbtorg.matching.permissions import can_edit_matching_profile, can_propose_candidates
from jobbtorg.matching.selectors.profiles import matching_profile_shown, profile_of, snapshot
from jobbtorg.matching.selectors.vacancies import vacancies_visible_to
from jobbtorg.matching.services.profiles import profile_update
from jobbtorg.matching.views.proposals import propose, require_matching_staff
from jobbtorg.participants.selectors import cases_of, one_in_scope, participant_get

VACANCIES_FOR_PERSON = 10


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, participant_id: str) -> HttpResponse:
    """The person's matching profile, kept by the coach, and the best vacancies for them."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    require_matching_staff(user)
    case = cases_of(user, participant).first()
    if case is None:
        matching_profile_shown(audit_context(request), participant, None, VACANCIES_FOR_PERSON)
        return render(request, "matching/profile.html", {"participant": participant, "case": None})
    current = profile_of(case)
    may_edit = can_edit_matching_profile(user, case)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = ProfileForm(
        with_lookups_joined(ProfileForm, request.POST) if action == "save" else None,
        initial=profile_initial(snapshot(current), current.version),
    )
    if request.method == "POST":
        if action.startswith("add:"):
            if not may_edit:
                raise PermissionDenied(_("The person's coach keeps the matching profile."))
            # A name from a look-up joins its list; nothing is saved until "Save".
            form = with_added(ProfileForm, request.POST, action.removeprefix("add:"))
        elif action == "save":
            if not may_edit:
                raise PermissionDenied(_("The person's coach keeps the matching profile."))
            if form.is_valid():
                saved = call_service(
                    form,
                    profile_update,
                    ctx=audit_context(request),
                    referral=case,
                    based_on_version=form.cleaned_data["version"],
                    values=form.values(),
                )
                if saved is not None:
                    messages.success(request, _("The matching profile is saved."))
                    return redirect(request.path)
        elif action == "propose":
            vacancy = one_in_scope(vacancies_visible_to(user), request.POST.get("vacancy", ""))
            match: Any = None
            if current.pk is not None:
                try:
                    match = city_index().score(str(case.pk), str(vacancy.pk))
                except (KeyError, IndexNotReady):
                    match = None
            propose(request, vacancy, case, match)
            return redirect(request.path)
        else:
            raise PermissionDenied
    shown = matching_profile_shown(audit_context(request), participant, case, VACANCIES_FOR_PERSON)
    return render(
        request,
        "matching/profile.html",
        {
            "participant": participant,
            "case": case,
            "profile": current if current.pk else None,
            "snapshot": shown["snapshot"],
            "education_level_name": education_level_name(current.education_level),
            "form": form if may_edit else None,
            "best": shown["best"],
            "preparing": shown["preparing"],
            "may_propose": can_propose_candidates(user),
            "proposals": shown["proposals"],
        },
    )
