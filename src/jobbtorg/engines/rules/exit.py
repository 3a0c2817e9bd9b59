"""When an exit may be recorded (R19): the one rule every path applies.

The exit service (behind the page and the API), the exit form and the transfer validator all ask
`exit_problems`; the database constraints on `Exit` stay as the backstop, never as the rule.

- Every exit has a reason, one of `ExitReason`; the reason `other` needs an explanation, and an
  explanation is at most 300 characters.
- The exit date is given, is not after today and not before the referral.
- An exit to work records the job: the form of employment, the extent (full or part time) and
  whether it has a wage subsidy. Hours per week are required for part time and optional for
  full time; when given they are a number above 0 and at most 80, with one decimal at most (the
  column holds one decimal; 80 is twice a full-time week, past which a figure is a typing
  mistake). The employer is at most 200 characters, the occupation code at most 8 and, where
  the caller passes the reference data, an SSYK 2012 group code that is in it.
- What is recorded about a job belongs to an exit to work only, and student finance to an exit
  to studies only: an exit for another reason that carries them is refused, naming each value,
  so that nothing a person or a source system wrote is dropped without a word.

Each problem names its field (the keys the service and the API report: `employment.form`, ...),
a stable code, and an English message that the apps translate (`Problem.text(gettext)`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from jobbtorg.engines.rules.problems import gettext_noop


class ExitReason(StrEnum):
    WORK = "work"
    STUDIES = "studies"
    AF_GUARANTEE = "af_guarantee"
    MOVED = "moved"
    OTHER_SUPPORT = "other_support"
    NO_ASSISTANCE = "no_assistance"
    STOPPED = "stopped"
    OTHER = "other"


class EmploymentForm(StrEnum):
    PERMANENT = "permanent"
    TEMPORARY = "temporary"
    MUNICIPAL_MEASURE = "municipal_measure"


class EmploymentExtent(StrEnum):
    FULL = "full"
    PART = "part"


REASONS = frozenset(reason.value for reason in ExitReason)
EMPLOYMENT_FORMS = frozenset(form.value for form in EmploymentForm)
EXTENTS = frozenset(extent.value for extent in EmploymentExtent)
HOURS_ABOVE = Decimal(0)
HOURS_AT_MOST = Decimal(80)
HOURS_DECIMALS = 1
REASON_TEXT_MAX_LENGTH = 300
EMPLOYER_MAX_LENGTH = 200
OCCUPATION_MAX_LENGTH = 8


class Field(StrEnum):
    """Where a problem lies: the names the exit service and the API report."""

    REASON = "reason"
    REASON_TEXT = "reason_text"
    DATE = "date"
    EMPLOYMENT_FORM = "employment.form"
    EXTENT = "employment.extent"
    HOURS = "employment.hours_per_week"
    WAGE_SUBSIDY = "employment.wage_subsidy"
    EMPLOYER = "employment.employer"
    OCCUPATION = "employment.occupation_ssyk"
    STUDENT_FINANCE = "studies_with_student_finance"


class Code(StrEnum):
    REASON_MISSING = "reason_missing"
    REASON_UNKNOWN = "reason_unknown"
    EXPLANATION_MISSING = "explanation_missing"
    EXPLANATION_TOO_LONG = "explanation_too_long"
    DATE_MISSING = "date_missing"
    DATE_IN_FUTURE = "date_in_future"
    DATE_BEFORE_REFERRAL = "date_before_referral"
    EMPLOYMENT_FORM_MISSING = "employment_form_missing"
    EMPLOYMENT_FORM_UNKNOWN = "employment_form_unknown"
    EXTENT_MISSING = "extent_missing"
    EXTENT_UNKNOWN = "extent_unknown"
    HOURS_MISSING = "hours_missing"
    HOURS_NOT_ACCEPTED = "hours_not_accepted"
    WAGE_SUBSIDY_MISSING = "wage_subsidy_missing"
    EMPLOYER_TOO_LONG = "employer_too_long"
    OCCUPATION_TOO_LONG = "occupation_too_long"
    OCCUPATION_UNKNOWN = "occupation_unknown"
    JOB_WITHOUT_WORK = "job_without_work"
    STUDENT_FINANCE_WITHOUT_STUDIES = "student_finance_without_studies"


# The English messages (msgids): the apps translate them; %(name)s takes a problem's params.
MESSAGES: dict[Code, str] = {
    Code.REASON_MISSING: gettext_noop("Every exit has a reason: choose one."),
    Code.REASON_UNKNOWN: gettext_noop(
        "'%(value)s' is not an exit reason: choose one of the reasons for an exit."
    ),
    Code.EXPLANATION_MISSING: gettext_noop(
        "Explain the exit: an explanation is required when the reason is other."
    ),
    Code.EXPLANATION_TOO_LONG: gettext_noop(
        "The explanation is longer than 300 characters (%(length)s)."
    ),
    Code.DATE_MISSING: gettext_noop("The exit date is required."),
    Code.DATE_IN_FUTURE: gettext_noop(
        "The exit date (%(date)s) is after today (%(today)s): it cannot be in the future."
    ),
    Code.DATE_BEFORE_REFERRAL: gettext_noop(
        "The exit (%(date)s) is before the referral (%(referred_on)s)."
    ),
    Code.EMPLOYMENT_FORM_MISSING: gettext_noop(
        "The form of employment is required for an exit to work: permanent, temporary, or a "
        "job that is itself a municipal labour-market measure."
    ),
    Code.EMPLOYMENT_FORM_UNKNOWN: gettext_noop(
        "'%(value)s' is not a form of employment: permanent, temporary, or a job that is itself "
        "a municipal labour-market measure."
    ),
    Code.EXTENT_MISSING: gettext_noop(
        "The extent is required for an exit to work: full time or part time."
    ),
    Code.EXTENT_UNKNOWN: gettext_noop("'%(value)s' is not an extent: full time or part time."),
    Code.HOURS_MISSING: gettext_noop(
        "The hours per week are required for part time: a number above 0 and at most 80, "
        "with one decimal at most."
    ),
    Code.HOURS_NOT_ACCEPTED: gettext_noop(
        "Hours per week is a number above 0 and at most 80, with one decimal at most."
    ),
    Code.WAGE_SUBSIDY_MISSING: gettext_noop(
        "Whether the job has a wage subsidy is required for an exit to work."
    ),
    Code.EMPLOYER_TOO_LONG: gettext_noop(
        "The employer is longer than 200 characters (%(length)s)."
    ),
    Code.OCCUPATION_TOO_LONG: gettext_noop(
        "The occupation code (SSYK) is longer than 8 characters (%(length)s)."
    ),
    Code.OCCUPATION_UNKNOWN: gettext_noop(
        "'%(value)s' is not an occupation in Arbetsförmedlingen's taxonomy (SSYK 2012): type a "
        "few letters of the occupation and choose it from the list."
    ),
    Code.JOB_WITHOUT_WORK: gettext_noop(
        "A job is recorded only for an exit to work: leave it empty or choose the reason work."
    ),
    Code.STUDENT_FINANCE_WITHOUT_STUDIES: gettext_noop(
        "Student finance is recorded only for an exit to studies."
    ),
}


@dataclass(frozen=True)
class Problem:
    """One reason the exit cannot be recorded: where, which rule, and what to say."""

    field: Field
    code: Code
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        """The English message (the msgid) before its params are filled in."""
        return MESSAGES[self.code]

    def text(self, translate: Callable[[str], str] = gettext_noop) -> str:
        """The message with its params, translated by `translate` (the app's gettext)."""
        message = translate(self.message)
        return message % dict(self.params) if self.params else message


@dataclass(frozen=True)
class Employment:
    """The job of an exit to work, as given (empty when nothing was given).

    `hours_per_week` is None when not given; a value that is not a number is passed as
    `Decimal("NaN")` and refused as such."""

    form: str = ""
    extent: str = ""
    hours_per_week: Decimal | None = None
    wage_subsidy: bool | None = None
    employer: str = ""
    occupation_ssyk: str = ""

    def recorded(self) -> tuple[Field, ...]:
        """The fields that carry a value."""
        values = (
            (Field.EMPLOYMENT_FORM, bool(self.form)),
            (Field.EXTENT, bool(self.extent)),
            (Field.HOURS, self.hours_per_week is not None),
            (Field.WAGE_SUBSIDY, self.wage_subsidy is not None),
            (Field.EMPLOYER, bool(self.employer.strip())),
            (Field.OCCUPATION, bool(self.occupation_ssyk.strip())),
        )
        return tuple(name for name, given in values if given)


NO_EMPLOYMENT = Employment()


@dataclass(frozen=True)
class ProposedExit:
    """An exit as someone wants to record it. `reason` is "" when none was given."""

    reason: str
    date: date | None
    reason_text: str = ""
    employment: Employment = NO_EMPLOYMENT
    studies_with_student_finance: bool | None = None


def hours_accepted(hours: Decimal) -> bool:
    """Above 0, at most 80, one decimal at most."""
    if not hours.is_finite() or not HOURS_ABOVE < hours <= HOURS_AT_MOST:
        return False
    exponent = hours.normalize().as_tuple().exponent
    return not isinstance(exponent, int) or exponent >= -HOURS_DECIMALS


def reason_problems(reason: str, reason_text: str) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    if not reason:
        problems.append(Problem(Field.REASON, Code.REASON_MISSING))
    elif reason not in REASONS:
        problems.append(Problem(Field.REASON, Code.REASON_UNKNOWN, (("value", reason),)))
    explanation = reason_text.strip()
    if len(explanation) > REASON_TEXT_MAX_LENGTH:
        problems.append(
            Problem(
                Field.REASON_TEXT, Code.EXPLANATION_TOO_LONG, (("length", str(len(explanation))),)
            )
        )
    elif reason == ExitReason.OTHER and not explanation:
        problems.append(Problem(Field.REASON_TEXT, Code.EXPLANATION_MISSING))
    return tuple(problems)


def date_problems(
    exit_date: date | None, *, today: date, referred_on: date | None
) -> tuple[Problem, ...]:
    """`referred_on`: the referral's date, when it is known (None: not checked)."""
    if exit_date is None:
        return (Problem(Field.DATE, Code.DATE_MISSING),)
    if exit_date > today:
        params = (("date", exit_date.isoformat()), ("today", today.isoformat()))
        return (Problem(Field.DATE, Code.DATE_IN_FUTURE, params),)
    if referred_on is not None and exit_date < referred_on:
        params = (("date", exit_date.isoformat()), ("referred_on", referred_on.isoformat()))
        return (Problem(Field.DATE, Code.DATE_BEFORE_REFERRAL, params),)
    return ()


def employment_problems(
    reason: str, employment: Employment, known_ssyk: frozenset[str] | None = None
) -> tuple[Problem, ...]:
    """The job of an exit to work; for any other reason (a known one), that there is none.
    `known_ssyk`: the SSYK 2012 group codes of the reference data (None: not checked)."""
    if reason != ExitReason.WORK:
        if not reason or reason not in REASONS:
            return ()  # the reason is wrong: what it needs is not known yet
        return tuple(Problem(name, Code.JOB_WITHOUT_WORK) for name in employment.recorded())
    problems: list[Problem] = []
    if not employment.form:
        problems.append(Problem(Field.EMPLOYMENT_FORM, Code.EMPLOYMENT_FORM_MISSING))
    elif employment.form not in EMPLOYMENT_FORMS:
        problems.append(
            Problem(
                Field.EMPLOYMENT_FORM, Code.EMPLOYMENT_FORM_UNKNOWN, (("value", employment.form),)
            )
        )
    if not employment.extent:
        problems.append(Problem(Field.EXTENT, Code.EXTENT_MISSING))
    elif employment.extent not in EXTENTS:
        problems.append(Problem(Field.EXTENT, Code.EXTENT_UNKNOWN, (("value", employment.extent),)))
    hours = employment.hours_per_week
    if hours is None:
        if employment.extent == EmploymentExtent.PART:
            problems.append(Problem(Field.HOURS, Code.HOURS_MISSING))
    elif not hours_accepted(hours):
        problems.append(Problem(Field.HOURS, Code.HOURS_NOT_ACCEPTED))
    if employment.wage_subsidy is None:
        problems.append(Problem(Field.WAGE_SUBSIDY, Code.WAGE_SUBSIDY_MISSING))
    employer = employment.employer.strip()
    if len(employer) > EMPLOYER_MAX_LENGTH:
        problems.append(
            Problem(Field.EMPLOYER, Code.EMPLOYER_TOO_LONG, (("length", str(len(employer))),))
        )
    occupation = employment.occupation_ssyk.strip()
    if occupation and known_ssyk is not None:
        # Against the reference data, anything that is not one of its codes is refused by
        # what was typed (a name typed by hand may well be longer than a code).
        if occupation not in known_ssyk:
            problems.append(
                Problem(Field.OCCUPATION, Code.OCCUPATION_UNKNOWN, (("value", occupation),))
            )
    elif len(occupation) > OCCUPATION_MAX_LENGTH:
        problems.append(
            Problem(Field.OCCUPATION, Code.OCCUPATION_TOO_LONG, (("length", str(len(occupation))),))
        )
    return tuple(problems)


def student_finance_problems(
    reason: str, studies_with_student_finance: bool | None
) -> tuple[Problem, ...]:
    if studies_with_student_finance is None or reason == ExitReason.STUDIES:
        return ()
    if not reason or reason not in REASONS:
        return ()
    return (Problem(Field.STUDENT_FINANCE, Code.STUDENT_FINANCE_WITHOUT_STUDIES),)


def exit_problems(
    exit: ProposedExit,
    *,
    today: date,
    referred_on: date | None,
    known_ssyk: frozenset[str] | None = None,
) -> tuple[Problem, ...]:
    """Everything that keeps `exit` from being recorded, in the order of the fields; () when it
    may be. `referred_on`: the date of the case's referral, when known (None: not checked);
    `known_ssyk`: the occupation codes of the reference data (None: not checked)."""
    return (
        reason_problems(exit.reason, exit.reason_text)
        + date_problems(exit.date, today=today, referred_on=referred_on)
        + employment_problems(exit.reason, exit.employment, known_ssyk)
        + student_finance_problems(exit.reason, exit.studies_with_student_finance)
    )
