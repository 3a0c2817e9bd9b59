"""The tertial report as a file the worker prepares: a follow-up reader asks for it on the page,
the task `prepare_tertial_report` writes the document (services/report.py), and the reader
downloads it when it is ready (audited then, as every download).

- Asking for the same report (year, tertial, scope, format, suppressed or not) while it is
  being prepared, or within SAME_REPORT_FOR of asking, gives the file already asked for: two
  clicks, one document. The request does not read the records to tell whether they changed
  (that reads every assistance month, seconds at a city's scale); the worker notes the state
  it computed from.
- Preparing is idempotent: a file that is ready is not written again, so a task that runs a
  second time (its worker died) changes nothing.
- A document that could not be made is marked failed; the page says so and offers to ask again.
"""

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.tasks.queue import has_failed
from jobbtorg.followup.models import ReportFormat, ReportStatus, TertialReportFile
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.followup.selectors import figures_version, job_centre_name
from jobbtorg.followup.services import report as reports
from jobbtorg.followup.services.key_figures import SUPPRESS_BELOW

logger = logging.getLogger(__name__)

# Prepared files are aggregates; they are kept a week so a link sent on still works.
KEEP_FILES = dt.timedelta(days=7)
# A report asked for again within this is the one already asked for (the dashboard's figures
# are checked against the records as often).
SAME_REPORT_FOR = dt.timedelta(minutes=5)


def tertial_report_request(
    user: Any, *, year: int, tertial: int, job_centre: str | None, format: str
) -> TertialReportFile:
    """The file of this report: the one being prepared or asked for within SAME_REPORT_FOR, or
    a new one with its task enqueued in the same transaction."""
    if not can_view_key_figures(user):
        raise NotAllowed(_("Key figures are for managers, analysts and administrators."))
    if format not in ReportFormat.values:
        raise ValueError(f"format {format!r} is not pdf or xlsx")
    from jobbtorg.followup import tasks

    question = {
        "year": year,
        "tertial": tertial,
        "job_centre": job_centre or "",
        "format": format,
        "suppressed": figures_are_suppressed_for(user),
    }
    recent = Q(status=ReportStatus.PREPARING) | Q(
        status=ReportStatus.READY, created_at__gte=timezone.now() - SAME_REPORT_FOR
    )
    with transaction.atomic():
        found = TertialReportFile.objects.filter(recent, **question).first()
        if found is not None and not given_up(found):
            return found
        made = TertialReportFile.objects.create(**question, requested_by=user)
        result = tasks.prepare_tertial_report.enqueue(made.pk)
        TertialReportFile.objects.filter(pk=made.pk).update(task_result_id=str(result.id))
    made.refresh_from_db()
    return made


def given_up(report_file: TertialReportFile) -> bool:
    """Still "being prepared", but the queue gave its task up (it failed, or its worker died
    too many times): marked failed, so that its page says so and asking again makes a new one."""
    if report_file.status != ReportStatus.PREPARING or not has_failed(report_file.task_result_id):
        return False
    TertialReportFile.objects.filter(pk=report_file.pk, status=ReportStatus.PREPARING).update(
        status=ReportStatus.FAILED, finished_at=timezone.now()
    )
    report_file.status = ReportStatus.FAILED
    return True


def tertial_report_prepare(report_file_id: int) -> str:
    """Writes the document of a file asked for; returns its status. Does nothing to a file
    that is ready (or failed: asking again makes a new one)."""
    found = TertialReportFile.objects.filter(pk=report_file_id).first()
    if found is None or found.status != ReportStatus.PREPARING:
        return found.status if found is not None else "gone"
    version = figures_version()  # first: what is read after it is at least as new
    try:
        # The committee's document is Swedish, whatever the language of the page.
        with translation.override("sv"):
            document = reports.tertial_report(
                year=found.year,
                tertial=found.tertial,
                job_centre=found.job_centre or None,
                job_centre_name=job_centre_name(found.job_centre) or "",
                suppress_below=SUPPRESS_BELOW if found.suppressed else None,
            )
            body = (
                reports.pdf_bytes(document)
                if found.format == ReportFormat.PDF
                else reports.xlsx_bytes(document)
            )
    except Exception:
        logger.exception("tertial report %s could not be prepared", found.pk)
        TertialReportFile.objects.filter(pk=found.pk).update(
            status=ReportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    TertialReportFile.objects.filter(pk=found.pk, status=ReportStatus.PREPARING).update(
        status=ReportStatus.READY,
        content=body,
        filename=document.filename(found.format),
        data_version=version,
        figures=len(document.figures),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    TertialReportFile.objects.filter(created_at__lt=timezone.now() - KEEP_FILES).delete()
    return ReportStatus.READY
