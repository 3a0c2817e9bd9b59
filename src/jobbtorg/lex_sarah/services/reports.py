"""Filing a lex Sarah report: anyone on staff, with a reference number for the receipt."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.lex_sarah.models import (
    Report,
    ReportKind,
)
from jobbtorg.lex_sarah.permissions import (
    can_file_report,
)
from jobbtorg.lex_sarah.services.checks import EARLIEST_EVENT, _too_long
from jobbtorg.participants.selectors import participants_visible_to


def _next_reference(year: int) -> tuple[int, str]:
    last = (
        Report.objects.filter(year=year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    number = (last or 0) + 1
    return number, f"LS-{year}-{number:04d}"


def file_report(
    *,
    reporter: Any,
    kind: str,
    what_happened: str,
    happened_where: str,
    affected: str,
    audit_context: audit.AuditContext,
    happened_on: dt.date | None = None,
    immediate_actions: str = "",
    job_centre: Any = None,
    provider: Any = None,
    participant: Any = None,
    today: dt.date | None = None,
) -> Report:
    """Anyone on staff reports a wrongdoing or a risk of one. The report is received by the
    officers of `job_centre` (none: the city's own operations, city-wide officers) and gets
    a reference number for the receipt. A linked participant must be one the reporter may see."""
    if not can_file_report(reporter):
        raise NotAllowed(_("Only staff with an active account can file a lex Sarah report."))
    today = today or timezone.localdate()
    texts = {
        "what_happened": (what_happened or "").strip(),
        "happened_where": (happened_where or "").strip(),
        "affected": (affected or "").strip(),
        "immediate_actions": (immediate_actions or "").strip(),
    }
    errors: dict[str, str] = {}
    if kind not in ReportKind.values:
        errors["kind"] = _("Choose whether it is a wrongdoing or a risk of wrongdoing.")
    if not texts["what_happened"]:
        errors["what_happened"] = _("Describe what happened or could happen.")
    if not texts["happened_where"]:
        errors["happened_where"] = _("Write where it happened or could happen.")
    elif len(texts["happened_where"]) > 300:
        errors["happened_where"] = _("Write the place in at most 300 characters.")
    if not texts["affected"]:
        errors["affected"] = _("Write who was or could be affected, for example “a participant”.")
    for field in ("what_happened", "affected", "immediate_actions"):
        if field not in errors:
            _too_long(errors, field, texts[field])
    if happened_on is not None and happened_on > today:
        errors["happened_on"] = _(
            "The date cannot be in the future. For a risk, give the day it was seen, or leave "
            "the date empty."
        )
    elif happened_on is not None and happened_on < EARLIEST_EVENT:
        errors["happened_on"] = _("Check the year of the date.")
    if participant is not None and not (
        participants_visible_to(reporter).filter(pk=participant.pk).exists()
    ):
        errors["participant"] = _(
            "You can only link a participant whose case you may see. Describe the person in "
            "the text instead."
        )
    if job_centre is not None and not job_centre.is_active:
        errors["job_centre"] = _("Choose an active Jobbtorg.")
    if errors:
        raise ValidationFailed(errors)
    now = timezone.now()
    # Two reports filed at the same moment can take the same number: the unique constraint
    # refuses the second, which takes the next one.
    for _attempt in range(5):
        number, reference = _next_reference(now.year)
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    reference=reference,
                    year=now.year,
                    number=number,
                    reported_by=reporter,
                    reported_at=now,
                    job_centre=job_centre,
                    provider=provider,
                    kind=kind,
                    happened_on=happened_on,
                    participant=participant,
                    **texts,
                )
                audit.lex_sarah_report_filed(audit_context, report)
            return report
        except IntegrityError:
            continue
    raise ValidationFailed({"__all__": _("The report could not be numbered. Send it again.")})
