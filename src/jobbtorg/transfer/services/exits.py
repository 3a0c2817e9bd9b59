"""Writing exits from exits.csv, one per case, and closing the case as the exit service does:
the case is exited, an interruption still open ends on the exit date, and what waited on the
case is closed when the batch is committed (`imports`, with the exit service's own function).

Each exit is checked once more by the exit rule (engines/rules/exit.py), now with the case it
belongs to: the validator knows the referral date only of people with a row in
participants.csv, the import knows every case."""

from django.utils import timezone

from jobbtorg.core.bulk import insert_objects
from jobbtorg.engines.rules import exit as exit_rule
from jobbtorg.engines.transfer.records import ExitRecord, TransferRecords
from jobbtorg.engines.transfer.rows import EXIT_COLUMNS, format_exit_problems
from jobbtorg.participants.models import Exit, Interruption, Referral, Stage
from jobbtorg.transfer.services.bulk import apply_changes, chunks, update_changed
from jobbtorg.transfer.services.importer import Importer


def write_exits(importer: Importer, records: TransferRecords) -> None:
    cases = [importer.cases[r.personnummer] for r in records.exits]
    existing = {}
    for part in chunks([c.pk for c in cases]):
        for e in Exit.objects.filter(referral_id__in=part):
            existing[e.referral_id] = e
    new, changed, closed = [], [], []
    fields = [
        "date",
        "reason",
        "reason_text",
        "employment_form",
        "extent",
        "hours_per_week",
        "wage_subsidy",
        "employer",
        "occupation_ssyk",
        "studies_with_student_finance",
    ]
    exit_dates = {}
    for record in records.exits:
        case = importer.cases[record.personnummer]
        problems = format_exit_problems(
            exit_rule.exit_problems(
                _proposed(record),
                today=importer.today,
                referred_on=timezone.localdate(case.referred_at),
            )
        )
        if problems:
            for problem in problems:
                importer.reject(
                    "exits",
                    record,
                    EXIT_COLUMNS[problem.field],
                    problem.message,
                    **dict(problem.params),
                )
            continue
        values = {
            "date": record.exit_date,
            "reason": record.reason,
            "reason_text": record.reason_text,
            "employment_form": record.employment_form,
            "extent": record.extent,
            "hours_per_week": record.hours_per_week,
            "wage_subsidy": record.wage_subsidy,
            "employer": record.employer,
            "occupation_ssyk": record.occupation_ssyk,
            "studies_with_student_finance": record.student_finance,
        }
        importer.notice("exits", record)
        exit_ = existing.get(case.pk)
        if exit_ is None:
            new.append(Exit(referral=case, recorded_by=importer.actor, **values))
            importer.counts.add("exits", "created")
            importer.wrote(record.personnummer, "exits")
        elif apply_changes(exit_, values):
            changed.append(exit_)
            importer.counts.add("exits", "updated")
            importer.wrote(record.personnummer, "exits")
        else:
            importer.counts.add("exits", "unchanged")
        if case.stage != Stage.EXITED:
            case.stage = Stage.EXITED
            closed.append(case)
            exit_dates[case.pk] = record.exit_date
    importer.exited.extend((case, exit_dates[case.pk]) for case in closed)
    for part in chunks([case.pk for case in closed]):
        # One value for all: a plain update, not `bulk_update`'s case per row; stamped as a
        # save would stamp it (`update_changed`).
        Referral.objects.filter(pk__in=part).update(stage=Stage.EXITED, updated_at=timezone.now())
    open_interruptions = []
    for part in chunks(list(exit_dates)):
        for interruption in Interruption.objects.filter(referral_id__in=part, end__isnull=True):
            # One that (oddly) starts after the exit ends the day it starts.
            interruption.end = max(exit_dates[interruption.referral_id], interruption.start)
            open_interruptions.append(interruption)
    update_changed(Interruption, open_interruptions, ["end"])
    update_changed(Exit, changed, fields)
    insert_objects(Exit, new)


def _proposed(record: ExitRecord) -> exit_rule.ProposedExit:
    return exit_rule.ProposedExit(
        reason=record.reason,
        date=record.exit_date,
        reason_text=record.reason_text,
        employment=exit_rule.Employment(
            form=record.employment_form,
            extent=record.extent,
            hours_per_week=record.hours_per_week,
            wage_subsidy=record.wage_subsidy,
            employer=record.employer,
            occupation_ssyk=record.occupation_ssyk,
        ),
        studies_with_student_finance=record.student_finance,
    )
