"""Importing a validated transfer: each record matched with what is already here and created,
updated or left, a batch of people per transaction, with the audit entries.

The engine (`jobbtorg.engines.transfer`) reads and validates with the product's rules; the
writers (`people`, `plans`, `interruptions`, `exits`, `assistance`) apply them once more where
only the product knows the answer (the case a row belongs to). A Jobbtorg manager's upload is
limited to the manager's Jobbtorg (`checks.unit_of`): a person the Jobbtorg does not have but
the city does is held back, never written (see `transfer_import`).
"""

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, nullcontext
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.roles import Role
from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.notices import Notice
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.engines.transfer.validate import Reject, ValidationResult
from jobbtorg.engines.transfer.write import record_to_row, write_rejects
from jobbtorg.matching import index_store
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import Participant
from jobbtorg.participants.services.exits import exited_cases_close
from jobbtorg.plans.case_deadlines import case_deadlines_keep
from jobbtorg.transfer.models import ImportRun, RunStatus
from jobbtorg.transfer.services import lanes
from jobbtorg.transfer.services.assistance import write_assistance
from jobbtorg.transfer.services.batches import (
    CheckedTransfer,
    Checkpoint,
    ValidatedTransfer,
)
from jobbtorg.transfer.services.bulk import chunks
from jobbtorg.transfer.services.checks import Unit, not_in_unit_message
from jobbtorg.transfer.services.exits import write_exits
from jobbtorg.transfer.services.importer import Importer
from jobbtorg.transfer.services.interruptions import write_interruptions
from jobbtorg.transfer.services.people import write_people
from jobbtorg.transfer.services.plans import write_activities, write_plan_versions
from jobbtorg.transfer.signals import records_imported

TRANSFER_ACCOUNT = "system-transfer"
REJECTS_SHOWN = 100


