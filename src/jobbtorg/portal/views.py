"""The participant's own pages under /mina-sidor/ (ADR 0005). Every page reads the signed-in
person from `request.participant` (portal/middleware.py) and their data through the
`_visible_to_participant` selectors: another person's object by id is 404."""

import uuid

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.participants.models import Participant
from jobbtorg.participants.selectors.for_participant import people_to_sign_in_as_in_demo
from jobbtorg.participants.services.eid_sign_in import demo_participant_signed_in
from jobbtorg.plans.selectors import plan_versions_visible_to_participant
from jobbtorg.portal.case_messages import unread_answers_block
from jobbtorg.portal.middleware import sign_participant_in
from jobbtorg.portal.own_page import own_page_shown
from jobbtorg.portal.signed_in import participant_page
from jobbtorg.retention.selectors import has_a_case_kept


def _signed_in(request: HttpRequest) -> Participant | None:
    return getattr(request, "participant", None)


@require_GET
def own_page(request: HttpRequest) -> HttpResponse:
    person = _signed_in(request)
    if person is None:
        return render(request, "portal/signed_out.html", {"demo_mode": settings.DEMO_MODE})
    page = own_page_shown(person=person, audit_context=AuditContext.for_participant(request))
    page |= unread_answers_block(person)
    return render(request, "portal/own_page.html", page)


@require_GET
@participant_page
def plan_version(request: HttpRequest, person: Participant, plan_id: uuid.UUID) -> HttpResponse:
    """One of the person's approved plan versions; any other id is 404."""
    plan = (
        plan_versions_visible_to_participant(person)
        .select_related("referral__job_centre")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    with transaction.atomic():
        audit.participant_and_plans_viewed(AuditContext.for_participant(request), person, [plan])
    activities = plan.activities.select_related("activity_type", "provider")
    return render(
        request,
        "portal/plan_version.html",
        {"participant": person, "plan": plan, "activities": activities},
    )


@require_http_methods(["GET", "POST"])
def demo_sign_in(request: HttpRequest) -> HttpResponse:
    """Demo mode only: sign in as one of the demo's people, without e-ID. Otherwise 404."""
    if not settings.DEMO_MODE:
        raise Http404
    people = people_to_sign_in_as_in_demo(timezone.localdate())
    error = ""
    if request.method == "POST":
        person = people.filter(pk=_uuid_or_none(request.POST.get("participant"))).first()
        if person is not None and has_a_case_kept(person):
            request.session.flush()
            demo_participant_signed_in(
                participant=person, audit_context=AuditContext.for_participant(request)
            )
            sign_participant_in(request, person)
            return redirect("portal:own_page")
        error = _("Choose one of the people in the list.")
    return render(
        request,
        "portal/demo_sign_in.html",
        {"people": people, "error": error},
        status=400 if error else 200,
    )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None
