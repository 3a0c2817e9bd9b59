"""A lex Sarah world for the tests: officers designated for Sydost and city-wide, and reports
built through the services (each at the step a test needs)."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.lex_sarah import services
from jobbtorg.lex_sarah.models import (
    Assessment,
    IvoDocumentKind,
    OfficerDesignation,
    Report,
    ReportKind,
)
from tests.factories import UserFactory, job_centre


def context(user: Any) -> AuditContext:
    return AuditContext(actor=user, channel=AuditChannel.PAGE, path="/tests")


def designate(user: Any, centre: Any = None, by: Any = None) -> OfficerDesignation:
    admin = by or UserFactory(username="lex-sarah-admin", administrator=True)
    return services.designate_officer(
        actor=admin, user=user, job_centre=centre, audit_context=context(admin)
    )


def officers(staff: Any) -> SimpleNamespace:
    """Two officers beside the `staff` fixture: the manager at Sydost is designated for Sydost
    (as a city would), and an analyst city-wide; plus a coach at Järva designated for Järva."""
    city = UserFactory(username="lex-sarah-city", analyst=True)
    jarva_officer = UserFactory(
        username="lex-sarah-jarva", role="coach", job_centre=job_centre("jarva")
    )
    designate(staff.manager_sydost, job_centre("sydost"))
    designate(city)
    designate(jarva_officer, job_centre("jarva"))
    return SimpleNamespace(sydost=staff.manager_sydost, city=city, jarva=jarva_officer)


def filed(reporter: Any, *, centre: str | None = "sydost", **overrides: Any) -> Report:
    fields: dict[str, Any] = {
        "kind": ReportKind.WRONGDOING,
        "what_happened": "Närvaron registrerades inte på tre veckor.",
        "happened_where": "Jobbtorg Sydost",
        "affected": "En deltagare",
        "happened_on": dt.date(2026, 11, 2),
        "immediate_actions": "Närvaron registrerades i efterhand.",
        "job_centre": job_centre(centre) if centre else None,
    }
    fields.update(overrides)
    return services.file_report(reporter=reporter, audit_context=context(reporter), **fields)


def investigated(
    report: Report, officer: Any, assessment: str = Assessment.WRONGDOING, **kwargs: Any
) -> Report:
    services.save_investigation(
        actor=officer,
        report=report,
        expected_version=report.version,
        assessment=assessment,
        audit_context=context(officer),
        facts="Registret saknades.",
        causes="Rutinen var oklar.",
        **kwargs,
    )
    report.refresh_from_db()
    return report


def notified(report: Report, officer: Any, sent_on: dt.date | None = None) -> Report:
    services.record_ivo_sent(
        actor=officer,
        report=report,
        kind=IvoDocumentKind.NOTIFICATION,
        sent_on=sent_on or report.assessed_serious_on,
        audit_context=context(officer),
    )
    report.refresh_from_db()
    return report


def closed(
    report: Report,
    officer: Any,
    *,
    decided_on: dt.date | None = None,
    measures: tuple[services.MeasureToFollowUp, ...] = (),
) -> Report:
    return services.close_report(
        actor=officer,
        report=report,
        expected_version=report.version,
        decision="Rutinen för närvaro skärps.",
        measures_taken="Alla coacher har fått rutinen.",
        decided_on=decided_on or dt.date.today(),
        measures=measures,
        audit_context=context(officer),
    )
