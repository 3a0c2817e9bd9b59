"""Every write of the transfer app, one module per noun: `uploads` (a file uploaded on the page,
checked, then imported), `checks` (what a file is checked against), `imports` (writing a
checked file, by the writers `people`, `plans`, `interruptions`, `exits`, `assistance`), and
`exports`."""

from jobbtorg.transfer.services.checks import (
    Unit,
    archive_limits,
    known_people,
    known_plans,
    reference_codes,
    refusal_text,
    unit_of,
)
from jobbtorg.transfer.services.exports import transfer_export, transfer_export_records
from jobbtorg.transfer.services.imports import reconciliation, transfer_account, transfer_import
from jobbtorg.transfer.services.uploads import (
    purge_uploads,
    upload_confirm,
    upload_discard,
    upload_start,
)

__all__ = [
    "Unit",
    "archive_limits",
    "known_people",
    "known_plans",
    "purge_uploads",
    "reconciliation",
    "reference_codes",
    "refusal_text",
    "transfer_account",
    "transfer_export",
    "transfer_export_records",
    "transfer_import",
    "unit_of",
    "upload_confirm",
    "upload_discard",
    "upload_start",
]
