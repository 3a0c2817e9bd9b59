"""The two documents to IVO (R35): the notification of a serious wrongdoing or a serious risk
(without delay), and the completed investigation (once the report is closed). Their content
follows what IVO's lex Sarah form asks for (docs/lex-sarah.md, "Dokumenten till IVO"): the
provider of the operation, the contact person, the report, the event, the people affected, the
investigation, the assessment and the measures; the completed investigation adds the decision
and the measures with their follow-up days.

`ivo_document` builds the content as plain data, always in Swedish (IVO reads Swedish,
whatever language the officer's page is in); `ivo_document_pdf` draws it with core/text_pdf.py.
Each document names the investigation version it shows and the day it was produced."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from jobbtorg.core.text_pdf import Line, text_pdf_bytes
from jobbtorg.lex_sarah.models import (
    InvestigationVersion,
    IvoDocumentKind,
    Report,
    ReportStatus,
)
from jobbtorg.participants.selectors import participants_visible_to

# The principal (huvudman) of every Jobbtorg and of the city's own operations in this product.
PRINCIPAL = gettext_noop("City of Stockholm, the labour market administration")


@dataclass(frozen=True)
class Entry:
    """One piece of the document: a label and its text (which may run over many lines)."""

    label: str
    text: str


@dataclass(frozen=True)
class Section:
    heading: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class IvoDocument:
    kind: str
    title: str
    reference: str
    investigation_number: int
    produced_on: dt.date
    sections: tuple[Section, ...]

    @property
    def filename(self) -> str:
        tail = "anmalan" if self.kind == IvoDocumentKind.NOTIFICATION else "utredning"
        return f"lex-sarah-{self.reference}-{tail}.pdf"


def _day(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def investigation_shown(report: Report, kind: str) -> InvestigationVersion | None:
    """The investigation version a document shows: the one recorded as sent, once it is (the
    document is then a copy of what IVO got), else the current one. None when the document
    cannot be produced: the notification needs a serious assessment with an investigation
    (or to have been sent), the completed investigation a closed report that went to IVO or
    is serious."""
    sent = report.ivo_submissions.filter(kind=kind).first()
    versions = report.investigation_versions.order_by("-number")
    if sent is not None:
        return versions.filter(number=sent.investigation_number).first()
    notified = report.ivo_submissions.filter(kind=IvoDocumentKind.NOTIFICATION).exists()
    if kind == IvoDocumentKind.NOTIFICATION and not report.is_serious:
        return None
    if kind == IvoDocumentKind.INVESTIGATION and (
        report.status != ReportStatus.CLOSED or not (report.is_serious or notified)
    ):
        return None
    return versions.first()


def _provider_section(report: Report) -> Section:
    operation = report.job_centre.name if report.job_centre else _("The city's own operations")
    entries = [Entry(_("Principal"), _(PRINCIPAL)), Entry(_("Operation"), operation)]
    if report.provider is not None:
        provider = report.provider.name
        if report.provider.organisation_number:
            provider += ", " + _("organisation number %(number)s") % {
                "number": report.provider.organisation_number
            }
        entries.append(Entry(_("Provider named in the report"), provider))
    return Section(_("The provider of the operation"), tuple(entries))


def _contact_section(officer: Any) -> Section:
    entries = [Entry(_("Name"), _name(officer))]
    if officer.email:
        entries.append(Entry(_("E-mail"), officer.email))
    return Section(_("Contact person"), tuple(entries))


def _report_section(report: Report) -> Section:
    return Section(
        _("The report"),
        (
            Entry(_("Reference number"), report.reference),
            Entry(_("Reported on"), _day(timezone.localdate(report.reported_at))),
        ),
    )


def _event_section(report: Report) -> Section:
    return Section(
        _("The event"),
        (
            Entry(_("What it is"), report.get_kind_display()),
            Entry(_("What happened or could happen"), report.what_happened),
            Entry(_("When"), _day(report.happened_on)),
            Entry(_("Where"), report.happened_where),
            Entry(_("What was done at once"), report.immediate_actions),
        ),
    )


def _affected_section(report: Report, officer: Any) -> Section:
    entries = [Entry(_("Who was or could be affected"), report.affected)]
    # The linked person's identity only through the officer's own access to the person: the
    # report never opens a case (ADR 0006).
    if report.participant_id is not None:
        person = participants_visible_to(officer).filter(pk=report.participant_id).first()
        if person is not None:
            entries.append(
                Entry(
                    _("Participant"),
                    f"{person.full_name}, {person.personal_identity_number_display}",
                )
            )
    return Section(_("The people affected"), tuple(entries))


def _investigation_sections(
    report: Report, version: InvestigationVersion, kind: str
) -> list[Section]:
    heading = (
        _("The investigation so far")
        if kind == IvoDocumentKind.NOTIFICATION
        else _("The investigation")
    )
    assessment = version.get_assessment_display() or "–"
    return [
        Section(
            heading,
            (
                Entry(_("Facts"), version.facts),
                Entry(_("Course of events"), version.course_of_events),
                Entry(_("Causes"), version.causes),
                Entry(_("People heard"), version.people_heard),
            ),
        ),
        Section(
            pgettext("lex Sarah", "Assessment"),
            (
                Entry(pgettext("lex Sarah", "Assessment"), assessment),
                Entry(_("Assessed as serious on"), _day(report.assessed_serious_on)),
            ),
        ),
        Section(
            _("Measures"),
            (
                Entry(_("Measures taken"), version.measures_taken),
                Entry(_("Measures planned"), version.measures_planned),
            ),
        ),
    ]


def _decision_sections(report: Report) -> list[Section]:
    measures = []
    for number, measure in enumerate(report.measures.all(), start=1):
        text = measure.description.strip()
        text += " " + _("Follow up on %(day)s.") % {"day": _day(measure.follow_up_on)}
        if measure.followed_up_on:
            text += " " + _("Followed up on %(day)s.") % {"day": _day(measure.followed_up_on)}
        measures.append(Entry(_("Measure %(number)s") % {"number": number}, text))
    return [
        Section(
            _("Decision"),
            (
                Entry(_("Decision"), report.decision),
                Entry(_("Decided on"), _day(report.decided_on)),
                Entry(_("Measures taken"), report.measures_taken),
            ),
        ),
        Section(
            _("Measures to follow up"),
            tuple(measures) or (Entry(_("Measures"), _("No measures to follow up.")),),
        ),
    ]


def ivo_document(*, officer: Any, report: Report, kind: str, today: dt.date) -> IvoDocument | None:
    """The document's content in Swedish; None when it cannot be produced for the report (see
    `investigation_shown`). The caller checked that `officer` handles the report."""
    version = investigation_shown(report, kind)
    if version is None:
        return None
    with translation.override("sv"):
        sections = [
            _provider_section(report),
            _contact_section(officer),
            _report_section(report),
            _event_section(report),
            _affected_section(report, officer),
            *_investigation_sections(report, version, kind),
        ]
        if kind == IvoDocumentKind.INVESTIGATION:
            sections += _decision_sections(report)
        title = (
            _("Lex Sarah notification to IVO")
            if kind == IvoDocumentKind.NOTIFICATION
            else _("Lex Sarah: the completed investigation to IVO")
        )
        return IvoDocument(
            kind=kind,
            title=title,
            reference=report.reference,
            investigation_number=version.number,
            produced_on=today,
            sections=tuple(sections),
        )


def document_lines(document: IvoDocument) -> list[Line]:
    with translation.override("sv"):
        lines: list[Line] = [
            ("h1", document.title),
            (
                "p",
                _(
                    "Reference number %(reference)s. Investigation version %(number)s. "
                    "Produced on %(day)s."
                )
                % {
                    "reference": document.reference,
                    "number": document.investigation_number,
                    "day": _day(document.produced_on),
                },
            ),
        ]
        for section in document.sections:
            lines.append(("h2", section.heading))
            for entry in section.entries:
                lines.append(("p", f"{entry.label}: {entry.text.strip() or '–'}"))
    return lines


def ivo_document_pdf(document: IvoDocument) -> bytes:
    return text_pdf_bytes(document_lines(document), title=document.title)
