"""Reading one row of a transfer file into a record: each value checked the way the pages and
the API check it, every problem collected rather than raised. `validate` adds the checks
across rows and files."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from jobbtorg.engines.rules import deadlines
from jobbtorg.engines.rules import exit as exit_rule
from jobbtorg.engines.rules.personal_identity import (
    InvalidPersonalIdentityNumber,
    parse_personal_identity_number,
)
from jobbtorg.engines.rules.problems import gettext_noop
from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.read import InputRow, InputTable
from jobbtorg.engines.transfer.records import (
    ActivityRecord,
    AssistanceRecord,
    ExitRecord,
    InterruptionRecord,
    ParticipantRecord,
    PlanRecord,
)

NAME_MAX_LENGTH = 100
PLAN_REF_MAX_LENGTH = 100
PROVIDER_MAX_LENGTH = 200
REASON_TEXT_MAX_LENGTH = 300
USERNAME_MAX_LENGTH = 150
ACTIVITY_MAX_HOURS = Decimal(60)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")

# The messages of a rejected row: English msgids with named params, which the app translates
# where it stores or shows them (this module knows no language). Column names and the format's
# own codes are the format's words (docs/transfer-format.md) and stay as they are.
REQUIRED = gettext_noop("%(column)s is required.")
TOO_LONG = gettext_noop("%(column)s is longer than %(max)s characters (%(length)s).")
DATE_REQUIRED = gettext_noop("%(column)s is required: a date, YYYY-MM-DD.")
DATE_NOT_VALID = gettext_noop("%(column)s is not a valid date in the form YYYY-MM-DD: '%(value)s'.")
DATE_AFTER_TODAY = gettext_noop("%(column)s (%(date)s) is after today (%(today)s).")
MONTH_REQUIRED = gettext_noop("%(column)s is required: a month, YYYY-MM.")
MONTH_NOT_VALID = gettext_noop("%(column)s is not a valid month in the form YYYY-MM: '%(value)s'.")
MONTH_AHEAD = gettext_noop("%(column)s (%(value)s) is after this month.")
CHOICE_REQUIRED = gettext_noop("%(column)s is required: one of %(choices)s.")
CHOICE_NOT_KNOWN = gettext_noop("%(column)s is one of %(choices)s, not '%(value)s'.")
OUT_OF_ORDER = gettext_noop("%(column)s (%(date)s) is before %(other)s (%(other_date)s).")
TARGET_GROUP_REQUIRED = gettext_noop(
    "%(column)s is required: a target group code (see jobbtorg transfer codes)."
)
TARGET_GROUP_UNKNOWN = gettext_noop(
    "'%(value)s' is not a known target group code (see jobbtorg transfer codes)."
)
ACTIVITY_TYPE_REQUIRED = gettext_noop(
    "%(column)s is required: an activity type code (see jobbtorg transfer codes)."
)
ACTIVITY_TYPE_UNKNOWN = gettext_noop(
    "'%(value)s' is not a known activity type code (see jobbtorg transfer codes)."
)
INTERRUPTION_REASON_REQUIRED = gettext_noop(
    "%(column)s is required: an interruption reason code (see jobbtorg transfer codes)."
)
INTERRUPTION_REASON_UNKNOWN = gettext_noop(
    "'%(value)s' is not a known interruption reason code (see jobbtorg transfer codes)."
)
DISTRICT_REQUIRED = gettext_noop(
    "%(column)s is required: a district code or name (see jobbtorg transfer codes)."
)
DISTRICT_UNKNOWN = gettext_noop(
    "'%(value)s' is not a known district code or name (see jobbtorg transfer codes)."
)
COACH_UNKNOWN = gettext_noop("'%(value)s' is not the username of a member of staff.")
PLAN_TOO_LONG = gettext_noop(
    "A plan covers at most %(months)s months: one that starts on %(start)s ends on "
    "%(latest)s at the latest, not %(end)s."
)
HOURS_NOT_VALID = gettext_noop(
    "%(column)s is a number of hours above 0 and at most %(max)s, one decimal at most, "
    "not '%(value)s'."
)
AMOUNT_REQUIRED = gettext_noop(
    "%(column)s is required: an amount in kronor, 0 or more, with at most two decimals."
)
AMOUNT_NOT_VALID = gettext_noop(
    "%(column)s is an amount in kronor, 0 or more, with at most two decimals, not '%(value)s'."
)
EXIT_HOURS_NOT_A_NUMBER = gettext_noop(
    "'%(value)s' is not a number. Hours per week is a number above 0 and at most 80, with one "
    "decimal at most."
)
# The exit rule decides that an occupation is unknown; a file names the column it is in.
OCCUPATION_NOT_IN_TAXONOMY = gettext_noop(
    "occupation_ssyk: '%(value)s' is not an occupation group code of Arbetsförmedlingen's "
    "taxonomy (SSYK 2012, four digits)."
)
# Of the numbers a spreadsheet turned into numbers: the leading zero of a year is gone.
PERSONNUMMER_LEADING_ZERO = gettext_noop(
    "A personal identity number has 10 or 12 digits, e.g. 19900101-1234. A spreadsheet may have "
    "dropped a leading zero: store the column as text."
)

Params = tuple[tuple[str, str], ...]


def display(personnummer: str) -> str:
    """YYYYMMDD-NNNN, the form people read, of a stored 12-digit number."""
    return f"{personnummer[:8]}-{personnummer[8:]}"


def parse_date(text: str) -> date | None:
    """A date written YYYY-MM-DD, or None. (`date.fromisoformat` alone also takes YYYYMMDD.)"""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_month(text: str) -> date | None:
    """A month written YYYY-MM, as its first day, or None."""
    if not _MONTH.fullmatch(text):
        return None
    try:
        return date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        return None


def parse_number(text: str) -> Decimal | None:
    """A plain decimal number, or None. A decimal comma is taken as a point and spaces as
    thousands separators, as Swedish spreadsheets write them; exponents are not numbers here."""
    compact = text.replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.fullmatch(compact):
        return None
    return Decimal(compact.replace(",", "."))


def _decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class RowContext:
    """What every row is checked against, and the parses worth doing once."""

    def __init__(self, codes: fmt.ReferenceCodes, today: date) -> None:
        self.codes = codes
        self.today = today
        self.this_month = today.replace(day=1)
        # Case-insensitive lookups that give back the product's own spelling of a code.
        self.target_groups = {c.lower(): c for c in codes.target_groups}
        self.activity_types = {c.lower(): c for c in codes.activity_types}
        self.exit_reasons = {c.lower(): c for c in codes.exit_reasons}
        self.interruption_reasons = {c.lower(): c for c in codes.interruption_reasons}
        self._personnummer: dict[str, tuple[str, str]] = {}
        self._good_months: dict[str, date | None] = {}
        self._good_amounts: dict[str, Decimal | None] = {}

    def personnummer(self, raw: str) -> tuple[str, str]:
        """(12 digits, "") or ("", what is wrong: a msgid); a person's number recurs on many
        rows."""
        cached = self._personnummer.get(raw)
        if cached is None:
            try:
                cached = (parse_personal_identity_number(raw, today=self.today).number, "")
            except InvalidPersonalIdentityNumber as error:
                # The rule's messages are msgids (`personal_identity.py`).
                message = str(error)
                if error.code == "format" and raw.isdigit() and len(raw) in (9, 11):
                    message = PERSONNUMMER_LEADING_ZERO
                cached = ("", message)
            self._personnummer[raw] = cached
        return cached

    def good_month(self, text: str) -> date | None:
        """`text` as a month that passes every check of `RowCheck.get_month`, else None."""
        if text not in self._good_months:
            month = parse_month(text)
            self._good_months[text] = month if month and month <= self.this_month else None
        return self._good_months[text]

    def good_amount(self, text: str) -> Decimal | None:
        """`text` as an amount of assistance that passes every check of `_assistance`, else
        None. Amounts recur (a norm, a rent): each distinct text is read once."""
        if text not in self._good_amounts:
            amount = parse_number(text) if text else None
            good = amount is not None and amount >= 0 and _decimals(amount) <= 2
            self._good_amounts[text] = amount if good else None
        return self._good_amounts[text]


class RowCheck:
    """One row being checked: its values read column by column, the problems collected."""

    def __init__(self, table: InputTable, row: InputRow, context: RowContext) -> None:
        self.filename = table.filename
        self.row = row
        self.context = context
        # (column, msgid, params) of each problem.
        self.errors: list[tuple[str, str, Params]] = []
        self.parsed: dict[str, Any] = {}
        self.record: Any = None
        self.pnr: str | None = None

    @property
    def row_number(self) -> int:
        return self.row.number

    @property
    def rejected(self) -> bool:
        return bool(self.errors)

    def fail(self, column: str, message: str, /, **params: object) -> None:
        """One problem on `column` ("" for the whole row): `message` is a msgid, `params` what
        it names (kept as text)."""
        self.errors.append((column, message, tuple((k, str(v)) for k, v in params.items())))

    def raw(self, column: str) -> str:
        return self.row.values.get(column, "").strip()

    def personnummer(self) -> str | None:
        raw = self.raw("personnummer")
        number, message = self.context.personnummer(raw)
        if message:
            self.fail("personnummer", message)
            return None
        self.pnr = number
        return number

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.raw(column)
        if required and not value:
            self.fail(column, REQUIRED, column=column)
        elif max_length is not None and len(value) > max_length:
            self.fail(column, TOO_LONG, column=column, max=max_length, length=len(value))
        else:
            self.parsed[column] = value
        return value

    def get_date(self, column: str, *, required: bool, past: bool = False) -> date | None:
        """A date; `past`: an event that has happened, so not after today."""
        value = self.raw(column)
        if not value:
            if required:
                self.fail(column, DATE_REQUIRED, column=column)
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.fail(column, DATE_NOT_VALID, column=column, value=value)
            return None
        if past and parsed > self.context.today:
            self.fail(
                column, DATE_AFTER_TODAY, column=column, date=parsed, today=self.context.today
            )
            return None
        self.parsed[column] = parsed
        return parsed

    def get_month(self, column: str) -> date | None:
        value = self.raw(column)
        if not value:
            self.fail(column, MONTH_REQUIRED, column=column)
            return None
        parsed = parse_month(value)
        if parsed is None:
            self.fail(column, MONTH_NOT_VALID, column=column, value=value)
            return None
        if parsed > self.context.this_month:
            self.fail(column, MONTH_AHEAD, column=column, value=value)
            return None
        self.parsed[column] = parsed
        return parsed

    def code(self, column: str, known: Mapping[str, str], *, missing: str, unknown: str) -> str:
        """One of the product's codes (`known`: lowercase -> the code); `missing` and `unknown`
        are the msgids that say what kind of code."""
        value = self.raw(column)
        if not value:
            self.fail(column, missing, column=column)
            return ""
        code = known.get(value.lower())
        if code is None:
            self.fail(column, unknown, value=value)
            return ""
        self.parsed[column] = code
        return code

    def choice(self, column: str, choices: Collection[str], *, required: bool = True) -> str:
        """One of the format's own codes."""
        value = self.raw(column)
        listed = ", ".join(choices)
        if not value:
            if required:
                self.fail(column, CHOICE_REQUIRED, column=column, choices=listed)
            return ""
        if value.lower() not in choices:
            self.fail(column, CHOICE_NOT_KNOWN, column=column, choices=listed, value=value)
            return ""
        self.parsed[column] = value.lower()
        return value.lower()

    def yes_no(self, column: str, *, required: bool = False) -> bool | None:
        choice = self.choice(column, fmt.YES_NO, required=required)
        return None if not choice else choice == fmt.YES

    def get_number(
        self,
        column: str,
        *,
        required: bool,
        places: int,
        accept: Callable[[Decimal], bool],
        missing: str,
        wrong: str,
        **params: object,
    ) -> Decimal | None:
        """`missing`, `wrong`: the msgids for a number not given and not accepted."""
        value = self.raw(column)
        if not value:
            if required:
                self.fail(column, missing, column=column, **params)
            return None
        parsed = parse_number(value)
        if parsed is None or not accept(parsed) or _decimals(parsed) > places:
            self.fail(column, wrong, column=column, value=value, **params)
            return None
        self.parsed[column] = parsed
        return parsed

    def in_order(self, first: str, second: str) -> None:
        """`second` on or after `first`, when both are good dates."""
        before, after = self.parsed.get(first), self.parsed.get(second)
        if before is not None and after is not None and after < before:
            self.fail(
                second, OUT_OF_ORDER, column=second, date=after, other=first, other_date=before
            )


