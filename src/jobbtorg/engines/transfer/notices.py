"""What an import takes but tells about: a row that is valid under the format, yet leaves
something for a person to look at. Such a row is imported and listed as a warning in the
reconciliation, never rejected.

Version 1 of the format fixed the columns of interruptions.csv and exits.csv without
`reason_text`, so a row with the reason `other` and no reason_text is valid under it: the
reason is simply not described.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobbtorg.engines.rules.problems import gettext_noop
from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.records import ExitRecord, InterruptionRecord

REASON_NOT_DESCRIBED = gettext_noop(
    "Imported, but the reason is not described: the reason is other and reason_text is empty."
)


@dataclass(frozen=True)
class Notice:
    """One warning about one imported row: file ("exits.csv"), row, column, message."""

    file: str
    row: int
    column: str
    message: str


def reason_not_described(record: InterruptionRecord | ExitRecord) -> bool:
    return record.reason == fmt.REASON_OTHER and not record.reason_text.strip()


def notice_of(name: str, record: object) -> Notice | None:
    """The warning about a record of file `name` ("exits"), or None when there is none."""
    if isinstance(record, InterruptionRecord | ExitRecord) and reason_not_described(record):
        return Notice(f"{name}.csv", record.row, "reason_text", REASON_NOT_DESCRIBED)
    return None
