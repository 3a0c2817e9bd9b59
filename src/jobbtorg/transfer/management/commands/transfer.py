"""`jobbtorg transfer codes | import PATH [--dry-run] [--all-or-nothing] | export PATH |
purge-uploads`: bulk transfer of case files in the transfer format (docs/transfer-format.md)."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.engines.transfer.read import TransferInput, UnusableInput, open_transfer
from jobbtorg.engines.transfer.write import rejected_rows_path, rejects_path
from jobbtorg.organisation.models import District, User
from jobbtorg.participants.models import (
    EmploymentExtent,
    EmploymentForm,
    ExitReason,
    InterruptionReason,
    TargetGroup,
)
from jobbtorg.providers.models import ActivityType
from jobbtorg.transfer.services.checks import (
    archive_limits,
    checked_transfer,
    refusal_text,
)
from jobbtorg.transfer.services.exports import transfer_export
from jobbtorg.transfer.services.imports import transfer_account, transfer_import

EXIT_ALL_IN, EXIT_SOME_REJECTED, EXIT_UNUSABLE = 0, 1, 2
COLUMNS = ["read", "created", "updated", "unchanged", "rejected", "warnings"]


class Command(BaseCommand):
    help = (
        "Bulk transfer of case files in the transfer format, version 1 (docs/transfer-format.md): "
        "`transfer codes` lists the codes; `transfer import PATH` imports a directory, .zip or "
        ".xlsx."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("codes", help="list the codes the format uses")
        importing = commands.add_parser("import", help="import a directory, .zip or .xlsx")
        importing.add_argument("path")
        importing.add_argument(
            "--dry-run", action="store_true", help="validate and report; write nothing"
        )
        importing.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="write nothing if any row is rejected",
        )
        importing.add_argument(
            "--as", dest="username", help="record the import in this staff account's name"
        )
        commands.add_parser(
            "purge-uploads",
            help="delete uploaded files (and their rejects) older than the retention "
            "(JOBBTORG_TRANSFER_UPLOAD_RETENTION_DAYS)",
        )
        exporting = commands.add_parser(
            "export", help="write every file into a directory, or a .zip when PATH ends in .zip"
        )
        exporting.add_argument("path")
        exporting.add_argument(
            "--as", dest="username", help="record the export in this staff account's name"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "codes":
            self._codes()
            return
        if options["action"] == "purge-uploads":
            from jobbtorg.transfer.services.uploads import purge_uploads

            self.stdout.write(f"Deleted {purge_uploads()} uploaded files and rejects.")
            return
        code = self._export(options) if options["action"] == "export" else self._import(options)
        if code != EXIT_ALL_IN:
            sys.exit(code)

    def _actor(self, options: dict[str, Any]) -> tuple[bool, User | None]:
        if not options.get("username"):
            return True, None
        actor = User.objects.filter(username=options["username"]).first()
        if actor is None:
            self.stderr.write(f"There is no user “{options['username']}”.")
        return actor is not None, actor

    def _export(self, options: dict[str, Any]) -> int:
        found, actor = self._actor(options)
        if not found:
            return EXIT_UNUSABLE
        path = Path(options["path"])
        as_zip = path.suffix.lower() == ".zip"
        if as_zip and path.is_dir():
            self.stderr.write(f"{path} is a directory: give another name for the .zip.")
            return EXIT_UNUSABLE
        if as_zip and not path.parent.is_dir():
            self.stderr.write(f"{path.parent} is not a directory: the .zip cannot be written.")
            return EXIT_UNUSABLE
        if not as_zip and path.exists() and not path.is_dir():
            self.stderr.write(
                f"{path} is a file: export writes a directory of CSV files, or a .zip when "
                "PATH ends in .zip."
            )
            return EXIT_UNUSABLE
        counts = transfer_export(
            path=str(path.resolve()),
            actor=actor,
            audit_context=AuditContext.for_command(
                "transfer export", actor=actor or transfer_account()
            ),
        )
        for name, rows in counts.items():
            self.stdout.write(f"{name + '.csv':<18}{rows:>9} rows")
        return EXIT_ALL_IN

    def _codes(self) -> None:
        sections = [
            ("home_district", District.objects.values_list("slug", "name")),
            (
                "target_group",
                TargetGroup.objects.filter(is_active=True).values_list("code", "name_sv"),
            ),
            (
                "activity_type",
                ActivityType.objects.filter(is_active=True).values_list("code", "name_sv"),
            ),
            ("interruptions.reason", InterruptionReason.choices),
            ("exits.reason", ExitReason.choices),
            ("employment_form", EmploymentForm.choices),
            ("extent", EmploymentExtent.choices),
            (
                "activities.status",
                [(s, s) for s in ("planned", "ongoing", "completed", "interrupted")],
            ),
            (
                "af_registered, wage_subsidy, student_finance",
                [("yes", "yes"), ("no", "no")],
            ),
        ]
        for title, pairs in sections:
            self.stdout.write(f"{title}:")
            for code, name in pairs:
                self.stdout.write(f"  {code:<28} {name}")

    def _progress(self, state: dict[str, Any]) -> None:
        done, total = state["people"]["done"], state["people"]["total"]
        width = 30
        filled = width * done // max(total, 1)
        self.stderr.write(
            f"\r{'people':<14} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            ending="\n" if done == total else "",
        )
        self.stderr.flush()

    @contextmanager
    def _noted(self, transfer: TransferInput) -> Iterator[None]:
        """What was read but will not be imported, before the rows are."""
        for note in transfer.notes():
            self.stderr.write(note)
        yield

    def _import(self, options: dict[str, Any]) -> int:
        path = Path(options["path"])
        found, actor = self._actor(options)
        if not found:
            return EXIT_UNUSABLE
        try:
            with (
                open_transfer(path, archive_limits()) as transfer,
                self._noted(transfer),
                checked_transfer(transfer) as checked,
            ):
                run, table = transfer_import(
                    result=checked,
                    source=str(path.resolve()),
                    actor=actor,
                    # Without --as, the log names the transfer account the rows are written by.
                    audit_context=AuditContext.for_command(
                        "transfer import", actor=actor or transfer_account()
                    ),
                    dry_run=options["dry_run"],
                    all_or_nothing=options["all_or_nothing"],
                    progress=self._progress,
                    # With the rows refused at writing time (a row the rules refuse only once it
                    # meets its case in the product).
                    rejects_beside=str(path),
                    # Two batches at once on two connections (the command's own process).
                    overlap=True,
                )
        except UnusableInput as error:
            self.stderr.write(f"The input cannot be used: {refusal_text(error)}")
            return EXIT_UNUSABLE
        self.stdout.write(f"{'file':<18}" + "".join(f"{c:>11}" for c in COLUMNS))
        for name, counts in table.items():
            self.stdout.write(f"{name + '.csv':<18}" + "".join(f"{counts[c]:>11}" for c in COLUMNS))
        if run.dry_run:
            why = "dry run" if options["dry_run"] else "rows were rejected and --all-or-nothing"
            self.stdout.write(f"Nothing was written ({why}).")
        if run.warnings_total:
            self.stdout.write(f"{run.warnings_total} rows imported with a warning:")
            for warning in run.warnings_sample[:20]:
                self.stdout.write(
                    f"  {warning['file']} row {warning['row']}, {warning['column']}: "
                    f"{warning['message']}"
                )
        if not run.rejects_total:
            # A clean run leaves no rejects of an earlier run to be mistaken for its own.
            rejects_path(path).unlink(missing_ok=True)
            return EXIT_ALL_IN
        listing, rows = rejects_path(path), rejected_rows_path(path)
        self.stdout.write(
            f"{run.rejects_total} problems in {sum(v['rejected'] for v in table.values())} "
            f"rows: {listing}; the rejected rows, to correct and import again: {rows}"
        )
        for reject in run.rejects_sample[:20]:
            column = f", {reject['column']}" if reject["column"] else ""
            self.stdout.write(
                f"  {reject['file']} row {reject['row']}{column}: {reject['message']}"
            )
        if run.rejects_total > 20:
            self.stdout.write(f"  … and {run.rejects_total - 20} more in {listing}")
        return EXIT_SOME_REJECTED
