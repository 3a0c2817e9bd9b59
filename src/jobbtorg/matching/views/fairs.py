"""Recruitment fair pages (R21, R23): the fairs with their figures, a fair with the engine's
suggestions of whom to invite from every Jobbtorg, invitations, attendance and outcome."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.matching.forms import FairForm, InvitationForm, with_added, with_lookups_joined
from jobbtorg.matching.permissions import can_organise_fairs, can_record_fairs
from jobbtorg.matching.selectors.fairs import (
    fair_invitations_visible_to,
    fair_shown,
    fairs_visible_to,
)
from jobbtorg.matching.services.fairs import fair_create, fair_invite, invitation_update
from jobbtorg.participants.models import Referral
from jobbtorg.participants.selectors import referrals_held_by


def _uuid_or_none(text: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


def _require_staff(user: Any) -> None:
    if not can_record_fairs(user):
        raise PermissionDenied(_("Recruitment fairs are for staff at a Jobbtorg."))


@login_required
@require_http_methods(["GET", "POST"])
def fair_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_staff(user)
    may_organise = can_organise_fairs(user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    posted = with_lookups_joined(FairForm, request.POST) if request.method == "POST" else None
    form = FairForm(posted) if may_organise else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Matchers and managers organise recruitment fairs."))
        if action.startswith("add:"):
            # An occupation picked in the look-up joins the list; nothing is created yet.
            form = with_added(FairForm, request.POST, action.removeprefix("add:"))
        elif form.is_valid():
            # What the fair is; the look-up field is only a help for typing.
            fair_fields = {k: v for k, v in form.cleaned_data.items() if k != "find_occupation"}
            fair = call_service(form, fair_create, ctx=audit_context(request), **fair_fields)
            if fair is not None:
                messages.success(request, _("The fair is created. Invite people from its page."))
                return redirect("matching:fair", fair_id=fair.pk)
    return render(request, "matching/fairs.html", {"fairs": fairs_visible_to(user), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def fair_detail(request: HttpRequest, fair_id: int) -> HttpResponse:
    user = request.user
    _require_staff(user)
    fair = fairs_visible_to(user).filter(pk=fair_id).first()
    if fair is None:
        raise Http404
    ctx = audit_context(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            # A case of the user's own unit (not one only shared with it to read), or someone
            # the engine may suggest from every Jobbtorg (a matching profile): never an
            # arbitrary case by its id.
            referral = (
                Referral.objects.filter(
                    Q(pk__in=referrals_held_by(user).values("pk"))
                    | Q(matching_profile__isnull=False)
                )
                .filter(pk=_uuid_or_none(request.POST.get("referral")))
                .first()
            )
            if referral is None:
                raise Http404
            if call_for_button(request, fair_invite, ctx, fair, referral) is not None:
                messages.success(request, _("Invited."))
        elif action == "update":
            invitation = (
                fair_invitations_visible_to(user)
                .filter(fair=fair, pk=request.POST.get("invitation"))
                .first()
            )
            if invitation is None:
                raise Http404
            form = InvitationForm(request.POST, prefix=f"inv{invitation.pk}")
            if not form.is_valid():
                messages.error(request, _("Choose whether the person came and what came of it."))
            elif call_for_button(request, invitation_update, ctx, invitation, **form.cleaned_data):
                messages.success(request, _("Saved."))
        else:
            raise PermissionDenied
        return redirect(request.path)
    shown = fair_shown(ctx, fair)
    rows = [
        {
            "invitation": i,
            "form": InvitationForm(
                prefix=f"inv{i.pk}", initial={"status": i.status, "outcome": i.outcome}
            ),
        }
        for i in shown["invitations"]
    ]
    return render(
        request,
        "matching/fair.html",
        {
            "fair": fair,
            "rows": rows,
            "suggested": shown["suggested"],
            "preparing": shown["preparing"],
        },
    )
