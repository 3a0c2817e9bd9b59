"""That a document went to IVO, and which investigation version it showed."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.lex_sarah.models import (
    IvoDocumentKind,
    IvoSubmission,
    Report,
    ReportStatus,
)
from jobbtorg.lex_sarah.services.checks import _locked, _require_officer
from jobbtorg.lex_sarah.services.investigations import current_investigation


def record_ivo_sent(
    *,
    actor: Any,
    report: Report,
    kind: str,
    sent_on: dt.date,
    audit_context: audit.AuditContext,
    today: dt.date | None = None,
) -> IvoSubmission:
    """That the notification (a serious assessment) or the completed investigation (a closed
    report, after the notification) was sent to IVO on `sent_on`, with the investigation
    version it showed."""
    _require_officer(actor, report)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in IvoDocumentKind.values:
        errors["kind"] = _("Choose which document was sent.")
    if sent_on is None:
        errors["sent_on"] = _("Give the day it was sent.")
    elif sent_on > today:
        errors["sent_on"] = _("The day it was sent cannot be in the future.")
    elif sent_on < timezone.localdate(report.reported_at):
        errors["sent_on"] = _("The day it was sent cannot be before the report was filed.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = _locked(report, None)
        investigation = current_investigation(current)
        sent = set(current.ivo_submissions.values_list("kind", flat=True))
        if kind in sent:
            raise ValidationFailed({"kind": _("That document is already recorded as sent.")})
        if not current.is_serious or investigation is None:
            raise ValidationFailed(
                {
                    "__all__": _(
                        "Only a report assessed as a serious wrongdoing or a risk of one is "
                        "reported to IVO."
                    )
                }
            )
        if kind == IvoDocumentKind.INVESTIGATION and (
            IvoDocumentKind.NOTIFICATION not in sent or current.status != ReportStatus.CLOSED
        ):
            raise ValidationFailed(
                {
                    "kind": _(
                        "The completed investigation goes to IVO after the notification, once "
                        "the report is closed with a decision."
                    )
                }
            )
        submission = IvoSubmission.objects.create(
            report=current,
            kind=kind,
            sent_on=sent_on,
            investigation_number=investigation.number,
            recorded_by=actor,
        )
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit.lex_sarah_ivo_sent(audit_context, submission)
    report.refresh_from_db()
    return submission