# Reading one row of each file. Each returns the record when the row is good so far, else None.


def _participant(row: RowCheck) -> ParticipantRecord | None:
    context = row.context
    pnr = row.personnummer()
    first_name = row.text("first_name", required=True, max_length=NAME_MAX_LENGTH)
    last_name = row.text("last_name", required=True, max_length=NAME_MAX_LENGTH)
    district_text = row.raw("home_district")
    district = context.codes.district_slug(district_text) if district_text else None
    if not district_text:
        row.fail("home_district", DISTRICT_REQUIRED, column="home_district")
    elif district is None:
        row.fail("home_district", DISTRICT_UNKNOWN, value=district_text)
    target_group = row.code(
        "target_group",
        context.target_groups,
        missing=TARGET_GROUP_REQUIRED,
        unknown=TARGET_GROUP_UNKNOWN,
    )
    referred_on = row.get_date("referred_on", required=True, past=True)
    enrolled_on = row.get_date("enrolled_on", required=False, past=True)
    row.in_order("referred_on", "enrolled_on")
    coach = row.text("coach", max_length=USERNAME_MAX_LENGTH)
    coaches = context.codes.coaches
    if coach and coaches is not None and coach not in coaches:
        row.fail("coach", COACH_UNKNOWN, value=coach)
    af_registered = row.yes_no("af_registered")
    if row.errors or pnr is None or district is None or referred_on is None:
        return None
    return ParticipantRecord(
        personnummer=pnr,
        first_name=first_name,
        last_name=last_name,
        home_district=district,
        target_group=target_group,
        referred_on=referred_on,
        enrolled_on=enrolled_on,
        coach=coach,
        af_registered=af_registered,
        row=row.row_number,
    )


