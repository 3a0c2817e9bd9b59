"""Every write of the culling (gallring): a person's case files go whole, in one transaction
per person, after what the key figures need is kept without personal data, with one audit
entry that names the person by id only.

Only the `jobbtorg retention` command (an administrator's explicit run) and the scheduled task
call `cull_expired`; no page does.
"""

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext, assistance_pool_culled, case_files_culled
from jobbtorg.engines.rules.retention import (
    CaseFileRetention,
    Decision,
    case_file_decision,
    records_expired,
)
from jobbtorg.followup.services.kept_statistics import keep_statistics_of
from jobbtorg.followup.services.refresh import records_changed
from jobbtorg.participants.models import Participant
from jobbtorg.payments.models import PaymentRunLine
from jobbtorg.retention import selectors
from jobbtorg.retention.selectors import case_file_rule
from jobbtorg.transfer.models import AssistanceMonth

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Expired:
    """A person whose case files are due: by id and case numbers, never by name."""

    participant_id: Any
    case_numbers: tuple[str, ...]
    last_entry: dt.date
    cull_from: dt.date


@dataclass
class CullingReport:
    today: dt.date
    rule: CaseFileRetention
    people: list[Expired] = field(default_factory=list)
    # Records per kind (table) for everyone listed; when culled, what was deleted.
    counts: Counter[str] = field(default_factory=Counter)
    culled: int = 0
    # Someone whose files gained an entry between the listing and the culling: kept.
    skipped: int = 0
    # The comparison pool: people (never participants) and their months of assistance due.
    pool_years: int = 0
    pool_people: int = 0
    pool_months: int = 0


def expired_case_files(today: dt.date | None = None) -> CullingReport:
    """Who would go today, with the counts per kind: what `--dry-run` lists."""
    today = today or timezone.localdate()
    rule = case_file_rule()
    report = CullingReport(today=today, rule=rule)
    _count_assistance_pool(report)
    if rule.keep_all:
        return report
    last = selectors.last_entries()
    born = selectors.birth_dates()
    due: list[tuple[Any, Decision]] = []
    for person, last_entry in last.items():
        decision = case_file_decision(
            last_entry=last_entry, birth_date=born[person], today=today, rule=rule
        )
        if decision.cull:
            due.append((person, decision))
    numbers = selectors.case_numbers([person for person, _ in due])
    for person, decision in sorted(due, key=lambda pair: (last[pair[0]], str(pair[0]))):
        assert decision.cull_from is not None
        report.people.append(
            Expired(person, tuple(numbers.get(person, ())), last[person], decision.cull_from)
        )
    report.counts.update(
        selectors.counts_of_many([expired.participant_id for expired in report.people])
    )
    return report


def _expired_pool(today: dt.date, years: int) -> list[str]:
    return sorted(
        number
        for number, last in selectors.assistance_pool_last_months().items()
        if records_expired(last_entry=last, today=today, years=years)
    )


def _count_assistance_pool(report: CullingReport) -> None:
    report.pool_years = settings.JOBBTORG_RETENTION["assistance_pool"]["years"]
    numbers = _expired_pool(report.today, report.pool_years)
    report.pool_people = len(numbers)
    report.pool_months = sum(
        AssistanceMonth.objects.filter(
            participant__isnull=True, personal_identity_number__in=numbers[start : start + 500]
        ).count()
        for start in range(0, len(numbers), 500)
    )


def cull_assistance_pool(
    *, today: dt.date, years: int, audit_context: AuditContext
) -> tuple[int, int]:
    """Delete the months of assistance of pool people whose last month is older than the
    period; one audit entry with the counts. Nothing is kept: the key figures count
    participants' months only (the effect estimate of an old period then has a smaller pool)."""
    with transaction.atomic():
        numbers = _expired_pool(today, years)
        months = 0
        for start in range(0, len(numbers), 500):
            months += AssistanceMonth.objects.filter(
                participant__isnull=True, personal_identity_number__in=numbers[start : start + 500]
            ).delete()[0]
        if numbers:
            assistance_pool_culled(audit_context, people=len(numbers), months=months, years=years)
    return len(numbers), months


def cull_person(
    *, participant_id: Any, today: dt.date, rule: CaseFileRetention, audit_context: AuditContext
) -> dict[str, int] | None:
    """Cull one person's case files if they are still due; None when they are not (any more).
    All or nothing: the kept statistics, every deletion and the audit entry commit together."""
    with transaction.atomic():
        person = Participant.objects.select_for_update().filter(pk=participant_id).first()
        if person is None:
            return None
        # Read again under the lock: an entry made since the listing keeps the files.
        last = selectors.last_entries([person.pk]).get(person.pk)
        if last is None:
            return None
        decision = case_file_decision(
            last_entry=last, birth_date=person.birth_date, today=today, rule=rule
        )
        if not decision.cull:
            return None
        kept = keep_statistics_of(
            participant_id=person.pk,
            personal_identity_number=person.personal_identity_number,
            today=today,
        )
        # Paid history stays as an accounting record, without the person.
        PaymentRunLine.objects.filter(participation__referral__participant=person).update(
            participation=None
        )
        counts: Counter[str] = Counter()
        # Months the district's file gave by number only, before the person was registered.
        _, deleted = AssistanceMonth.objects.filter(
            participant__isnull=True, personal_identity_number=person.personal_identity_number
        ).delete()
        counts.update({label.lower(): n for label, n in deleted.items() if n})
        for holding in selectors.CASE_FILE:
            _, deleted = holding.of([person.pk]).delete()
            # What went with it (a profile's work experience) counts too.
            counts.update({label.lower(): n for label, n in deleted.items() if n})
        # The id is all the entry keeps of the person (the row is gone; the same transaction).
        case_files_culled(
            audit_context,
            person,
            counts=dict(sorted(counts.items())),
            rule=rule.describe(),
            years=rule.years,
            kept_for_key_figures={
                "cases": kept.cases,
                "activities": kept.activities,
                "assistance_months": kept.assistance_months,
            },
        )
    return dict(sorted(counts.items()))


def cull_expired(*, today: dt.date | None = None, audit_context: AuditContext) -> CullingReport:
    """Cull everyone whose case files are due today, one transaction per person, and the
    comparison pool's months that are due."""
    report = expired_case_files(today)
    report.pool_people, report.pool_months = cull_assistance_pool(
        today=report.today, years=report.pool_years, audit_context=audit_context
    )
    report.counts = Counter()
    for expired in report.people:
        counts = cull_person(
            participant_id=expired.participant_id,
            today=report.today,
            rule=report.rule,
            audit_context=audit_context,
        )
        if counts is None:
            report.skipped += 1
            continue
        report.culled += 1
        report.counts.update(counts)
    if report.culled or report.pool_months:
        # Deletions send the follow-up no signal (it listens to saves only, so that culling
        # keeps deleting in bulk): the stored key figures are refreshed once, here.
        records_changed()
    logger.info(
        "retention: culled %d people's case files (%d listed, %d kept after a new entry)",
        report.culled,
        len(report.people),
        report.skipped,
    )
    return report
