"""What every lex Sarah write checks: the officer, the report's version, the length of a text."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from jobbtorg.core.errors import ConcurrentChange, NotAllowed
from jobbtorg.lex_sarah.models import (
    Report,
)
from jobbtorg.lex_sarah.permissions import (
    can_handle_report,
)

TEXT_MAX_CHARACTERS = 10_000
INVESTIGATION_FIELDS = (
    "facts",
    "course_of_events",
    "causes",
    "measures_taken",
    "measures_planned",
    "people_heard",
)
# Reports of long ago are filed too, but not from before the product's time or the future.
EARLIEST_EVENT = dt.date(2000, 1, 1)


def _too_long(errors: dict[str, str], field: str, text: str) -> None:
    if len(text) > TEXT_MAX_CHARACTERS:
        errors[field] = _("The text can be at most %(max)d characters long. Yours has %(n)d.") % {
            "max": TEXT_MAX_CHARACTERS,
            "n": len(text),
        }


def _require_officer(actor: Any, report: Report) -> None:
    if not can_handle_report(actor, report):
        raise NotAllowed(
            _("Only a lex Sarah officer of %(unit)s can handle this report.")
            % {"unit": report.job_centre.name if report.job_centre else _("the city")}
        )


def _locked(report: Report, expected_version: int | None) -> Report:
    """The report's row, locked for the write; a form based on an older version is refused."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentChange(
            {
                "__all__": _(
                    "Someone else saved this report while you were writing. Nothing of yours "
                    "was saved: reload the page, read what changed and write again."
                )
            }
        )
    return current