def _plan(row: RowCheck) -> PlanRecord | None:
    pnr = row.personnummer()
    plan_ref = row.text("plan_ref", required=True, max_length=PLAN_REF_MAX_LENGTH)
    drawn_up_on = row.get_date("drawn_up_on", required=True, past=True)
    start = row.get_date("start", required=True)
    end = row.get_date("end", required=True)
    approved_on = row.get_date("approved_on", required=False, past=True)
    row.in_order("drawn_up_on", "approved_on")
    if start is not None and end is not None:
        if end < start:
            row.in_order("start", "end")
        elif not deadlines.plan_length_ok(start, end):
            row.fail(
                "end",
                PLAN_TOO_LONG,
                months=deadlines.PLAN_MONTHS,
                start=start,
                latest=deadlines.latest_plan_end(start),
                end=end,
            )
    if row.errors or pnr is None or drawn_up_on is None or start is None or end is None:
        return None
    return PlanRecord(pnr, plan_ref, drawn_up_on, start, end, approved_on, row=row.row_number)


def _activity(row: RowCheck) -> ActivityRecord | None:
    pnr = row.personnummer()
    plan_ref = row.text("plan_ref", required=True, max_length=PLAN_REF_MAX_LENGTH)
    activity_type = row.code(
        "activity_type",
        row.context.activity_types,
        missing=ACTIVITY_TYPE_REQUIRED,
        unknown=ACTIVITY_TYPE_UNKNOWN,
    )
    provider = row.text("provider", required=True, max_length=PROVIDER_MAX_LENGTH)
    start = row.get_date("start", required=True)
    end = row.get_date("end", required=True)
    row.in_order("start", "end")
    status = row.choice("status", fmt.ACTIVITY_STATUSES)
    outcome = row.text("outcome")
    hours = row.get_number(
        "hours_per_week",
        required=False,
        places=1,
        accept=lambda hours: 0 < hours <= ACTIVITY_MAX_HOURS,
        missing=REQUIRED,
        wrong=HOURS_NOT_VALID,
        max=ACTIVITY_MAX_HOURS,
    )
    goal = row.text("goal")
    if row.errors or pnr is None or start is None or end is None:
        return None
    return ActivityRecord(
        personnummer=pnr,
        plan_ref=plan_ref,
        activity_type=activity_type,
        provider=provider,
        start=start,
        end=end,
        status=status,
        outcome=outcome,
        hours_per_week=hours,
        goal=goal,
        row=row.row_number,
    )


