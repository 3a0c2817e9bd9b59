"""What every writer of an import shares: who makes it, the people, cases and plans found so
far, the counts per file, and the rows refused at writing time."""

import datetime as dt
from typing import Any

from django.utils import timezone

from jobbtorg.engines.transfer.notices import Notice, notice_of
from jobbtorg.engines.transfer.validate import Reject
from jobbtorg.engines.transfer.write import record_to_row
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import Participant, Referral
from jobbtorg.plans.models import PlanVersion
from jobbtorg.transfer.services.bulk import Counts
from jobbtorg.transfer.services.checks import Unit


class Importer:
    """The state one batch of an import builds up as it writes file after file."""

    def __init__(self, actor: User, unit: Unit | None = None) -> None:
        self.actor = actor
        self.unit = unit
        # Per person (personnummer): the files whose rows created or changed their data.
        self.written: dict[str, set[str]] = {}
        self.counts = Counts()
        self.today = timezone.localdate()
        self.people: dict[str, Participant] = {}
        self.cases: dict[str, Referral] = {}
        self.plans: dict[tuple[str, str], PlanVersion] = {}
        # Rows the rules refused only once they met the product (the case they belong to).
        self.rejects: list[Reject] = []
        # Rows imported with a warning (`engines/transfer/notices.py`).
        self.notices: list[Notice] = []
        # Cases this batch exited, with the exit date: what waited on them is closed when the
        # batch is committed (`participants.services.exits.exited_cases_close`).
        self.exited: list[tuple[Referral, dt.date]] = []

    def wrote(self, number: str, file: str) -> None:
        self.written.setdefault(number, set()).add(file)

    def reject(
        self, name: str, record: Any, column: str, message: str, /, **params: object
    ) -> None:
        """Refuse one row at writing time: it is counted and listed as rejected. `message`: a
        msgid, with `params`, translated where the reject is stored (`imports`)."""
        self.rejects.append(
            Reject.of(
                f"{name}.csv",
                record.row,
                column,
                message,
                record_to_row(record),
                tuple((key, str(value)) for key, value in params.items()),
            )
        )

    def notice(self, name: str, record: Any) -> None:
        """Note the warning about a row being written, if it has one."""
        notice = notice_of(name, record)
        if notice is not None:
            self.notices.append(notice)
