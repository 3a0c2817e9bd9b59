"""The provider's attendance by the week (R15): one page per activity (offering) with the
people as rows and the week's days as columns, everyone present unless stated otherwise, saved
all or nothing through the attendance service; and the provider's "Närvaro" page: their
activities with daily attendance and the missing registers per activity and week.

Thin: `services/attendance.py` decides and writes; the lists shown are logged by the selector.
The one-day page (`attendance.py`, "?dag=") stays as it was."""

import datetime as dt
import re
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
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.web import audit_context
from jobbtorg.engines.rules.deadlines import is_working_day
from jobbtorg.providers.forms import attendance_choices, status_and_reason
from jobbtorg.providers.models import AttendanceStatus, Offering
from jobbtorg.providers.selectors.attendance import (
    Attendance,
    attendance_backlog,
    attendance_for_offering,
    attendance_for_provider,
    attendance_shown,
    missing_registers,
    monday_of,
)
from jobbtorg.providers.selectors.participations import offering_get, offerings_visible_to
from jobbtorg.providers.selectors.pauses import with_pauses
from jobbtorg.providers.services.attendance import DayEntry, attendance_register_days
from jobbtorg.providers.views.attendance import _require_provider_staff
from jobbtorg.providers.views.offerings import weekdays_label

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
PRESENT = AttendanceStatus.PRESENT.value


def week_param(monday: dt.date) -> str:
    year, number, _weekday = monday.isocalendar()
    return f"{year}-W{number:02d}"


def _parse_week(value: str | None, today: dt.date) -> tuple[dt.date, str]:
    """The Monday of the week asked for (ISO 8601, "2026-W49"); this week, with a message,
    when the address gives no such week."""
    this_week = monday_of(today)
    if not value:
        return this_week, ""
    match = _WEEK.match(value.strip())
    if match:
        try:
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1), ""
        except ValueError:
            pass
    return this_week, _("“%(value)s” is not a week: give it as YYYY-Wnn. Showing this week.") % {
        "value": value
    }


def _value_of(status: str, reason: str) -> str:
    return f"{status}:{reason}" if status == AttendanceStatus.ABSENT_VALID and reason else status


def _cell_name(pk: Any, day: dt.date) -> str:
    return f"cell-{pk}_{day.isoformat()}"


def _week_url(offering: Offering, monday: dt.date) -> str:
    url = reverse("providers:attendance_week", args=[offering.pk])
    return f"{url}?vecka={week_param(monday)}"


def _typed(
    request: HttpRequest, items: dict[str, Attendance], days: list[dt.date]
) -> tuple[dict[tuple[str, dt.date], str], list[str]]:
    """What was chosen per cell; a cell of someone not on this list is a 404."""
    typed: dict[tuple[str, dt.date], str] = {}
    problems: list[str] = []
    for key in request.POST:
        if not key.startswith("cell-"):
            continue
        pk, _sep, day_text = key.removeprefix("cell-").partition("_")
        if pk not in items:
            raise Http404
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            problems.append(_("“%(value)s” is not a date.") % {"value": day_text})
            continue
        if day not in days:
            name = items[pk].participation.referral.participant.full_name
            problems.append(
                _("%(name)s, %(day)s: the day is not in this week.")
                % {"name": name, "day": day.isoformat()}
            )
            continue
        typed[(pk, day)] = request.POST.get(key, "").strip()
    return typed, problems


def _cell_errors(error: ValidationFailed) -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    general: list[str] = []
    for key, found in error.errors.items():
        pk, _sep, rest = key.partition(".")
        day, _sep, _field = rest.partition(".")
        if pk in {"__all__", "day"} or not day:
            general.extend(found)
        else:
            cells[(pk, day)].extend(m for m in found if m not in cells[(pk, day)])
    return dict(cells), general


