"""Mina uppgifter as a PDF, in the language the portal is in for the request (Swedish, plain
Swedish, English or Arabic): the same content as the page (portal/my_data.py), in the page's
words (the same msgids, so the same translations), as text lines drawn by core/text_pdf.py
(right-aligned for a right-to-left language)."""

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from jobbtorg.core.text_pdf import Line, text_pdf_bytes


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _month(value: dt.date) -> str:
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username()) if user is not None else "–"


def _fact(label: str, value: Any) -> Line:
    return ("p", f"{label}: {value or '–'}")


def _personal(shown: dict[str, Any]) -> list[Line]:
    person = shown["participant"]
    lines: list[Line] = [
        ("h2", _("About you")),
        _fact(_("Name"), person.full_name),
        _fact(_("Personal identity number"), person.personal_identity_number),
        _fact(_("Phone"), person.phone),
        _fact(_("E-mail"), person.email),
        _fact(_("Address"), person.address),
    ]
    if person.interpreter_language:
        lines.append(_fact(_("Interpreter language"), person.interpreter_language))
    return lines


def _cases(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", _("Your cases"))]
    for case in shown["cases"]:
        sent = _("Sent to Jobbtorg by %(district)s on %(day)s.") % {
            "district": case.district.name,
            "day": _day(case.referred_at),
        }
        stage = _("Stage: %(stage)s.") % {"stage": case.get_stage_display()}
        coach = (
            _("Your coach: %(coach)s.") % {"coach": _name(case.coach)}
            if case.coach
            else _("You have no coach yet.")
        )
        lines += [("p", f"{case.job_centre.name}. {sent}"), ("p", f"  {stage} {coach}")]
    if not shown["cases"]:
        lines.append(("p", _("You have no cases at Jobbtorg.")))
    return lines


def _consents(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", _("Your consent"))]
    for case in shown["cases"]:
        if case.consent_given:
            text = _("On %(day)s you said yes to your data being passed on to %(jobbtorg)s.") % {
                "day": _day(case.referred_at),
                "jobbtorg": case.job_centre.name,
            }
        elif case.legal_basis.strip():
            text = _(
                "Your data was passed on to %(jobbtorg)s because the law allows it: %(basis)s"
            ) % {"jobbtorg": case.job_centre.name, "basis": case.legal_basis.strip()}
        else:
            text = _("No consent is recorded for your case at %(jobbtorg)s.") % {
                "jobbtorg": case.job_centre.name
            }
        lines.append(("p", text))
    for consent in shown["sharing_consents"]:
        if consent.withdrawn_at:
            text = _(
                "%(unit)s could see this: %(what)s. The consent was taken back on %(day)s."
            ) % {
                "unit": consent.unit.name,
                "what": consent.get_shared_part_display(),
                "day": _day(consent.withdrawn_at),
            }
        else:
            text = _("Since %(day)s, %(unit)s may see this: %(what)s.") % {
                "day": _day(consent.created_at),
                "unit": consent.unit.name,
                "what": consent.get_shared_part_display(),
            }
        lines.append(("p", text))
    for request in shown["withdrawal_requests"]:
        if request.handled_at:
            text = _(
                "On %(day)s you asked to take back your consent. "
                "Your coach handled it on %(handled)s."
            ) % {"day": _day(request.created_at), "handled": _day(request.handled_at)}
        else:
            text = _(
                "On %(day)s you asked to take back your consent. Your coach will contact you."
            ) % {"day": _day(request.created_at)}
        lines.append(("p", text))
    return lines


def _assessment_and_health(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", _("What you told your coach"))]
    for facts in shown["assessments"]:
        if facts["education_level"]:
            education = ", ".join(
                str(part) for part in (facts["education_level"], facts["education_field"]) if part
            )
            lines.append(_fact(_("Education"), education))
        for label, key in (
            (_("Languages"), "languages"),
            (_("Swedish"), "swedish_level"),
            (_("SFI test"), "sfi_test_result"),
            (_("Driving licence"), "driving_licence"),
        ):
            if facts[key]:
                lines.append(_fact(label, facts[key]))
        if facts["has_notes"]:
            lines.append(
                ("p", _("There are notes from your talks with your coach. Ask your coach."))
            )
    if shown["has_health_entries"]:
        lines.append(("p", _("There are notes about your health. Ask your coach.")))
    if len(lines) == 1:
        lines.append(("p", _("Nothing is recorded yet.")))
    return lines


def _plans(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", _("Your plans"))]
    for plan in shown["plans"]:
        version = _("Plan version %(number)s, %(start)s to %(end)s") % {
            "number": plan.number,
            "start": _day(plan.start),
            "end": _day(plan.end),
        }
        approved = _("Approved on %(day)s.") % {"day": _day(plan.decided_at)}
        lines.append(("p", f"{version}. {approved}"))
        for activity in plan.activities.all():
            parts = [
                str(activity.activity_type.name),
                _("With: %(provider)s") % {"provider": activity.provider_label},
                _("From %(start)s to %(end)s")
                % {"start": _day(activity.start), "end": _day(activity.end)},
                _("%(hours)s hours a week")
                % {"hours": formats.number_format(activity.hours_per_week, decimal_pos=1)},
                _("Goal: %(goal)s") % {"goal": activity.goal},
            ]
            lines.append(("p", "  " + ". ".join(parts)))
    if not shown["plans"]:
        lines.append(("p", _("You have no approved plan.")))
    return lines


def _places_and_attendance(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", _("The activities you take part in"))]
    for place in shown["places"]:
        offering = place.offering
        planned = _("%(status)s. Planned from %(start)s to %(end)s.") % {
            "status": place.get_status_display(),
            "start": _day(place.planned_start),
            "end": _day(place.planned_end),
        }
        lines.append(
            (
                "p",
                f"{offering.activity_type.name}, {offering.provider.name}, "
                f"{offering.location.name}. {planned}",
            )
        )
    if not shown["places"]:
        lines.append(("p", _("You have no activities.")))
    lines.append(("h2", _("Your attendance")))
    for month in shown["attendance_months"]:
        counts = _(
            "Days present: %(present)s. Days away with a valid reason: %(valid)s. "
            "Days away without a valid reason: %(invalid)s."
        ) % {
            "present": month.present,
            "valid": month.absent_valid,
            "invalid": month.absent_invalid,
        }
        lines.append(("p", f"{_month(month.month)}: {counts}"))
        for register in month.days_away:
            day = {"day": _day(register.day), "status": register.get_status_display()}
            if register.reason:
                text = _("%(day)s: %(status)s. Reason: %(reason)s.") % {
                    **day,
                    "reason": register.get_reason_display(),
                }
            else:
                text = _("%(day)s: %(status)s.") % day
            lines.append(("p", f"  {text}"))
    if not shown["attendance_months"]:
        lines.append(("p", _("No attendance is registered.")))
    return lines


def _interruptions_and_exits(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", _("Pauses"))]
    for pause in shown["interruptions"]:
        values = {"reason": pause.get_reason_display(), "start": _day(pause.start)}
        if pause.end:
            text = _("%(reason)s: a pause from %(start)s to %(end)s.") % {
                **values,
                "end": _day(pause.end),
            }
        elif pause.expected_end:
            text = _("%(reason)s: a pause from %(start)s. It is expected to end on %(end)s.") % {
                **values,
                "end": _day(pause.expected_end),
            }
        else:
            text = _("%(reason)s: a pause from %(start)s.") % values
        lines.append(("p", text))
    if not shown["interruptions"]:
        lines.append(("p", _("You have had no pauses.")))
    lines.append(("h2", _("When your time at Jobbtorg ended")))
    for exit_ in shown["exits"]:
        text = _("%(day)s: %(reason)s.") % {
            "day": _day(exit_.date),
            "reason": exit_.get_reason_display(),
        }
        if exit_.employer:
            text += " " + _("Employer: %(employer)s.") % {"employer": exit_.employer}
        lines.append(("p", text))
    if not shown["exits"]:
        lines.append(("p", _("Your time at Jobbtorg has not ended.")))
    return lines


def _messages(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", _("Your messages"))]
    for thread in shown["threads"]:
        lines.append(("p", _("Subject: %(subject)s") % {"subject": thread.subject}))
        for message in thread.messages.all():
            time = {"time": _day(message.created_at)}
            who = (
                _("You wrote on %(time)s:") % time
                if message.author == "participant"
                else _("Jobbtorg wrote on %(time)s:") % time
            )
            lines.append(("p", f"  {who} {message.body}"))
    if not shown["threads"]:
        lines.append(("p", _("You have no messages.")))
    return lines


def _reads(shown: dict[str, Any]) -> list[Line]:
    reads = shown["reads"]
    # The PDF has the first page of the list only: the heading says so when there are more.
    heading = (
        _("Who has read your data (the latest)")
        if reads.has_next()
        else _("Who has read your data")
    )
    lines: list[Line] = [
        ("h2", heading),
        (
            "p",
            _(
                "Every time someone reads or changes your data, it is logged. Here you see "
                "when, which unit and which role. You do not see the names of the staff."
            ),
        ),
    ]
    for read in reads.object_list:
        if read.by_the_person:
            who = _("You")
        elif read.unit:
            who = _("%(role)s at %(unit)s") % {"role": read.role, "unit": read.unit}
        else:
            who = read.role
        lines.append(("p", f"{_day(read.occurred_at)}, {who}: {read.what}"))
    return lines


def my_data_lines(shown: dict[str, Any], today: dt.date) -> list[Line]:
    """The PDF's lines in the active language (the portal's middleware activates the
    person's)."""
    lines: list[Line] = [
        ("h1", _("My data at Jobbtorg: %(name)s") % {"name": shown["participant"].full_name}),
        ("p", _("Made on %(day)s.") % {"day": _day(today)}),
    ]
    for part in (
        _personal,
        _cases,
        _consents,
        _assessment_and_health,
        _plans,
        _places_and_attendance,
        _interruptions_and_exits,
        _messages,
        _reads,
    ):
        lines += part(shown)
    return lines


def my_data_pdf_bytes(shown: dict[str, Any], today: dt.date) -> bytes:
    return text_pdf_bytes(
        my_data_lines(shown, today), title=_("My data"), right_to_left=get_language_bidi()
    )
