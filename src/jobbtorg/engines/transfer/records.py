"""The typed records of the transfer format: what a good row means, and what export starts from.

Personnummer are the 12-digit stored form (YYYYMMDDNNNN), codes are lowercase, text is trimmed,
an empty optional value is "" for text and None for dates, numbers and yes/no. `row` is the row
the record was read from (0 when it was not read from a file); it takes no part in equality, so
that a record read back equals the record written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ParticipantRecord:
    personnummer: str
    first_name: str
    last_name: str
    home_district: str
    target_group: str
    referred_on: date
    enrolled_on: date | None
    coach: str = ""
    af_registered: bool | None = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class PlanRecord:
    personnummer: str
    plan_ref: str
    drawn_up_on: date
    start: date
    end: date
    approved_on: date | None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ActivityRecord:
    personnummer: str
    plan_ref: str
    activity_type: str
    provider: str
    start: date
    end: date
    status: str
    outcome: str = ""
    hours_per_week: Decimal | None = None
    goal: str = ""
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class InterruptionRecord:
    personnummer: str
    reason: str
    start: date
    end: date | None
    reason_text: str = ""
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ExitRecord:
    personnummer: str
    exit_date: date
    reason: str
    reason_text: str = ""
    # Set for an exit to work only; empty otherwise.
    employment_form: str = ""
    extent: str = ""
    hours_per_week: Decimal | None = None
    wage_subsidy: bool | None = None
    employer: str = ""
    occupation_ssyk: str = ""
    # Set for an exit to studies only: whether the studies qualify for student finance; None
    # when not known.
    student_finance: bool | None = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class AssistanceRecord:
    personnummer: str
    # The first day of the month the assistance was paid for.
    month: date
    amount_sek: Decimal
    # The district slug the assistance was paid in; "" when the file does not say.
    district: str = ""
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TransferRecords:
    """The records of one transfer, per file, in file order."""

    participants: tuple[ParticipantRecord, ...] = ()
    plans: tuple[PlanRecord, ...] = ()
    activities: tuple[ActivityRecord, ...] = ()
    interruptions: tuple[InterruptionRecord, ...] = ()
    exits: tuple[ExitRecord, ...] = ()
    assistance: tuple[AssistanceRecord, ...] = ()

    def count(self, file: str) -> int:
        """How many records of `file` (a name such as "plans")."""
        records: tuple[object, ...] = getattr(self, file)
        return len(records)