def _interruption(row: RowCheck) -> InterruptionRecord | None:
    pnr = row.personnummer()
    reason = row.code(
        "reason",
        row.context.interruption_reasons,
        missing=INTERRUPTION_REASON_REQUIRED,
        unknown=INTERRUPTION_REASON_UNKNOWN,
    )
    # Version 1 had no reason_text: `other` without one is valid, and imported with a warning
    # (`notices`).
    reason_text = row.text("reason_text", max_length=REASON_TEXT_MAX_LENGTH)
    start = row.get_date("start", required=True)
    end = row.get_date("end", required=False, past=True)
    row.in_order("start", "end")
    if row.errors or pnr is None or start is None:
        return None
    return InterruptionRecord(pnr, reason, start, end, reason_text, row=row.row_number)


# The exit rule's fields, as the columns of exits.csv.
EXIT_COLUMNS: Mapping[exit_rule.Field, str] = MappingProxyType(
    {
        exit_rule.Field.REASON: "reason",
        exit_rule.Field.REASON_TEXT: "reason_text",
        exit_rule.Field.DATE: "exit_date",
        exit_rule.Field.EMPLOYMENT_FORM: "employment_form",
        exit_rule.Field.EXTENT: "extent",
        exit_rule.Field.HOURS: "hours_per_week",
        exit_rule.Field.WAGE_SUBSIDY: "wage_subsidy",
        exit_rule.Field.EMPLOYER: "employer",
        exit_rule.Field.OCCUPATION: "occupation_ssyk",
        exit_rule.Field.STUDENT_FINANCE: "student_finance",
    }
)


