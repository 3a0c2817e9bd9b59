"""The provider portal's attendance page ("Närvaro", R15): one day's list per offering with daily
attendance, saved all or nothing, and the registers still missing. Thin: the service in
`services/attendance.py` decides and writes; every list shown is logged by its selector."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.web import audit_context
from jobbtorg.providers.models import AbsenceReason, AttendanceStatus
from jobbtorg.providers.permissions import can_use_attendance_lists
from jobbtorg.providers.selectors.attendance import (
    Attendance,
    attendance_for_provider,
    attendance_shown,
    missing_registers,
    reported_absences,
)
from jobbtorg.providers.services.attendance import Entry, attendance_register_day


def _day_url(day: dt.date) -> str:
    return f"{reverse('providers:attendance')}?dag={day.isoformat()}"


def _require_provider_staff(user: Any) -> None:
    if not can_use_attendance_lists(user):
        raise PermissionDenied(
            _(
                "The attendance lists are for the provider's staff. The person's coach sees "
                "missing registers on Min dag."
            )
        )


def _parse_day(value: str | None, today: dt.date) -> tuple[dt.date, str]:
    if not value:
        return today, ""
    try:
        return dt.date.fromisoformat(value), ""
    except ValueError:
        return today, _("“%(value)s” is not a date: give it as YYYY-MM-DD. Showing today.") % {
            "value": value
        }


def _typed(request: HttpRequest, items: dict[str, Attendance]) -> dict[str, tuple[str, str]]:
    """What was chosen per row; a row of someone not on the provider's lists is a 404."""
    typed: dict[str, tuple[str, str]] = {}
    for key in request.POST:
        if not key.startswith("status-"):
            continue
        pk = key.removeprefix("status-")
        if pk not in items:
            raise Http404
        status = request.POST.get(key, "").strip()
        reason = request.POST.get(f"reason-{pk}", "").strip()
        if status or reason:
            typed[pk] = (status, reason)
    return typed


def _row_errors(error: ValidationFailed) -> tuple[dict[str, list[str]], list[str]]:
    rows: dict[str, list[str]] = defaultdict(list)
    general: list[str] = []
    for key, found in error.errors.items():
        pk, _sep, _field = key.partition(".")
        if pk in {"__all__", "day"}:
            general.extend(found)
        else:
            rows[pk].extend(found)
    return dict(rows), general


@login_required
@require_http_methods(["GET", "POST"])
def attendance_day(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_provider_staff(user)
    today = timezone.localdate()
    day, day_problem = _parse_day(request.GET.get("dag"), today)
    items = attendance_for_provider(user, today)
    by_pk = {str(item.participation.pk): item for item in items}
    typed: dict[str, tuple[str, str]] = {}
    row_errors: dict[str, list[str]] = {}
    general_errors: list[str] = [day_problem] if day_problem else []
    if request.method == "POST":
        typed = _typed(request, by_pk)
        if not typed:
            general_errors.append(_("Nothing was chosen: choose the attendance of each person."))
        else:
            entries = [
                Entry(by_pk[pk].participation, status, reason)
                for pk, (status, reason) in typed.items()
            ]
            try:
                saved = attendance_register_day(
                    audit_context(request), entries, day=day, today=today
                )
            except ValidationFailed as error:
                row_errors, more = _row_errors(error)
                general_errors.extend(more)
            except NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            else:
                messages.success(
                    request,
                    _("Attendance for %(day)s is saved (%(n)s people).")
                    % {"day": day.isoformat(), "n": len(saved)},
                )
                return redirect(_day_url(day))
    future = day > today
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    # What the people reported themselves for today and the coming days, shown at once.
    reported = reported_absences(items, today)
    for item in items:
        if future or not item.is_expected(day):
            continue
        pk = str(item.participation.pk)
        register = item.registers.get(day)
        status, reason = typed.get(pk) or (
            (register.status, register.reason) if register else ("", "")
        )
        groups[item.participation.offering].append(
            {
                "pk": pk,
                "item": item,
                "person": item.participation.referral.participant,
                "status": status,
                "reason": reason,
                "registered": register,
                "errors": row_errors.get(pk, []),
            }
        )
    shown_rows = {row["pk"] for rows in groups.values() for row in rows}
    for pk, found in row_errors.items():
        if pk not in shown_rows:  # a row not on this day's list (a future or unexpected day)
            name = by_pk[pk].participation.referral.participant.full_name
            general_errors.extend(f"{name}: {message}" for message in found)
    missing = missing_registers(items)
    missing_days = sorted({d for item in missing for d in item.missing if d != day}, reverse=True)
    shown = {row["item"].participation for rows in groups.values() for row in rows}
    shown |= {item.participation for item in missing}
    shown |= {row.participation for row in reported}
    attendance_shown(audit_context(request), shown)
    return render(
        request,
        "providers/attendance.html",
        {
            "day": day,
            "today": today,
            "future": future,
            "groups": [{"offering": o, "rows": rows} for o, rows in groups.items()],
            "missing": missing,
            "missing_days": missing_days,
            "absences_reported": reported,
            "general_errors": general_errors,
            "row_error_count": sum(len(found) for found in row_errors.values()),
            "statuses": AttendanceStatus.choices,
            "reasons": AbsenceReason.choices,
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1) if day < today else None,
        },
    )
