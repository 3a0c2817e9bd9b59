"""The offerings a Jobbtorg has made, with places taken and the waiting list, and who is placed
in one (R2, R22)."""

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobbtorg.core.web import audit_context
from jobbtorg.providers.models import Offering
from jobbtorg.providers.permissions import can_view_offerings, is_provider_staff
from jobbtorg.providers.selectors.participations import (
    offering_get,
    offering_participants_shown,
    offerings_visible_to,
    with_places,
)
from jobbtorg.providers.selectors.pauses import with_pauses
from jobbtorg.providers.services.participations import places_taken


def weekdays_label(offering: Offering) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    days = ", ".join(names[d] for d in sorted(set(offering.weekdays)) if 0 <= d <= 6)
    return f"{days} {offering.starts_at:%H:%M}–{offering.ends_at:%H:%M}"


def offering_rows(offerings: Any, today: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "offering": offering,
            "schedule": weekdays_label(offering),
            "free": max(offering.capacity - offering.taken, 0),
            "waiting": offering.waiting,
        }
        for offering in with_places(offerings, today)
    ]


def _require_job_centre_staff(request: HttpRequest) -> None:
    if not can_view_offerings(request.user):
        raise PermissionDenied(
            _("Staff at a Jobbtorg see its offerings; a provider's staff see the provider's.")
        )


@login_required
@require_GET
def offerings(request: HttpRequest) -> HttpResponse:
    """The offerings made at the user's Jobbtorg, with places taken and the waiting list."""
    _require_job_centre_staff(request)
    rows = offering_rows(offerings_visible_to(request.user), timezone.localdate())
    return render(
        request,
        "providers/offerings.html",
        {"rows": rows, "provider": is_provider_staff(request.user)},
    )


@login_required
@require_GET
def offering_detail(request: HttpRequest, offering_id: int) -> HttpResponse:
    """Who is placed in an offering made at the user's Jobbtorg, also people served by another
    Jobbtorg (R2, R22): only their activity here."""
    _require_job_centre_staff(request)
    offering = offering_get(request.user, offering_id)
    today = timezone.localdate()
    # People served by another Jobbtorg are hosted here: their pause without a health reason.
    participations = with_pauses(
        offering_participants_shown(audit_context(request), offering), today, own_case=False
    )
    return render(
        request,
        "providers/offering_detail.html",
        {
            "offering": offering,
            "schedule": weekdays_label(offering),
            "participations": participations,
            "taken": places_taken(offering, today, today),
            "attendance_url": reverse("providers:attendance_week", args=[offering.pk])
            if is_provider_staff(request.user) and offering.activity_type.daily_attendance
            else None,
        },
    )