# Version 1 of the format had no reason_text: an exit for the reason `other` without one is
# valid under it (imported with a warning, `notices`), though the pages ask for it.
NOT_REQUIRED_BY_THE_FORMAT = frozenset({exit_rule.Code.EXPLANATION_MISSING})

STUDENT_FINANCE_UNKNOWN = gettext_noop(
    "student_finance (whether the studies qualify for student finance) is yes, no or empty "
    "when it is not known."
)


def exit_problems_on_row(row: RowCheck, problems: tuple[exit_rule.Problem, ...]) -> None:
    """The exit rule's problems on their columns, except where a value could not be read at all
    (that column already says so) and what the format does not require."""
    unreadable = {column for column, _message, _params in row.errors}
    for problem in format_exit_problems(problems):
        column = EXIT_COLUMNS[problem.field]
        if column not in unreadable:
            message = (
                OCCUPATION_NOT_IN_TAXONOMY
                if problem.code == exit_rule.Code.OCCUPATION_UNKNOWN
                else problem.message
            )
            row.fail(column, message, **dict(problem.params))


def format_exit_problems(
    problems: tuple[exit_rule.Problem, ...],
) -> tuple[exit_rule.Problem, ...]:
    """The exit rule's problems that make a row of exits.csv invalid."""
    return tuple(p for p in problems if p.code not in NOT_REQUIRED_BY_THE_FORMAT)


def _student_finance(row: RowCheck) -> bool | None:
    """yes or no; empty (or the column left out) is not known."""
    value = row.raw("student_finance").lower()
    if not value:
        return None
    if value not in fmt.YES_NO:
        row.fail("student_finance", STUDENT_FINANCE_UNKNOWN)
        return None
    row.parsed["student_finance"] = value
    return value == fmt.YES


