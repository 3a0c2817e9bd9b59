"""Mina uppgifter as a PDF, in Swedish: the same content as the page (portal/my_data.py), as
text lines on A4 pages drawn with matplotlib's PdfPages, the library of the tertial report
(followup/services/report.py). Type 42 fonts keep the text as text (searchable, readable by a
screen reader's PDF tool)."""

import datetime as dt
import io
import textwrap
from typing import Any

from django.utils import formats, translation

# Characters of a line at the body's size, and lines of a page.
LINE_WIDTH = 92
LINES_PER_PAGE = 62

Line = tuple[str, str]  # (kind: "h1", "h2" or "p", text)


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


def _personal(shown: dict[str, Any]) -> list[Line]:
    person = shown["participant"]
    lines: list[Line] = [
        ("h2", "Personuppgifter"),
        ("p", f"Namn: {person.full_name}"),
        ("p", f"Personnummer: {person.personal_identity_number}"),
        ("p", f"Telefon: {person.phone or '–'}"),
        ("p", f"E-post: {person.email or '–'}"),
        ("p", f"Adress: {person.address or '–'}"),
    ]
    if person.interpreter_language:
        lines.append(("p", f"Tolk på språket: {person.interpreter_language}"))
    return lines


def _cases(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", "Dina ärenden")]
    for case in shown["cases"]:
        lines += [
            (
                "p",
                f"{case.job_centre.name}, anvisad av {case.district.name} {_day(case.referred_at)}",
            ),
            ("p", f"  Läge: {case.get_stage_display()}. Coach: {_name(case.coach)}."),
        ]
    if not shown["cases"]:
        lines.append(("p", "Du har inga ärenden."))
    return lines


def _consents(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", "Samtycke")]
    for case in shown["cases"]:
        if case.consent_given:
            text = "Du gav ditt samtycke till att uppgifterna lämnas vidare"
        elif case.legal_basis.strip():
            text = f"Uppgifterna lämnas vidare med stöd av: {case.legal_basis.strip()}"
        else:
            text = "Inget samtycke är registrerat"
        lines.append(("p", f"{case.job_centre.name}, {_day(case.referred_at)}: {text}."))
    for consent in shown["sharing_consents"]:
        state = f"tillbakataget {_day(consent.withdrawn_at)}" if consent.withdrawn_at else "gäller"
        lines.append(
            (
                "p",
                f"Delas med {consent.unit.name}: {consent.get_shared_part_display()} "
                f"(från {_day(consent.created_at)}, {state}).",
            )
        )
    for request in shown["withdrawal_requests"]:
        state = "hanterad" if request.handled_at else "inte hanterad än"
        lines.append(
            ("p", f"Du bad att få ta tillbaka ditt samtycke {_day(request.created_at)} ({state}).")
        )
    return lines


def _assessment_and_health(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", "Kartläggning och hälsa")]
    for facts in shown["assessments"]:
        for label, key in (
            ("Utbildningsnivå", "education_level"),
            ("Utbildningsområde", "education_field"),
            ("Språk", "languages"),
            ("Nivå i svenska", "swedish_level"),
            ("Resultat på SFI-prov", "sfi_test_result"),
            ("Körkort", "driving_licence"),
        ):
            if facts[key]:
                lines.append(("p", f"{label}: {facts[key]}"))
        if facts["has_notes"]:
            lines.append(("p", "Det finns anteckningar från kartläggningen. Fråga din coach."))
    if shown["has_health_entries"]:
        lines.append(("p", "Det finns anteckningar om hälsa. Fråga din coach."))
    if len(lines) == 1:
        lines.append(("p", "Inget är registrerat."))
    return lines


def _plans(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", "Planer (godkända versioner)")]
    for plan in shown["plans"]:
        lines.append(
            (
                "p",
                f"Version {plan.number}, {_day(plan.start)} – {_day(plan.end)}, "
                f"godkänd {_day(plan.decided_at)}",
            )
        )
        for activity in plan.activities.all():
            lines.append(
                (
                    "p",
                    f"  {activity.activity_type.name}, {activity.provider_label}, "
                    f"{_day(activity.start)} – {_day(activity.end)}, "
                    f"{formats.number_format(activity.hours_per_week, decimal_pos=1)} "
                    "timmar i veckan. "
                    f"Mål: {activity.goal}",
                )
            )
    if not shown["plans"]:
        lines.append(("p", "Du har ingen godkänd plan."))
    return lines


def _places_and_attendance(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", "Aktiviteter och platser")]
    for place in shown["places"]:
        offering = place.offering
        lines.append(
            (
                "p",
                f"{offering.activity_type.name}, {offering.provider.name}, "
                f"{offering.location.name}: {place.get_status_display()}, "
                f"{_day(place.planned_start)} – {_day(place.planned_end)}",
            )
        )
    if not shown["places"]:
        lines.append(("p", "Inga platser är registrerade."))
    lines.append(("h2", "Närvaro"))
    for month in shown["attendance_months"]:
        lines.append(
            (
                "p",
                f"{_month(month.month)}: närvarande {month.present} dagar, frånvarande med "
                f"giltigt skäl {month.absent_valid}, utan giltigt skäl {month.absent_invalid}.",
            )
        )
        for register in month.days_away:
            reason = register.get_reason_display() or "inget skäl angivet"
            lines.append(
                ("p", f"  {_day(register.day)}: {register.get_status_display()} ({reason})")
            )
    if not shown["attendance_months"]:
        lines.append(("p", "Ingen närvaro är registrerad."))
    return lines


def _interruptions_and_exits(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", "Uppehåll")]
    for pause in shown["interruptions"]:
        end = _day(pause.end) if pause.end else f"väntas sluta {_day(pause.expected_end)}"
        lines.append(("p", f"{pause.get_reason_display()}: från {_day(pause.start)}, {end}"))
    if not shown["interruptions"]:
        lines.append(("p", "Inga uppehåll."))
    lines.append(("h2", "Avslut"))
    for exit_ in shown["exits"]:
        text = f"{_day(exit_.date)}: {exit_.get_reason_display()}"
        if exit_.employer:
            text += f", {exit_.employer}"
        lines.append(("p", text))
    if not shown["exits"]:
        lines.append(("p", "Inga avslut."))
    return lines


def _messages(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", "Meddelanden")]
    for thread in shown["threads"]:
        lines.append(("p", f"Ämne: {thread.subject}"))
        for message in thread.messages.all():
            who = "Du" if message.author == "participant" else "Jobbtorg"
            lines.append(("p", f"  {_day(message.created_at)}, {who}: {message.body}"))
    if not shown["threads"]:
        lines.append(("p", "Inga meddelanden."))
    return lines


def _reads(shown: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [("h2", "Vem har läst dina uppgifter (de senaste)")]
    for read in shown["reads"].object_list:
        who = "Du" if read.by_the_person else ", ".join(p for p in (read.role, read.unit) if p)
        lines.append(("p", f"{_day(read.occurred_at)}, {who}: {read.what}"))
    return lines


def my_data_lines(shown: dict[str, Any], today: dt.date) -> list[Line]:
    with translation.override("sv"):
        lines: list[Line] = [
            ("h1", f"Mina uppgifter i Jobbtorg: {shown['participant'].full_name}"),
            ("p", f"Framtagen {_day(today)}."),
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


def _wrapped(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for kind, text in lines:
        if kind == "h2":
            out.append(("p", ""))
        for piece in textwrap.wrap(text, LINE_WIDTH, subsequent_indent="    ") or [""]:
            out.append((kind, piece))
    return out


def my_data_pdf_bytes(shown: dict[str, Any], today: dt.date) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    lines = _wrapped(my_data_lines(shown, today))
    out = io.BytesIO()
    sizes = {"h1": 14, "h2": 12, "p": 9}
    with (
        matplotlib.rc_context({"pdf.fonttype": 42}),
        PdfPages(out, metadata={"Title": "Mina uppgifter", "CreationDate": None}) as pdf,
    ):
        for start in range(0, len(lines), LINES_PER_PAGE):
            page = Figure(figsize=(8.27, 11.69))
            for row, (kind, text) in enumerate(lines[start : start + LINES_PER_PAGE]):
                page.text(
                    0.06,
                    0.96 - row * 0.0148,
                    text,
                    fontsize=sizes[kind],
                    weight="normal" if kind == "p" else "bold",
                )
            pdf.savefig(page)
    return out.getvalue()
