"""The exit rule (R19), on its own: table-driven cases and properties."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.exit import (
    EMPLOYER_MAX_LENGTH,
    HOURS_AT_MOST,
    MESSAGES,
    Code,
    Employment,
    ExitReason,
    Field,
    Problem,
    ProposedExit,
    exit_problems,
    hours_accepted,
)

TODAY = date(2026, 11, 22)
REFERRED = date(2026, 1, 5)
JOB = Employment(form="permanent", extent="full", wage_subsidy=False)


def problems(**changes: object) -> list[tuple[str, str]]:
    values: dict[str, object] = {"reason": "moved", "date": date(2026, 10, 1)}
    values.update(changes)
    proposed = ProposedExit(**values)  # type: ignore[arg-type]
    return [
        (p.field.value, p.code.value)
        for p in exit_problems(proposed, today=TODAY, referred_on=REFERRED)
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"reason": ""}, [("reason", "reason_missing")]),
        ({"reason": "fired"}, [("reason", "reason_unknown")]),
        ({"reason": "WORK"}, [("reason", "reason_unknown")]),
        ({"reason": "other"}, [("reason_text", "explanation_missing")]),
        ({"reason": "other", "reason_text": "   "}, [("reason_text", "explanation_missing")]),
        ({"reason": "other", "reason_text": "Moved abroad"}, []),
        ({"reason_text": "x" * 301}, [("reason_text", "explanation_too_long")]),
        ({"reason_text": "x" * 300}, []),
        ({"date": None}, [("date", "date_missing")]),
        ({"date": TODAY}, []),
        ({"date": date(2026, 11, 23)}, [("date", "date_in_future")]),
        ({"date": REFERRED}, []),
        ({"date": date(2026, 1, 4)}, [("date", "date_before_referral")]),
        # An exit to work records the job.
        ({"reason": "work", "employment": JOB}, []),
        (
            {"reason": "work"},
            [
                ("employment.form", "employment_form_missing"),
                ("employment.extent", "extent_missing"),
                ("employment.wage_subsidy", "wage_subsidy_missing"),
            ],
        ),
        (
            {"reason": "work", "employment": Employment(form="seasonal", extent="half")},
            [
                ("employment.form", "employment_form_unknown"),
                ("employment.extent", "extent_unknown"),
                ("employment.wage_subsidy", "wage_subsidy_missing"),
            ],
        ),
        (
            {"reason": "work", "employment": Employment("temporary", "part", None, True)},
            [("employment.hours_per_week", "hours_missing")],
        ),
        ({"reason": "work", "employment": Employment("temporary", "part", Decimal(30), True)}, []),
        ({"reason": "work", "employment": Employment("permanent", "full", Decimal(40), True)}, []),
        (
            {"reason": "work", "employment": Employment("permanent", "part", Decimal("0.5"), True)},
            [],
        ),
        ({"reason": "work", "employment": Employment("permanent", "part", Decimal(80), True)}, []),
        (
            {"reason": "work", "employment": Employment("permanent", "part", Decimal(0), True)},
            [("employment.hours_per_week", "hours_not_accepted")],
        ),
        (
            {
                "reason": "work",
                "employment": Employment("permanent", "part", Decimal("80.1"), True),
            },
            [("employment.hours_per_week", "hours_not_accepted")],
        ),
        (
            {
                "reason": "work",
                "employment": Employment("permanent", "part", Decimal("7.25"), True),
            },
            [("employment.hours_per_week", "hours_not_accepted")],
        ),
        (
            {"reason": "work", "employment": Employment("permanent", "part", Decimal("NaN"), True)},
            [("employment.hours_per_week", "hours_not_accepted")],
        ),
        (
            {
                "reason": "work",
                "employment": Employment("permanent", "full", None, True, "x" * 201, "123456789"),
            },
            [
                ("employment.employer", "employer_too_long"),
                ("employment.occupation_ssyk", "occupation_too_long"),
            ],
        ),
        # A job belongs to an exit to work only: each value given is named.
        (
            {"reason": "studies", "employment": Employment(form="permanent", employer="AB")},
            [
                ("employment.form", "job_without_work"),
                ("employment.employer", "job_without_work"),
            ],
        ),
        (
            {"reason": "moved", "employment": Employment(wage_subsidy=False)},
            [("employment.wage_subsidy", "job_without_work")],
        ),
        ({"reason": "moved", "employment": Employment(employer="  ")}, []),
        # Student finance belongs to an exit to studies only.
        ({"reason": "studies", "studies_with_student_finance": True}, []),
        ({"reason": "studies", "studies_with_student_finance": False}, []),
        (
            {"reason": "moved", "studies_with_student_finance": True},
            [("studies_with_student_finance", "student_finance_without_studies")],
        ),
        # With no known reason, what the reason would need is not judged yet.
        (
            {"reason": "", "employment": JOB, "studies_with_student_finance": True},
            [("reason", "reason_missing")],
        ),
    ],
)
def test_exit_problems(changes: dict[str, object], expected: list[tuple[str, str]]) -> None:
    assert problems(**changes) == expected


def test_the_referral_is_not_checked_when_it_is_not_known() -> None:
    proposed = ProposedExit(reason="moved", date=date(2000, 1, 1))
    assert exit_problems(proposed, today=TODAY, referred_on=None) == ()


def test_every_code_has_a_message_and_the_messages_name_the_choices_in_words() -> None:
    assert set(MESSAGES) == set(Code)
    for code in (Code.EMPLOYMENT_FORM_MISSING, Code.EMPLOYMENT_FORM_UNKNOWN):
        assert "permanent, temporary, or a job that is itself a municipal" in MESSAGES[code]
    for code in (Code.EXTENT_MISSING, Code.EXTENT_UNKNOWN):
        assert "full time or part time" in MESSAGES[code]
    assert f"at most {HOURS_AT_MOST}" in MESSAGES[Code.HOURS_NOT_ACCEPTED]
    assert "above 0" in MESSAGES[Code.HOURS_NOT_ACCEPTED]
    assert str(EMPLOYER_MAX_LENGTH) in MESSAGES[Code.EMPLOYER_TOO_LONG]


def test_a_problem_fills_in_its_params_after_translation() -> None:
    problem = Problem(Field.REASON, Code.REASON_UNKNOWN, (("value", "fired"),))
    assert problem.text().startswith("'fired' is not an exit reason")
    translated = problem.text(lambda message: message.replace("is not", "är inte"))
    assert translated.startswith("'fired' är inte")


tenths = st.integers(min_value=-10_000, max_value=10_000).map(lambda n: Decimal(n) / 10)


@given(tenths)
def test_hours_in_tenths_are_accepted_exactly_above_0_and_up_to_80(hours: Decimal) -> None:
    assert hours_accepted(hours) == (Decimal(0) < hours <= Decimal(80))


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(80), places=2))
def test_hours_with_two_decimals_are_accepted_only_when_the_second_is_0(hours: Decimal) -> None:
    assert hours_accepted(hours) == (hours == hours.quantize(Decimal("0.1")))


reasons = st.sampled_from([*ExitReason, "", "fired"])
texts = st.text(max_size=310)
maybe_bool = st.sampled_from([None, True, False])
employments = st.builds(
    Employment,
    form=st.sampled_from(["", "permanent", "seasonal"]),
    extent=st.sampled_from(["", "full", "part", "half"]),
    hours_per_week=st.one_of(st.none(), tenths),
    wage_subsidy=maybe_bool,
    employer=st.text(max_size=210),
    occupation_ssyk=st.text(max_size=10),
)
exits = st.builds(
    ProposedExit,
    reason=reasons,
    date=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 1, 1))),
    reason_text=texts,
    employment=employments,
    studies_with_student_finance=maybe_bool,
)


@given(exits)
def test_an_accepted_exit_satisfies_what_the_database_requires(proposed: ProposedExit) -> None:
    if exit_problems(proposed, today=TODAY, referred_on=REFERRED):
        return
    # The backstop constraints: a known reason; work with the job; other explained.
    assert proposed.reason in set(ExitReason)
    assert proposed.date is not None and REFERRED <= proposed.date <= TODAY
    job = proposed.employment
    if proposed.reason == ExitReason.WORK:
        assert job.form and job.extent and job.wage_subsidy is not None
    else:
        assert job.recorded() == ()
    if proposed.reason == ExitReason.OTHER:
        assert proposed.reason_text.strip()
    if proposed.studies_with_student_finance is not None:
        assert proposed.reason == ExitReason.STUDIES


@given(exits)
def test_each_field_is_named_at_most_once_and_every_message_fills_in(
    proposed: ProposedExit,
) -> None:
    found = exit_problems(proposed, today=TODAY, referred_on=REFERRED)
    fields = [p.field for p in found]
    assert len(fields) == len(set(fields))
    for problem in found:
        assert "%(" not in problem.text()


KNOWN_SSYK = frozenset({"5321", "7612"})


def occupation_problems(occupation: str) -> tuple[Problem, ...]:
    proposed = ProposedExit(
        reason="work",
        date=date(2026, 10, 1),
        employment=Employment(
            form="permanent", extent="full", wage_subsidy=False, occupation_ssyk=occupation
        ),
    )
    return exit_problems(proposed, today=TODAY, referred_on=REFERRED, known_ssyk=KNOWN_SSYK)


@pytest.mark.parametrize(
    ("occupation", "expected"),
    [
        ("5321", []),
        ("", []),
        # An exit to work with SSYK code "abc" was accepted.
        ("abc", [("employment.occupation_ssyk", "occupation_unknown")]),
        ("9999", [("employment.occupation_ssyk", "occupation_unknown")]),
        ("532", [("employment.occupation_ssyk", "occupation_unknown")]),
        ("Bagare och", [("employment.occupation_ssyk", "occupation_unknown")]),
    ],
)
def test_the_occupation_is_a_code_of_the_reference_data(occupation, expected):
    found = occupation_problems(occupation)
    assert [(p.field.value, p.code.value) for p in found] == expected


@given(occupation=st.text(max_size=8).filter(lambda text: text.strip()))
def test_an_occupation_outside_the_reference_data_is_refused_naming_it(occupation):
    found = occupation_problems(occupation)
    assert (found == ()) is (occupation.strip() in KNOWN_SSYK)
    assert all(occupation.strip() in p.text() for p in found if p.code == "occupation_unknown")


def test_no_message_lists_the_internal_codes_of_the_choices():
    codes = {"af_guarantee", "other_support", "no_assistance", "municipal_measure"}
    for message in MESSAGES.values():
        assert not any(code in message for code in codes), message