def _exit(row: RowCheck) -> ExitRecord | None:
    """The format reads the values (dates, numbers, yes/no, codes in any capitals); whether they
    make an exit is the exit rule's to say, as for an exit recorded on a page or in the API."""
    pnr = row.personnummer()
    exit_date = row.get_date("exit_date", required=False)
    reason = row.raw("reason").lower()
    hours: Decimal | None = None
    if row.raw("hours_per_week"):
        hours = parse_number(row.raw("hours_per_week"))
        if hours is None:
            row.fail("hours_per_week", EXIT_HOURS_NOT_A_NUMBER, value=row.raw("hours_per_week"))
    employment = exit_rule.Employment(
        form=row.raw("employment_form").lower(),
        extent=row.raw("extent").lower(),
        hours_per_week=hours,
        wage_subsidy=row.yes_no("wage_subsidy"),
        employer=row.raw("employer"),
        occupation_ssyk=row.raw("occupation_ssyk"),
    )
    proposed = exit_rule.ProposedExit(
        reason=reason,
        date=exit_date,
        reason_text=row.raw("reason_text"),
        employment=employment,
        studies_with_student_finance=_student_finance(row),
    )
    # The referral is checked across files (`validate`), where it is known.
    exit_problems_on_row(
        row,
        exit_rule.exit_problems(
            proposed,
            today=row.context.today,
            referred_on=None,
            known_ssyk=row.context.codes.occupations,
        ),
    )
    if row.errors or pnr is None or exit_date is None:
        return None
    return ExitRecord(
        personnummer=pnr,
        exit_date=exit_date,
        reason=reason,
        reason_text=proposed.reason_text,
        employment_form=employment.form,
        extent=employment.extent,
        hours_per_week=employment.hours_per_week,
        wage_subsidy=employment.wage_subsidy,
        employer=employment.employer,
        occupation_ssyk=employment.occupation_ssyk,
        student_finance=proposed.studies_with_student_finance,
        row=row.row_number,
    )


def _assistance(row: RowCheck) -> AssistanceRecord | None:
    pnr = row.personnummer()
    month = row.get_month("month")
    amount = row.get_number(
        "amount_sek",
        required=True,
        places=2,
        accept=lambda amount: amount >= 0,
        missing=AMOUNT_REQUIRED,
        wrong=AMOUNT_NOT_VALID,
    )
    district_text = row.raw("district")
    district = row.context.codes.district_slug(district_text) if district_text else ""
    if district is None:
        row.fail("district", DISTRICT_UNKNOWN, value=district_text)
    if row.errors or pnr is None or month is None or amount is None or district is None:
        return None
    return AssistanceRecord(pnr, month, amount, district, row=row.row_number)


def _assistance_at_once(row: RowCheck) -> AssistanceRecord | None:
    """The record of an assistance row whose every value is good, read with a few lookups of
    values read before (a city's transfer is mostly assistance rows, and their months,
    amounts and districts recur); None when anything is not, and then `_assistance` reads the
    row and says what is wrong. Sets what `_assistance` sets on a good row."""
    values = row.row.values
    context = row.context
    pnr, problem = context.personnummer(values.get("personnummer", "").strip())
    month = context.good_month(values.get("month", "").strip())
    amount = context.good_amount(values.get("amount_sek", "").strip())
    district_text = values.get("district", "").strip()
    district = context.codes.district_slug(district_text) if district_text else ""
    if problem or month is None or amount is None or district is None:
        return None
    row.pnr = pnr
    row.parsed["month"] = month
    row.parsed["amount_sek"] = amount
    return AssistanceRecord(pnr, month, amount, district, row=row.row.number)


# Readers of a row whose values are all good, for the files where that pays; None sends the
# row to the file's reader in READERS.
AT_ONCE: Mapping[str, Callable[[RowCheck], Any]] = MappingProxyType(
    {"assistance": _assistance_at_once}
)

READERS: Mapping[str, Callable[[RowCheck], Any]] = MappingProxyType(
    {
        "participants": _participant,
        "plans": _plan,
        "activities": _activity,
        "interruptions": _interruption,
        "exits": _exit,
        "assistance": _assistance,
    }
)
