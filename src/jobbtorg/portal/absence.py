"""The person reports their own absence (ADR 0005, point 8): "I am sick today", for today and
the coming days. The days, the reasons and the limits are the service's
(providers/services/absence_reports.py); its refusals are shown on their fields, nothing is
saved, and every write and read is audited on the channel `participant`."""

import datetime as dt
from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.web import call_service
from jobbtorg.participants.models import Participant
from jobbtorg.portal.signed_in import participant_page
from jobbtorg.providers.selectors.participations import attendance_visible_to_participant
from jobbtorg.providers.services.absence_reports import (
    REPORT_DAYS_AHEAD,
    absence_report_by_participant,
    participant_reason_choices,
)

# The last report's registers, for the answer page after the redirect (this session only).
REPORT_SESSION_KEY = "portal_absence_report"


class AbsenceReportForm(forms.Form):
    """The fields carry what was chosen to the service, which checks it in its own words."""

    reason = forms.CharField(
        label=gettext_lazy("Why are you away?"), required=False, widget=forms.RadioSelect
    )
    first_day = forms.CharField(
        label=gettext_lazy("First day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    last_day = forms.CharField(
        label=gettext_lazy("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, initial={"first_day": today.isoformat()}, **kwargs)
        latest = today + dt.timedelta(days=REPORT_DAYS_AHEAD)
        # Read in the page's language on each request, not at import.
        self.fields["reason"].widget.choices = participant_reason_choices()
        for name in ("first_day", "last_day"):
            self.fields[name].widget.attrs.update(min=today.isoformat(), max=latest.isoformat())
        self.fields["first_day"].help_text = _("From today, or a later day.")
        self.fields["last_day"].help_text = _(
            "Leave it empty if you are away only one day. You can report until %(day)s."
        ) % {"day": formats.date_format(latest)}


@require_http_methods(["GET", "POST"])
@participant_page
def report_absence(request: HttpRequest, person: Participant) -> HttpResponse:
    today = timezone.localdate()
    form = AbsenceReportForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        report = call_service(
            form,
            absence_report_by_participant,
            participant=person,
            reason=form.cleaned_data["reason"],
            first_day=form.cleaned_data["first_day"],
            last_day=form.cleaned_data["last_day"],
            audit_context=AuditContext.for_participant(request),
        )
        if report is not None:
            request.session[REPORT_SESSION_KEY] = {
                "written": [str(day.register.pk) for day in report.written],
                "already_registered": [str(day.register.pk) for day in report.already_registered],
            }
            return redirect("portal:absence_reported")
    return render(request, "portal/absence/report.html", {"form": form})


@require_GET
@participant_page
def absence_reported(request: HttpRequest, person: Participant) -> HttpResponse:
    """The answer to the person's last report: the days reported, and the days that were
    registered already, each with its activity (a read of the person's attendance)."""
    last = request.session.get(REPORT_SESSION_KEY)
    if not last:
        return redirect("portal:report_absence")
    registers = {
        str(register.pk): register
        for register in attendance_visible_to_participant(person)
        .filter(pk__in=[*last["written"], *last["already_registered"]])
        .select_related(
            "participation__referral__participant",
            "participation__offering__activity_type",
            "participation__offering__provider",
        )
        .order_by("day", "participation__offering__starts_at")
    }
    written = [r for key, r in registers.items() if key in last["written"]]
    already = [r for key, r in registers.items() if key in last["already_registered"]]
    with transaction.atomic():
        shown = {r.participation_id: r.participation for r in registers.values()}
        audit.attendance_viewed(AuditContext.for_participant(request), list(shown.values()))
    return render(
        request,
        "portal/absence/reported.html",
        {"written": written, "already_registered": already},
    )
