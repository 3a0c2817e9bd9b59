"""The investigation in versions; the first starts it, a serious assessment starts the IVO clock."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.rules import lex_sarah as rules
from jobbtorg.engines.rules.transitions import TransitionNotAllowed
from jobbtorg.lex_sarah.models import (
    Assessment,
    InvestigationVersion,
    Report,
)
from jobbtorg.lex_sarah.services.checks import (
    INVESTIGATION_FIELDS,
    _locked,
    _require_officer,
    _too_long,
)


def save_investigation(
    *,
    actor: Any,
    report: Report,
    expected_version: int | None,
    assessment: str,
    audit_context: audit.AuditContext,
    today: dt.date | None = None,
    **texts: str,
) -> InvestigationVersion:
    """A new version of the investigation: facts, course of events, causes, measures taken and
    planned, people heard, and the assessment (which may be left for later). The first version
    starts the investigation. A serious assessment starts the IVO deadline on the day it is
    first made."""
    _require_officer(actor, report)
    unknown = set(texts) - set(INVESTIGATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown investigation fields: {sorted(unknown)}")
    today = today or timezone.localdate()
    values = {field: (texts.get(field) or "").strip() for field in INVESTIGATION_FIELDS}
    errors: dict[str, str] = {}
    if assessment and assessment not in Assessment.values:
        errors["assessment"] = _("Choose one of the assessments in the list.")
    for field, text in values.items():
        _too_long(errors, field, text)
    if not any(values.values()) and not assessment:
        errors["__all__"] = _("Write something in the investigation before you save it.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = _locked(report, expected_version)
        try:
            status = rules.REPORT_WORKFLOW.next_status(
                rules.ReportStatus(current.status), rules.ReportAction.INVESTIGATE
            )
        except TransitionNotAllowed:
            raise ValidationFailed(
                {"__all__": _("The report is closed: its investigation can no longer change.")}
            ) from None
        previous = current.investigation_versions.order_by("-number").first()
        before = {f: getattr(previous, f) if previous else "" for f in INVESTIGATION_FIELDS}
        version = InvestigationVersion.objects.create(
            report=current,
            number=(previous.number if previous else 0) + 1,
            written_by=actor,
            assessment=assessment,
            **values,
        )
        before_assessment = current.assessment
        current.status = status.value
        current.assessment = assessment
        if rules.is_serious(assessment) and current.assessed_serious_on is None:
            current.assessed_serious_on = today
        current.version += 1
        current.save(
            update_fields=["status", "assessment", "assessed_serious_on", "version", "updated_at"]
        )
        changed = [f for f in INVESTIGATION_FIELDS if before[f] != values[f]]
        audit.lex_sarah_investigation_saved(
            audit_context, version, before=before_assessment, fields=changed
        )
    report.refresh_from_db()
    return version


def current_investigation(report: Report) -> InvestigationVersion | None:
    return report.investigation_versions.order_by("-number").first()
