"""Validate transfer input row by row, with the rules the pages and the API apply (R34).

Every row is checked on its own (its values and their order), then against the other rows of its
file (a key may appear once), then against the rows it depends on:

- plans, activities, interruptions and exits belong to a person who has a good row in
  participants.csv, or who is already in the product (`known_people`);
- an activity belongs to a plan with a good row in plans.csv, or already in the product
  (`known_plans`, with the plan's start and end), and lies inside it;
- assistance rows need no participant: they also describe the comparison pool;
- an exit is judged by the exit rule (`engines/rules/exit.py`), the one the exit service
  applies to an exit recorded on a page or in the API; its date against the referral once the
  person's participants row is known.

A bad row becomes one `Reject` per problem (file, row, column or "" for the whole row, a plain
English message, the row's original values). A row that depends on a rejected row is rejected
too, naming the row it depended on; a good row becomes a typed record. Keys that may appear only
once in a file reject *every* row that shares one: which of them is right is for a person to say.

An upload limited to one unit (a Jobbtorg manager's, `UnitScope`) decides from what the row says
and what the unit already has, never from what the rest of the city holds, so that the answer
for a personnummer unknown in the city and for one known at another unit is the same: a person
already in the unit (`own_people`) may be changed; any other person only through a participants
row whose home district the unit serves (created as new); every other row of a person outside
the unit is rejected with the unit's message, which names no place. Assistance rows are taken
only for people already in the unit.

Keys used to match a row with what is already in the product, and to find duplicates:
participants by personnummer; plans by personnummer + plan_ref; activities by personnummer +
plan_ref + activity_type + provider + start; interruptions by personnummer + start; exits by
personnummer; assistance by personnummer + month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from jobbtorg.engines.rules import exit as exit_rule
from jobbtorg.engines.rules.problems import gettext_noop
from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.read import TransferInput
from jobbtorg.engines.transfer.records import ParticipantRecord, TransferRecords
from jobbtorg.engines.transfer.rows import (
    AT_ONCE,
    READERS,
    Params,
    RowCheck,
    RowContext,
    display,
    exit_problems_on_row,
)

_K = TypeVar("_K", bound=Hashable)

# The messages across rows and files, msgids as in `rows` (%(rows)s: "3" or "2, 3 and 4").
# A key that recurs, by file: (on one other row, on several).
DUPLICATES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "participants": (
            gettext_noop(
                "The personnummer %(person)s is also on row %(row)s of %(file)s: keep one row."
            ),
            gettext_noop(
                "The personnummer %(person)s is also on rows %(rows)s and %(row)s of %(file)s: "
                "keep one row."
            ),
        ),
        "exits": (
            gettext_noop("An exit of %(person)s is also on row %(row)s of %(file)s: keep one row."),
            gettext_noop(
                "An exit of %(person)s is also on rows %(rows)s and %(row)s of %(file)s: keep "
                "one row."
            ),
        ),
        "plans": (
            gettext_noop(
                "The plan %(plan_ref)s of %(person)s is also on row %(row)s of %(file)s: keep "
                "one row."
            ),
            gettext_noop(
                "The plan %(plan_ref)s of %(person)s is also on rows %(rows)s and %(row)s of "
                "%(file)s: keep one row."
            ),
        ),
        "assistance": (
            gettext_noop(
                "Assistance to %(person)s for %(month)s is also on row %(row)s of %(file)s: keep "
                "one row."
            ),
            gettext_noop(
                "Assistance to %(person)s for %(month)s is also on rows %(rows)s and %(row)s of "
                "%(file)s: keep one row."
            ),
        ),
        "interruptions": (
            gettext_noop(
                "An interruption of %(person)s from %(start)s is also on row %(row)s of "
                "%(file)s: keep one row."
            ),
            gettext_noop(
                "An interruption of %(person)s from %(start)s is also on rows %(rows)s and "
                "%(row)s of %(file)s: keep one row."
            ),
        ),
        "activities": (
            gettext_noop(
                "The activity %(activity_type)s at %(provider)s from %(start)s in plan "
                "%(plan_ref)s of %(person)s is also on row %(row)s of %(file)s: keep one row."
            ),
            gettext_noop(
                "The activity %(activity_type)s at %(provider)s from %(start)s in plan "
                "%(plan_ref)s of %(person)s is also on rows %(rows)s and %(row)s of %(file)s: "
                "keep one row."
            ),
        ),
    }
)
ONGOING_TWICE = (
    gettext_noop(
        "%(person)s also has an ongoing interruption on row %(row)s: only one can be ongoing."
    ),
    gettext_noop(
        "%(person)s also has an ongoing interruption on rows %(rows)s and %(row)s: only one can "
        "be ongoing."
    ),
)
TOO_MANY_VALUES = gettext_noop("The row has more values than the header has columns: %(values)s.")
DEPENDS = gettext_noop("This row depends on %(file)s row %(row)s, which was rejected.")
NO_PARTICIPANT = gettext_noop(
    "No participant %(person)s in participants.csv, and the person is not already in the product."
)
PLAN_BEFORE_ENROLMENT = gettext_noop(
    "A plan is written after the first meeting: participants.csv row %(row)s has no enrolled_on."
)
NO_PLAN = gettext_noop(
    "No plan %(plan_ref)s of %(person)s in plans.csv, and none already in the product."
)
ACTIVITY_BEFORE_PLAN = gettext_noop(
    "The activity starts (%(start)s) before its plan: its plan runs from %(plan_start)s to "
    "%(plan_end)s."
)
ACTIVITY_AFTER_PLAN = gettext_noop(
    "The activity ends (%(end)s) after its plan: its plan runs from %(plan_start)s to %(plan_end)s."
)
INTERRUPTION_NOT_ENROLLED = gettext_noop(
    "Only an enrolled participation can be interrupted: participants.csv row %(row)s has no "
    "enrolled_on."
)
INTERRUPTION_BEFORE_ENROLMENT = gettext_noop(
    "The interruption starts (%(start)s) before the enrolment (%(enrolled_on)s)."
)


@dataclass(frozen=True)
class UnitScope:
    """The unit an upload is limited to: the people already in it (12-digit numbers), the
    district slugs it serves today, and the one message for a row outside it."""

    own_people: frozenset[str]
    served_districts: frozenset[str]
    message: str = "The person is not in your Jobbtorg."


@dataclass(frozen=True)
class Reject:
    """One problem with one row. `file` is the file name ("plans.csv"); `column` is "" when the
    problem is the whole row; `values` are the row's values as read. `message` is the English
    text; `msgid` and `params` the message it was made of, for the app to translate (`text`);
    a reject the app made in its own words has `message` only."""

    file: str
    row: int
    column: str
    message: str
    values: Mapping[str, str]
    msgid: str = ""
    params: Params = ()

    def text(self, translate: Callable[[str], str] = gettext_noop) -> str:
        """The message in the language of `translate` (the app's gettext)."""
        if not self.msgid:
            return translate(self.message)
        message = translate(self.msgid)
        return message % dict(self.params) if self.params else message

    @classmethod
    def of(
        cls,
        file: str,
        row: int,
        column: str,
        msgid: str,
        values: Mapping[str, str],
        params: Params = (),
    ) -> Reject:
        """The reject of a message `msgid` with its `params`."""
        message = msgid % dict(params) if params else msgid
        return cls(file, row, column, message, values, msgid, tuple(params))


@dataclass(frozen=True)
class ValidationResult:
    records: TransferRecords
    rejects: tuple[Reject, ...]
    # Data rows read per file name ("plans"), for the files present in the input.
    read: Mapping[str, int]

    @property
    def ok(self) -> bool:
        return not self.rejects

    def rejected_rows(self, file: str) -> int:
        """How many rows of `file` (a name such as "plans") were rejected."""
        filename = f"{file}.csv"
        return len({r.row for r in self.rejects if r.file == filename})


def _key(name: str, row: RowCheck) -> Hashable | None:
    """The row's key in its file; None when a part of it is not good."""
    pnr, parsed = row.pnr, row.parsed
    if pnr is None:
        return None
    if name in ("participants", "exits"):
        return pnr
    if name == "plans" and "plan_ref" in parsed:
        return (pnr, parsed["plan_ref"])
    if name == "assistance" and "month" in parsed:
        return (pnr, parsed["month"])
    if name == "interruptions" and "start" in parsed:
        return (pnr, parsed["start"])
    if name == "activities" and all(
        column in parsed for column in ("plan_ref", "activity_type", "provider", "start")
    ):
        return (
            pnr,
            parsed["plan_ref"],
            parsed["activity_type"],
            parsed["provider"].lower(),
            parsed["start"],
        )
    return None


def _described(name: str, row: RowCheck) -> dict[str, object]:
    """What names a row's key (a row that has one: `_key`), the params of `DUPLICATES`."""
    parsed = row.parsed
    params: dict[str, object] = {"person": display(row.pnr or "")}
    if name == "plans":
        params["plan_ref"] = parsed["plan_ref"]
    elif name == "assistance":
        params["month"] = f"{parsed['month']:%Y-%m}"
    elif name == "interruptions":
        params["start"] = parsed["start"]
    elif name == "activities":
        params.update(
            {
                column: parsed[column]
                for column in ("activity_type", "provider", "start", "plan_ref")
            }
        )
    return params


def _rows_fail(
    row: RowCheck, column: str, messages: tuple[str, str], numbers: list[int], /, **params: object
) -> None:
    """`messages`: the message naming one other row, and the one naming several."""
    if len(numbers) == 1:
        row.fail(column, messages[0], row=numbers[0], **params)
    else:
        rows = ", ".join(str(n) for n in numbers[:-1])
        row.fail(column, messages[1], rows=rows, row=numbers[-1], **params)


def _reject_duplicates(name: str, rows: list[RowCheck]) -> None:
    first: dict[Hashable, RowCheck] = {}
    # Only the keys that recur get a group: most keys are on one row.
    groups: dict[Hashable, list[RowCheck]] = {}
    for row in rows:
        key = _key(name, row)
        if key is not None and (seen := first.setdefault(key, row)) is not row:
            groups.setdefault(key, [seen]).append(row)
    for group in groups.values():
        # As before: the description of the group's last row names them all.
        description = _described(name, group[-1])
        for row in group:
            others = [other.row_number for other in group if other is not row]
            _rows_fail(row, "", DUPLICATES[name], others, file=row.filename, **description)


def _depends(row: RowCheck, on: RowCheck) -> None:
    row.fail("", DEPENDS, file=on.filename, row=on.row_number)


def _first_rows(rows: list[RowCheck], key: Callable[[RowCheck], _K | None]) -> dict[_K, RowCheck]:
    first: dict[_K, RowCheck] = {}
    for row in rows:
        value = key(row)
        if value is not None:
            first.setdefault(value, row)
    return first


def _plan_key(row: RowCheck) -> tuple[str, str] | None:
    if row.pnr is None or "plan_ref" not in row.parsed:
        return None
    return (row.pnr, str(row.parsed["plan_ref"]))


@dataclass(frozen=True)
class _Person:
    """Whether a dependent row's person stands, and their participants row when there is one
    in this input (None when the person is only known to the product)."""

    stands: bool
    participant: ParticipantRecord | None = None


_FALLS = _Person(stands=False)


class _People:
    """The people the dependent files may refer to: a participants row or the product."""

    def __init__(
        self, participants: list[RowCheck], known: frozenset[str], unit: UnitScope | None
    ) -> None:
        # With duplicates, every row of the person is rejected; the first is the one named.
        self.rows = _first_rows(participants, lambda row: row.pnr)
        self.known = known
        self.unit = unit

    def of(self, row: RowCheck) -> _Person:
        """The row's person; when it falls, the row says why."""
        if row.pnr is None:
            return _FALLS
        first = self.rows.get(row.pnr)
        if first is not None:
            if first.rejected:
                _depends(row, first)
                return _FALLS
            return _Person(stands=True, participant=first.record)
        if row.pnr in self.known:
            return _Person(stands=True)
        if self.unit is not None:
            row.fail("", self.unit.message)
            return _FALLS
        row.fail("personnummer", NO_PARTICIPANT, person=display(row.pnr))
        return _FALLS


def _check_plans(rows: list[RowCheck], people: _People) -> None:
    for row in rows:
        participant = people.of(row).participant
        if participant is not None and participant.enrolled_on is None:
            row.fail("", PLAN_BEFORE_ENROLMENT, row=participant.row)


def _check_activities(
    rows: list[RowCheck],
    people: _People,
    plans: list[RowCheck],
    known_plans: Mapping[tuple[str, str], tuple[date, date]],
) -> None:
    plan_rows = _first_rows(plans, _plan_key)
    for row in rows:
        key = _plan_key(row)
        # A person who falls is the only thing said: their plans fell with them.
        if not people.of(row).stands or key is None:
            continue
        plan = plan_rows.get(key)
        if plan is not None:
            if plan.rejected:
                _depends(row, plan)
                continue
            span = (plan.record.start, plan.record.end)
        elif key in known_plans:
            span = known_plans[key]
        else:
            row.fail("plan_ref", NO_PLAN, plan_ref=key[1], person=display(key[0]))
            continue
        start, end = row.parsed.get("start"), row.parsed.get("end")
        plan_span = {"plan_start": span[0], "plan_end": span[1]}
        if start is not None and start < span[0]:
            row.fail("start", ACTIVITY_BEFORE_PLAN, start=start, **plan_span)
        if end is not None and end > span[1]:
            row.fail("end", ACTIVITY_AFTER_PLAN, end=end, **plan_span)


def _check_interruptions(rows: list[RowCheck], people: _People) -> None:
    ongoing: dict[str, list[RowCheck]] = defaultdict(list)
    for row in rows:
        participant = people.of(row).participant
        start = row.parsed.get("start")
        if participant is not None:
            if participant.enrolled_on is None:
                row.fail("", INTERRUPTION_NOT_ENROLLED, row=participant.row)
            elif start is not None and start < participant.enrolled_on:
                row.fail(
                    "start",
                    INTERRUPTION_BEFORE_ENROLMENT,
                    start=start,
                    enrolled_on=participant.enrolled_on,
                )
        if row.pnr is not None and not row.raw("end"):
            ongoing[row.pnr].append(row)
    for pnr, group in ongoing.items():
        for row in group if len(group) > 1 else ():
            others = [other.row_number for other in group if other is not row]
            _rows_fail(row, "end", ONGOING_TWICE, others, person=display(pnr))


def _check_exits(rows: list[RowCheck], people: _People) -> None:
    """The exit rule's date against the referral, now that the person's row is known."""
    for row in rows:
        participant = people.of(row).participant
        exit_date = row.parsed.get("exit_date")
        if participant is None or exit_date is None:
            continue
        exit_problems_on_row(
            row,
            exit_rule.date_problems(
                exit_date, today=row.context.today, referred_on=participant.referred_on
            ),
        )


def _check_unit_people(rows: list[RowCheck], unit: UnitScope) -> None:
    """A participants row stays inside the unit: its home district is one the unit serves."""
    for row in rows:
        text = row.raw("home_district")
        district = row.context.codes.district_slug(text) if text else None
        if row.pnr is not None and district is not None and district not in unit.served_districts:
            row.fail("", unit.message)


def _check_unit_assistance(rows: list[RowCheck], unit: UnitScope) -> None:
    for row in rows:
        if row.pnr is not None and row.pnr not in unit.own_people:
            row.fail("", unit.message)


def validate(
    transfer: TransferInput,
    codes: fmt.ReferenceCodes,
    *,
    today: date,
    known_people: frozenset[str] = frozenset(),
    known_plans: Mapping[tuple[str, str], tuple[date, date]] | None = None,
    unit: UnitScope | None = None,
) -> ValidationResult:
    """Check every row of `transfer` against `codes`, on `today` (for what cannot lie ahead).

    `known_people`: 12-digit numbers of people already in the product, whose dependent rows may
    come without a participants row. `known_plans`: (personnummer, plan_ref) -> (start, end) of
    plans already in the product, whose activities may come without a plans row.
    `unit`: limit the upload to one unit; then its own people stand for `known_people`, only
    their plans are taken from `known_plans`, and nothing else of the product is consulted.
    """
    context = RowContext(codes, today)
    checked: dict[str, list[RowCheck]] = {}
    for name, table in transfer.tables.items():
        rows = []
        at_once = AT_ONCE.get(name)
        for input_row in table.rows:
            row = RowCheck(table, input_row, context)
            if input_row.extra:
                row.fail(
                    "",
                    TOO_MANY_VALUES,
                    values=", ".join(repr(value) for value in input_row.extra),
                )
            elif at_once is not None:
                row.record = at_once(row)
            if row.record is None:
                row.record = READERS[name](row)
            rows.append(row)
        _reject_duplicates(name, rows)
        checked[name] = rows

    # Across files in dependency order, so that whether a row was rejected is settled before
    # any row that depends on it is looked at.
    if unit is not None:
        # Only what the unit has may decide: the rest of the product is not looked at.
        known_people = unit.own_people
        known_plans = {
            key: span for key, span in (known_plans or {}).items() if key[0] in unit.own_people
        }
        _check_unit_people(checked.get("participants", []), unit)
        _check_unit_assistance(checked.get("assistance", []), unit)
    people = _People(checked.get("participants", []), known_people, unit)
    _check_plans(checked.get("plans", []), people)
    _check_activities(
        checked.get("activities", []), people, checked.get("plans", []), known_plans or {}
    )
    _check_interruptions(checked.get("interruptions", []), people)
    _check_exits(checked.get("exits", []), people)

    rejects: list[Reject] = []
    good: dict[str, tuple[Any, ...]] = {}
    for name in fmt.FILE_NAMES:
        rows = checked.get(name, [])
        good[name] = tuple(row.record for row in rows if not row.rejected)
        for row in rows:
            if not row.errors:
                continue
            values = MappingProxyType(dict(row.row.values))
            rejects.extend(
                Reject.of(row.filename, row.row_number, column, message, values, params)
                for column, message, params in row.errors
            )
    return ValidationResult(
        records=TransferRecords(**good),
        rejects=tuple(rejects),
        read=MappingProxyType({name: len(rows) for name, rows in checked.items()}),
    )