def transfer_account() -> User:
    """Writes by the command line are made in this account's name; it cannot sign in."""
    user, created = User.objects.get_or_create(
        username=TRANSFER_ACCOUNT,
        defaults={"role": Role.ADMINISTRATOR, "is_active": False, "first_name": "Överföring"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def held_back(records: TransferRecords, unit: Unit) -> set[str]:
    """People the check took for new in the unit (a row of a district it serves) whom the
    city already has, at another unit: they are not written."""
    outside = {r.personnummer for r in records.participants} - unit.scope.own_people
    held: set[str] = set()
    numbers = sorted(outside)
    for part in chunks(numbers):
        held.update(
            Participant.objects.filter(personal_identity_number__in=part).values_list(
                "personal_identity_number", flat=True
            )
        )
    return held


def without(
    records: TransferRecords, held: set[str]
) -> tuple[TransferRecords, list[tuple[str, Any]]]:
    """The records less those of the held-back people, and those taken out with their file."""
    kept: dict[str, tuple[Any, ...]] = {}
    taken: list[tuple[str, Any]] = []
    for name in fmt.FILE_NAMES:
        rows = getattr(records, name)
        kept[name] = tuple(r for r in rows if r.personnummer not in held)
        taken.extend((name, r) for r in rows if r.personnummer in held)
    return TransferRecords(**kept), taken


def after_person(records: TransferRecords, after: str) -> TransferRecords:
    """The records of the people after `after`."""
    return TransferRecords(
        **{
            name: tuple(r for r in getattr(records, name) if r.personnummer > after)
            for name in fmt.FILE_NAMES
        }
    )


def reconciliation(
    read: Mapping[str, int],
    counts: dict[str, Counter[str]] | None,
    rejects: Sequence[Reject],
    notices: Sequence[Notice] = (),
) -> dict[str, dict[str, int]]:
    """Per file: read, created, updated, unchanged, rejected, and of the rows imported, how
    many with a warning."""
    rejected: dict[str, set[int]] = {}
    for reject in rejects:
        rejected.setdefault(reject.file, set()).add(reject.row)
    warned: dict[str, set[int]] = {}
    for notice in notices:
        warned.setdefault(notice.file, set()).add(notice.row)
    table = {}
    for name, count in read.items():
        done = (counts or {}).get(name, Counter())
        table[name] = {
            "read": count,
            "created": done["created"],
            "updated": done["updated"],
            "unchanged": done["unchanged"],
            "rejected": len(rejected.get(f"{name}.csv", ())),
            "warnings": len(warned.get(f"{name}.csv", ())),
        }
    return table


def transfer_import(
    *,
    result: ValidationResult | CheckedTransfer,
    source: str,
    actor: User | None,
    audit_context: audit.AuditContext,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    progress: Callable[[dict[str, Any]], None] | None = None,
    run: ImportRun | None = None,
    overlap: bool = False,
    unit: Unit | None = None,
    rejects_beside: str = "",
    finished: RunStatus = RunStatus.DONE,
) -> tuple[ImportRun, dict[str, dict[str, int]]]:
    """Write the good records of a checked transfer; nothing when dry-run, or when any row was
    rejected under all-or-nothing. `result` is a transfer validated whole (`validate`) or one
    streamed a batch of people at a time (`checked_transfer`), which holds one batch in memory
    whatever the size of the file. People are written in batches, one transaction each
    (`batches.py`), with an audit entry for each person whose data it created or changed; the
    run's progress and checkpoint are committed with each batch, and an import of a run that
    has a checkpoint goes on after it (the batches before it are checked again, for their
    rejects, but not written). At the end, in one transaction: the reconciliation, the run's
    `finished` status and one audit entry naming who imported what. Under all-or-nothing the
    file is checked through first, then written in one transaction. A dry run makes the same
    writes and rolls each batch back, so that its counts of what would be created, updated and
    left unchanged are the real ones.

    `unit` limits the import to a Jobbtorg (a manager's upload, validated with the same unit).
    A person the check took for new there, whom the city already has at another unit, is held
    back: on a dry run their rows count as the rows of a new person would (created), so that the
    check tells nothing of the rest of the city; on the import they are rejected with the same
    message as any row outside the unit, nothing of theirs is written, and their audit extract
    records the attempt. `rejects_beside`: write the rejects files beside this input path.
    `progress` is called with the run's progress after each batch. `overlap`: write two batches
    at once on two connections, committed in order (`lanes.py`; PostgreSQL, outside a
    transaction, an import that writes batch by batch): for the command and the worker's task,
    never a web request, which would hold a second connection."""
    arguments = dict(locals())
    checked = ValidatedTransfer(result) if isinstance(result, ValidationResult) else result
    if run is None:
        # Saved first: the entries of each batch name it. An import stopped part-way (the
        # command, interrupted) leaves it failed, not "importing" for ever.
        run = ImportRun.objects.create(
            imported_by=actor,
            source=source[:500],
            status=RunStatus.VALIDATING if dry_run else RunStatus.IMPORTING,
            dry_run=dry_run,
        )
        try:
            return transfer_import(**{**arguments, "result": checked, "run": run})
        except BaseException:
            _stopped(run.pk)
            raise
    size = settings.JOBBTORG_TRANSFER_BATCH_PEOPLE
    # All or nothing, and a row was rejected: nothing is written, nothing counted.
    checked_rejects: list[Reject] = []
    refused_whole = False
    if all_or_nothing:
        for batch in checked.batches(size):
            checked_rejects.extend(batch.rejects)
        refused_whole = bool(checked_rejects)
    writes = not dry_run and not refused_whole
    checkpoint = Checkpoint.of(run.checkpoint) if writes else Checkpoint()
    counts = checkpoint.counters()
    refused = checkpoint.refused()
    notices = checkpoint.noticed()
    held_rows: list[tuple[str, Any]] = []
    state = Progress(checked, step="import" if writes else "check", done=checkpoint)
    # The page shows how many people there are as soon as the file is read, before the first
    # batch is in.
    run.progress = state.as_json()
    ImportRun.objects.filter(pk=run.pk).update(progress=run.progress)
    if not refused_whole:
        account = actor or transfer_account()
        tally = _Tally(run, state, checkpoint, counts, refused, notices)

        def jobs() -> Iterator[_Job]:
            """The batches to write: the people after the checkpoint, less those held back."""
            for batch in checked.batches(size):
                if not all_or_nothing:
                    checked_rejects.extend(batch.rejects)
                numbers = [number for number in batch.numbers if number > checkpoint.after]
                if not numbers:
                    # Rows of no person (counted once, at the start), or people a stopped
                    # import already wrote.
                    if not batch.numbers and not checkpoint.after:
                        state.add([], batch.rows)
                    continue
                records = batch.records
                if len(numbers) < len(batch.numbers):
                    records = after_person(records, checkpoint.after)
                if unit is not None:
                    records, held = without(records, held_back(records, unit))
                    held_rows.extend(held)
                yield _Job(numbers, records, batch.rows)

        if overlap and writes and not all_or_nothing and lanes.usable():

            def write(job: _Job, wait_turn: Callable[[], None]) -> None:
                with transaction.atomic():
                    importer = _written(account, unit, job.records)
                    # The audit chain and the checkpoint, in the order of the batches.
                    wait_turn()
                    tally.add(importer, job)
                    tally.commit(audit_context, importer, job)

            with closing(lanes.in_turn(jobs(), write)) as written:
                for job in written:
                    if progress is not None:
                        progress(job.progress)
        else:
            whole = transaction.atomic() if all_or_nothing and writes else nullcontext()
            with whole:
                for job in jobs():
                    with transaction.atomic():
                        importer = _written(account, unit, job.records)
                        tally.add(importer, job)
                        if all_or_nothing and importer.rejects:
                            refused_whole, writes = True, False
                        if writes:
                            tally.commit(audit_context, importer, job)
                        else:
                            transaction.set_rollback(True)
                    if not writes:
                        run.progress = state.as_json()
                        ImportRun.objects.filter(pk=run.pk).update(progress=run.progress)
                    if progress is not None:
                        progress(run.progress)
                    if refused_whole:
                        transaction.set_rollback(True)
                        break
    rejects = checked_rejects + refused
    for name, record in held_rows:
        if writes:
            rejects.append(held_reject(name, record))
        else:
            counts.setdefault(name, Counter())["created"] += 1
    if refused_whole:
        counts = {}
        notices = []
    rejects.sort(key=lambda r: (fmt.FILE_NAMES.index(r.file.removesuffix(".csv")), r.row))
    notices.sort(key=lambda n: (fmt.FILE_NAMES.index(n.file.removesuffix(".csv")), n.row))
    # Told in the language of the run (the installation's, Swedish, in a worker) in the rejects
    # file and the command's output; the page tells its sample again in the reader's (`msgid`).
    told = [replace(r, message=r.text(_)) if r.message else r for r in rejects]
    if rejects_beside and told:
        write_rejects(rejects_beside, told)
    table = reconciliation(checked.read, counts, rejects, notices)
    with transaction.atomic():
        run.source = source[:500]
        run.status = finished
        run.dry_run = not writes
        run.all_or_nothing = all_or_nothing
        run.reconciliation = table
        run.rejects_total = len(rejects)
        run.rejects_sample = [
            {
                "file": r.file,
                "row": r.row,
                "column": r.column,
                "message": t.message,
                "msgid": r.msgid,
                "params": dict(r.params),
            }
            for r, t in zip(rejects[:REJECTS_SHOWN], told, strict=False)
        ]
        run.warnings_total = len(notices)
        run.warnings_sample = [
            {
                "file": n.file,
                "row": n.row,
                "column": n.column,
                "message": _(n.message),
                "msgid": n.message,
                "params": {},
            }
            for n in notices[:REJECTS_SHOWN]
        ]
        run.checkpoint = {}
        run.save()
        audit.transfer_imported(audit_context, run)
        if writes and any(c["created"] or c["updated"] for c in counts.values()):
            records_imported.send(sender=ImportRun, run=run)
        if writes and index_store.is_stored():
            # Bulk writes send no signal: the imported profiles and cases reach the matching
            # index now rather than at the web processes' next periodic check.
            index_store.request_rebuild()
        if writes:
            held_numbers = sorted({record.personnummer for _name, record in held_rows})
            for part in chunks(held_numbers):
                audit.transfer_people_refused(
                    audit_context,
                    run,
                    Participant.objects.filter(personal_identity_number__in=part),
                )
    return run, table


def _stopped(run_id: int) -> None:
    run = ImportRun.objects.get(pk=run_id)
    done = Checkpoint.of(run.checkpoint).people_done
    message = _(
        "The import stopped after %(done)s of %(total)s people. They are imported in full, the "
        "others not at all: run the command again to import the rest."
    ) % {"done": done, "total": run.progress.get("people", {}).get("total", "?")}
    ImportRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, message=message)


def keep_deadlines(importer: Importer, records: Any) -> None:
    """The batch's cases' deadline columns, which the rows written in bulk did not keep."""
    case_deadlines_keep(
        referral_ids=[case.pk for case in importer.cases.values()], as_of=importer.today
    )


WRITERS = (
    write_people,
    write_plan_versions,
    write_activities,
    write_interruptions,
    write_exits,
    write_assistance,
    keep_deadlines,
)


@dataclass
class _Job:
    """A batch of people to write: their numbers, their records, its rows per file, and the
    run's progress once it is written."""

    numbers: list[str]
    records: TransferRecords
    rows: Mapping[str, int]
    progress: dict[str, Any] = field(default_factory=dict)


def _written(account: User, unit: Unit | None, records: TransferRecords) -> Importer:
    """A batch's records written by each writer in turn, in the caller's transaction."""
    importer = Importer(account, unit)
    for write in WRITERS:
        write(importer, records)
    return importer


class _Tally:
    """What the batches written so far add up to: counts, rows refused, progress, checkpoint."""

    def __init__(
        self,
        run: ImportRun,
        state: "Progress",
        checkpoint: Checkpoint,
        counts: dict[str, Counter[str]],
        refused: list[Reject],
        notices: list[Notice],
    ) -> None:
        self.run = run
        self.state = state
        self.checkpoint = checkpoint
        self.counts = counts
        self.refused = refused
        self.notices = notices

    def add(self, importer: Importer, job: _Job) -> None:
        for name, counter in importer.counts.by_file.items():
            self.counts.setdefault(name, Counter()).update(counter)
        # Rows the rules refused once they met the case they belong to.
        self.refused.extend(importer.rejects)
        self.notices.extend(importer.notices)
        self.state.add(job.numbers, job.rows)

    def commit(self, audit_context: audit.AuditContext, importer: Importer, job: _Job) -> None:
        """The batch's audit entries, and the run's checkpoint and progress, in the batch's
        transaction."""
        run = self.run
        # The to-dos of the cases the batch exited close as an exit on the page closes them.
        exited_cases_close(exits=importer.exited, audit_context=audit_context)
        _people_imported(audit_context, run, importer)
        self.checkpoint.advance(
            job.numbers[-1], len(job.numbers), self.counts, self.refused, self.notices
        )
        run.checkpoint = self.checkpoint.as_json()
        run.progress = job.progress = self.state.as_json()
        run.save(update_fields=["checkpoint", "progress", "updated_at"])


def _people_imported(audit_context: audit.AuditContext, run: ImportRun, importer: Importer) -> None:
    audit.transfer_people_imported(
        audit_context,
        run,
        [
            (importer.people[number], sorted(files))
            for number, files in sorted(importer.written.items())
            if number in importer.people
        ],
    )


class Progress:
    """What the page shows while a run works: people and each file's rows, done of total."""

    def __init__(self, checked: CheckedTransfer, *, step: str, done: Checkpoint) -> None:
        self.step = step
        self.people = [done.people_done, checked.people]
        totals = checked.rows()
        before = checked.rows_up_to(done.after)
        self.files = {name: [before.get(name, 0), total] for name, total in totals.items() if total}

    def add(self, numbers: Sequence[str], rows: Mapping[str, int]) -> None:
        self.people[0] += len(numbers)
        for name, count in rows.items():
            if name in self.files:
                self.files[name][0] += count

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "people": {"done": self.people[0], "total": self.people[1]},
            "files": {name: {"done": d, "total": t} for name, (d, t) in self.files.items()},
        }


def held_reject(name: str, record: Any) -> Reject:
    return Reject(
        file=f"{name}.csv",
        row=record.row,
        column="",
        message=not_in_unit_message(),
        values=record_to_row(record),
    )