def _in_week(item: Attendance, monday: dt.date) -> bool:
    facts = item.facts
    return (
        facts is not None and facts.start <= monday + dt.timedelta(days=6) and monday <= facts.end
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_week(request: HttpRequest, offering_id: int) -> HttpResponse:
    user = request.user
    _require_provider_staff(user)
    offering = offering_get(user, offering_id)
    if not offering.activity_type.daily_attendance:
        raise Http404
    today = timezone.localdate()
    monday, week_problem = _parse_week(request.GET.get("vecka"), today)
    days = [
        monday + dt.timedelta(days=n) for n in range(7) if n in {int(d) for d in offering.weekdays}
    ]
    items = [
        item for item in attendance_for_offering(user, offering.pk, today) if _in_week(item, monday)
    ]
    with_pauses([item.participation for item in items], today, own_case=False)
    by_pk = {str(item.participation.pk): item for item in items}
    typed: dict[tuple[str, dt.date], str] = {}
    cell_errors: dict[tuple[str, str], list[str]] = {}
    general_errors: list[str] = [week_problem] if week_problem else []
    if request.method == "POST":
        typed, problems = _typed(request, by_pk, days)
        general_errors.extend(problems)
        entries = []
        for (pk, day), value in typed.items():
            if not value:
                continue  # "not registered yet": left missing, never read as an absence
            status, reason = status_and_reason(value)
            entries.append(DayEntry(by_pk[pk].participation, day, status, reason))
        if not problems and not entries:
            general_errors.append(_("Nothing was chosen: choose the attendance of each person."))
        elif not problems:
            try:
                attendance_register_days(audit_context(request), entries, today=today)
            except ValidationFailed as error:
                cell_errors, more = _cell_errors(error)
                general_errors.extend(more)
            except NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            else:
                messages.success(
                    request,
                    _("The attendance of week %(week)s is saved.")
                    % {"week": monday.isocalendar()[1]},
                )
                return redirect(_week_url(offering, monday))
    rows = []
    for item in items:
        pk = str(item.participation.pk)
        cells = []
        for day in days:
            register = item.registers.get(day)
            key = (pk, day.isoformat())
            cell: dict[str, Any] = {
                "day": day,
                "name": _cell_name(pk, day),
                "id": _cell_name(pk, day),
                "register": register,
                "errors": cell_errors.get(key, []),
            }
            if day > today:
                cell["state"] = "future"
            elif item.is_expected(day):
                cell["state"] = "open"
                cell["value"] = typed.get((pk, day)) or (
                    _value_of(register.status, register.reason) if register else PRESENT
                )
            elif item.facts and not (item.facts.start <= day <= item.facts.end):
                cell["state"] = "outside"
            elif not is_working_day(day):
                cell["state"] = "holiday"
            else:
                cell["state"] = "paused"
            cells.append(cell)
        rows.append(
            {
                "pk": pk,
                "participation": item.participation,
                "person": item.participation.referral.participant,
                "cells": cells,
            }
        )
    attendance_shown(audit_context(request), [item.participation for item in items])
    error_list = [
        {
            "href": f"#{cell['id']}",
            "text": f"{row['person'].full_name}, {cell['day']:%Y-%m-%d}: {m}",
        }
        for row in rows
        for cell in row["cells"]
        for m in cell["errors"]
    ]
    shown = {(row["pk"], cell["day"].isoformat()) for row in rows for cell in row["cells"]}
    for (pk, day_text), found in cell_errors.items():
        if (pk, day_text) not in shown:
            name = by_pk[pk].participation.referral.participant.full_name
            general_errors.extend(f"{name}, {day_text}: {message}" for message in found)
    next_monday = monday + dt.timedelta(days=7)
    return render(
        request,
        "providers/attendance_week.html",
        {
            "offering": offering,
            "schedule": weekdays_label(offering),
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "week_number": monday.isocalendar()[1],
            "days": [{"day": day, "holiday": not is_working_day(day)} for day in days],
            "rows": rows,
            "open_cells": any(c["state"] == "open" for row in rows for c in row["cells"]),
            "choices": attendance_choices(),
            "general_errors": general_errors,
            "error_list": error_list,
            "form_url": _week_url(offering, monday),
            "previous_url": _week_url(offering, monday - dt.timedelta(days=7)),
            "next_url": _week_url(offering, next_monday) if next_monday <= today else None,
            "this_week_url": _week_url(offering, monday_of(today))
            if monday != monday_of(today)
            else None,
        },
    )


@login_required
@require_GET
def attendance_weeks(request: HttpRequest) -> HttpResponse:
    """The provider's "Närvaro": their activities with daily attendance, each with this week's
    list, and the missing registers per activity and week."""
    user = request.user
    _require_provider_staff(user)
    today = timezone.localdate()
    missing = missing_registers(attendance_for_provider(user, today))
    attendance_shown(audit_context(request), [item.participation for item in missing])
    offerings = offerings_visible_to(user).filter(
        activity_type__daily_attendance=True, is_active=True
    )
    return render(
        request,
        "providers/attendance_weeks.html",
        {
            "offerings": [
                {
                    "offering": offering,
                    "schedule": weekdays_label(offering),
                    "url": _week_url(offering, monday_of(today)),
                }
                for offering in offerings.order_by("activity_type__name_sv", "location__name")
            ],
            "backlog": attendance_backlog(missing),
            "week": week_param(monday_of(today)),
        },
    )
