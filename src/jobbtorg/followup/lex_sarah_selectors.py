"""The lex Sarah reports as the key figures' rows (`engines.indicators.lex_sarah`): when each
was filed and decided, whether it is assessed as serious, its Jobbtorg and the kind of the
provider it names. Beside `selectors.py` (which is long); the same rules: aggregates only,
nothing of a report's text, its reporter or a participant is read, so no read-audit is written
here (the page records what it showed).

The day filed is the day in the city's time zone (`reported_at` is a moment); the assessment
is the report's current one (`Report.assessment`, kept from the current investigation
version for lists and key figures)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from jobbtorg.engines.indicators.lex_sarah import LexSarahRow
from jobbtorg.engines.rules import lex_sarah as rules
from jobbtorg.lex_sarah.models import Report


def lex_sarah_rows(
    start: dt.date, end: dt.date, *, job_centre: str | None = None
) -> list[LexSarahRow]:
    """The reports filed or decided from `start` to `end` (both counted): the only ones the
    figures of that period count. With `job_centre` (a slug): only that Jobbtorg's."""
    found = Report.objects.filter(
        Q(reported_at__date__range=(start, end)) | Q(decided_on__range=(start, end))
    )
    if job_centre is not None:
        found = found.filter(job_centre__slug=job_centre)
    zone = timezone.get_current_timezone()
    return [
        LexSarahRow(
            reported_on=reported_at.astimezone(zone).date(),
            decided_on=decided_on,
            serious=rules.is_serious(assessment),
            job_centre=centre,
            provider_kind=kind,
        )
        for reported_at, decided_on, assessment, centre, kind in found.values_list(
            "reported_at", "decided_on", "assessment", "job_centre__slug", "provider__kind"
        ).order_by("reported_at", "pk")
    ]
