"""The person's week (R16): all activities and hours, clashes and hours below the plan, and the
printable copy for the person. It reads the plan's activities and the providers' sessions
(`plans.schedule`), so it is a plans page."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobbtorg.core.web import audit_context
from jobbtorg.participants.selectors import participant_get
from jobbtorg.plans.schedule import week_asked_for
from jobbtorg.plans.selectors import week_for_display
from jobbtorg.providers.permissions import can_view_week


def _week_start(request: HttpRequest) -> dt.date:
    monday, _ = week_asked_for(request.GET.get("vecka", ""), timezone.localdate())
    return monday


@login_required
@require_GET
def week(request: HttpRequest, participant_id: str) -> HttpResponse:
    """The person's week with all activities and hours, clashes and hours below the plan
    (R16); `utskrift=1` is the printable copy for the person, in Swedish or, with
    `lattlast=1`, in plain Swedish."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    if not can_view_week(user):
        raise PermissionDenied(_("The week's schedule is kept by the person's Jobbtorg."))
    monday = _week_start(request)
    case, schedule, by_ref = week_for_display(
        user=user,
        participant_id=participant.pk,
        monday=monday,
        audit_context=audit_context(request),
    )
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
            return render(request, "plans/week_print.html", context)
    return render(request, "plans/week.html", context)
