"""Validation of transfer rows: every rule with a bad row, duplicates, and rows that depend on
other rows. The good rows in builders.py pass; each case changes one row and names the column
and the words of the message expected."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.deadlines import latest_plan_end
from jobbtorg.engines.transfer.format import ReferenceCodes
from jobbtorg.engines.transfer.records import (
    ActivityRecord,
    AssistanceRecord,
    ExitRecord,
    InterruptionRecord,
    ParticipantRecord,
    PlanRecord,
)
from jobbtorg.engines.transfer.rows import parse_number
from jobbtorg.engines.transfer.validate import validate
from tests.engines.transfer.builders import (
    ANNA,
    ANNA_STORED,
    CODES,
    GOOD,
    TODAY,
    good_tables,
    transfer_input,
)

D = dt.date
NO_EMPLOYMENT = {
    "employment_form": "",
    "extent": "",
    "hours_per_week": "",
    "wage_subsidy": "",
    "employer": "",
    "occupation_ssyk": "",
}


def _validate(tables, **options):
    return validate(transfer_input(tables), CODES, today=TODAY, **options)


def test_the_good_rows_pass_as_typed_records():
    result = _validate(GOOD)
    assert result.rejects == ()
    assert result.ok
    records = result.records
    assert records.participants == (
        ParticipantRecord(
            personnummer=ANNA_STORED,
            first_name="Anna",
            last_name="Berg",
            home_district="farsta",
            target_group="youth",
            referred_on=D(2026, 1, 5),
            enrolled_on=D(2026, 1, 12),
            coach="coach-sydost",
            af_registered=True,
        ),
    )
    assert records.participants[0].row == 2
    assert records.plans == (
        PlanRecord(
            ANNA_STORED, "P1", D(2026, 1, 14), D(2026, 1, 15), D(2026, 7, 14), D(2026, 1, 20)
        ),
    )
    assert records.activities == (
        ActivityRecord(
            personnummer=ANNA_STORED,
            plan_ref="P1",
            activity_type="cv_workshop",
            provider="Acme",
            start=D(2026, 1, 15),
            end=D(2026, 3, 31),
            status="completed",
            hours_per_week=Decimal(20),
            goal="A CV",
        ),
    )
    assert records.interruptions == (
        InterruptionRecord(ANNA_STORED, "illness", D(2026, 8, 1), D(2026, 8, 31)),
    )
    assert records.exits == (
        ExitRecord(
            personnummer=ANNA_STORED,
            exit_date=D(2026, 10, 1),
            reason="work",
            employment_form="permanent",
            extent="part",
            hours_per_week=Decimal(20),
            wage_subsidy=False,
            employer="Acme AB",
            occupation_ssyk="5120",
        ),
    )
    assert records.assistance == (
        AssistanceRecord(ANNA_STORED, D(2026, 1, 1), Decimal("8500.50")),
        AssistanceRecord("201212121212", D(2026, 2, 1), Decimal(1000)),
    )
    assert dict(result.read) == {name: len(rows) for name, rows in GOOD.items()}


BAD = [
    # file, change to its first row, column, words of the message
    ("participants", {"personnummer": "19900101-0018"}, "personnummer", ["control digit"]),
    ("participants", {"personnummer": ""}, "personnummer", ["Enter a personal identity"]),
    ("participants", {"personnummer": "1990-01-01"}, "personnummer", ["10 or 12 digits"]),
    ("participants", {"personnummer": "19900230-0001"}, "personnummer", ["date", "not exist"]),
    ("participants", {"personnummer": "20991231-0000"}, "personnummer", ["future"]),
    ("participants", {"personnummer": "101011234"}, "personnummer", ["leading zero"]),
    ("participants", {"first_name": ""}, "first_name", ["first_name is required"]),
    ("participants", {"first_name": "   "}, "first_name", ["first_name is required"]),
    ("participants", {"first_name": "A" * 101}, "first_name", ["longer than 100"]),
    ("participants", {"last_name": ""}, "last_name", ["last_name is required"]),
    ("participants", {"last_name": "B" * 101}, "last_name", ["longer than 100"]),
    ("participants", {"home_district": "Narnia"}, "home_district", ["'Narnia'", "district"]),
    ("participants", {"home_district": ""}, "home_district", ["required", "district"]),
    ("participants", {"target_group": "pensioners"}, "target_group", ["target group"]),
    ("participants", {"target_group": ""}, "target_group", ["required", "target group"]),
    ("participants", {"referred_on": ""}, "referred_on", ["required", "YYYY-MM-DD"]),
    ("participants", {"referred_on": "2026-13-01"}, "referred_on", ["YYYY-MM-DD"]),
    ("participants", {"referred_on": "2026-02-30"}, "referred_on", ["valid date"]),
    ("participants", {"referred_on": "05/01/2026"}, "referred_on", ["'05/01/2026'"]),
    ("participants", {"referred_on": "20260105"}, "referred_on", ["YYYY-MM-DD"]),
    ("participants", {"referred_on": "2026-11-23"}, "referred_on", ["after today"]),
    ("participants", {"enrolled_on": "2026-01-04"}, "enrolled_on", ["before referred_on"]),
    ("participants", {"enrolled_on": "2026-12-01"}, "enrolled_on", ["after today"]),
    ("participants", {"coach": "nobody"}, "coach", ["'nobody'", "username"]),
    ("participants", {"af_registered": "maybe"}, "af_registered", ["yes, no", "'maybe'"]),
    ("plans", {"plan_ref": ""}, "plan_ref", ["plan_ref is required"]),
    ("plans", {"plan_ref": "P" * 101}, "plan_ref", ["longer than 100"]),
    ("plans", {"drawn_up_on": ""}, "drawn_up_on", ["required"]),
    ("plans", {"drawn_up_on": "2026-12-01"}, "drawn_up_on", ["after today"]),
    ("plans", {"start": ""}, "start", ["start is required"]),
    ("plans", {"end": "2026-1-14"}, "end", ["YYYY-MM-DD"]),
    ("plans", {"end": "2026-01-14"}, "end", ["before start"]),
    ("plans", {"end": "2026-07-15"}, "end", ["at most 6 months", "2026-07-14 at the latest"]),
    ("plans", {"approved_on": "2026-01-13"}, "approved_on", ["before drawn_up_on"]),
    ("plans", {"approved_on": "2026-12-01"}, "approved_on", ["after today"]),
    ("activities", {"activity_type": "juggling"}, "activity_type", ["'juggling'"]),
    ("activities", {"provider": ""}, "provider", ["provider is required"]),
    ("activities", {"provider": "x" * 201}, "provider", ["longer than 200"]),
    ("activities", {"start": ""}, "start", ["start is required"]),
    ("activities", {"end": "2026-01-14"}, "end", ["before start"]),
    ("activities", {"status": "done"}, "status", ["planned, ongoing, completed, interrupted"]),
    ("activities", {"status": ""}, "status", ["status is required"]),
    ("activities", {"start": "2026-01-14"}, "start", ["before its plan", "2026-01-15 to"]),
    ("activities", {"end": "2026-07-15"}, "end", ["after its plan", "to 2026-07-14"]),
    ("activities", {"hours_per_week": "61"}, "hours_per_week", ["at most 60"]),
    ("activities", {"hours_per_week": "0"}, "hours_per_week", ["above 0"]),
    ("activities", {"hours_per_week": "7.25"}, "hours_per_week", ["one decimal"]),
    ("activities", {"plan_ref": "P9"}, "plan_ref", ["No plan P9", "plans.csv"]),
    ("interruptions", {"reason": "holiday"}, "reason", ["'holiday'", "interruption reason"]),
    ("interruptions", {"reason": ""}, "reason", ["reason is required"]),
    ("interruptions", {"reason_text": "x" * 301}, "reason_text", ["longer than 300"]),
    ("interruptions", {"start": ""}, "start", ["start is required"]),
    ("interruptions", {"end": "2026-07-31"}, "end", ["before start"]),
    ("interruptions", {"end": "2026-12-01"}, "end", ["after today"]),
    ("interruptions", {"start": "2026-01-11"}, "start", ["before the enrolment", "2026-01-12"]),
    ("exits", {"reason": ""}, "reason", ["Every exit has a reason"]),
    ("exits", {"reason": "fired"}, "reason", ["'fired'", "exit reason"]),
    ("exits", {"exit_date": ""}, "exit_date", ["exit date is required"]),
    ("exits", {"exit_date": "2026-11-23"}, "exit_date", ["after today"]),
    ("exits", {"exit_date": "2026-01-04"}, "exit_date", ["before the referral", "2026-01-05"]),
    ("exits", {"employment_form": ""}, "employment_form", ["required", "permanent"]),
    ("exits", {"employment_form": "seasonal"}, "employment_form", ["'seasonal'", "temporary"]),
    ("exits", {"extent": ""}, "extent", ["extent is required", "full time or part time"]),
    ("exits", {"extent": "half"}, "extent", ["full time or part time", "'half'"]),
    ("exits", {"hours_per_week": ""}, "hours_per_week", ["required for part time"]),
    ("exits", {"hours_per_week": "0"}, "hours_per_week", ["above 0"]),
    ("exits", {"hours_per_week": "81"}, "hours_per_week", ["at most 80"]),
    ("exits", {"hours_per_week": "many"}, "hours_per_week", ["'many'"]),
    ("exits", {"wage_subsidy": ""}, "wage_subsidy", ["wage subsidy is required"]),
    ("exits", {"wage_subsidy": "ja"}, "wage_subsidy", ["yes, no", "'ja'"]),
    ("exits", {"employer": "x" * 201}, "employer", ["longer than 200"]),
    ("exits", {"occupation_ssyk": "123456789"}, "occupation_ssyk", ["longer than 8"]),
    (
        "exits",
        {"reason": "studies", **NO_EMPLOYMENT, "student_finance": "ja"},
        "student_finance",
        ["student_finance", "yes, no or empty"],
    ),
    (
        "exits",
        {"reason": "studies", **NO_EMPLOYMENT, "student_finance": "1"},
        "student_finance",
        ["student_finance", "yes, no or empty"],
    ),
    ("exits", {"student_finance": "no"}, "student_finance", ["only for an exit to studies"]),
    (
        "exits",
        {"reason": "studies", **NO_EMPLOYMENT, "employment_form": "permanent"},
        "employment_form",
        ["recorded only for an exit to work"],
    ),
    (
        "exits",
        {"reason": "moved", **NO_EMPLOYMENT, "employer": "Acme"},
        "employer",
        ["recorded only for an exit to work"],
    ),
    ("assistance", {"personnummer": "19900101-0018"}, "personnummer", ["control digit"]),
    ("assistance", {"month": ""}, "month", ["month is required", "YYYY-MM"]),
    ("assistance", {"month": "2026-1"}, "month", ["YYYY-MM", "'2026-1'"]),
    ("assistance", {"month": "2026-13"}, "month", ["valid month"]),
    ("assistance", {"month": "2026-01-01"}, "month", ["YYYY-MM"]),
    ("assistance", {"month": "2026-12"}, "month", ["after this month"]),
    ("assistance", {"amount_sek": ""}, "amount_sek", ["amount_sek is required"]),
    ("assistance", {"amount_sek": "-1"}, "amount_sek", ["0 or more"]),
    ("assistance", {"amount_sek": "1.005"}, "amount_sek", ["two decimals"]),
    ("assistance", {"amount_sek": "1e3"}, "amount_sek", ["'1e3'"]),
    ("assistance", {"amount_sek": "8 500 kr"}, "amount_sek", ["'8 500 kr'"]),
]


@pytest.mark.parametrize(("file", "change", "column", "words"), BAD)
def test_a_bad_row_is_rejected_naming_the_column_and_the_problem(file, change, column, words):
    result = _validate(good_tables(**{file: change}))
    own = [r for r in result.rejects if r.file == f"{file}.csv" and r.row == 2]
    assert [r.column for r in own] == [column], [r.message for r in own]
    for word in words:
        assert word in own[0].message
    # The original values go with the reject, for the list and for the rows to correct.
    assert own[0].values == {**GOOD[file][0], **change}
    assert len(getattr(result.records, file)) == len(GOOD[file]) - 1


GOOD_VARIANTS = [
    # file, change, field of the record, value
    ("participants", {"personnummer": "900101-0017"}, "personnummer", ANNA_STORED),
    ("participants", {"personnummer": "9001010017"}, "personnummer", ANNA_STORED),
    ("participants", {"personnummer": " 199001010017 "}, "personnummer", ANNA_STORED),
    ("participants", {"personnummer": "19701063-2391"}, "personnummer", "197010632391"),
    ("participants", {"home_district": "Rinkeby-Kista"}, "home_district", "rinkeby-kista"),
    ("participants", {"home_district": " FARSTA "}, "home_district", "farsta"),
    ("participants", {"target_group": "YOUTH"}, "target_group", "youth"),
    ("participants", {"first_name": "  Anna  "}, "first_name", "Anna"),
    ("participants", {"enrolled_on": ""}, "enrolled_on", None),
    ("participants", {"enrolled_on": "2026-01-05"}, "enrolled_on", D(2026, 1, 5)),
    ("participants", {"af_registered": "NO"}, "af_registered", False),
    ("participants", {"af_registered": ""}, "af_registered", None),
    ("participants", {"coach": ""}, "coach", ""),
    ("plans", {"approved_on": ""}, "approved_on", None),
    ("plans", {"approved_on": "2026-01-14"}, "approved_on", D(2026, 1, 14)),
    ("activities", {"status": "Ongoing"}, "status", "ongoing"),
    ("activities", {"hours_per_week": "7,5"}, "hours_per_week", Decimal("7.5")),
    ("activities", {"hours_per_week": ""}, "hours_per_week", None),
    ("activities", {"start": "2026-01-15", "end": "2026-07-14"}, "end", D(2026, 7, 14)),
    ("interruptions", {"end": ""}, "end", None),
    (
        "interruptions",
        {"reason": "other", "reason_text": "Moved abroad"},
        "reason_text",
        "Moved abroad",
    ),
    ("exits", {"extent": "full", "hours_per_week": ""}, "hours_per_week", None),
    ("exits", {"reason": "moved", **NO_EMPLOYMENT}, "employment_form", ""),
    ("exits", {"reason": "other", **NO_EMPLOYMENT, "reason_text": "Left"}, "reason_text", "Left"),
    ("exits", {"wage_subsidy": "YES"}, "wage_subsidy", True),
    # Version 1 had no reason_text: `other` without one is valid (imported with a warning).
    ("exits", {"reason": "other", **NO_EMPLOYMENT}, "reason_text", ""),
    ("interruptions", {"reason": "other"}, "reason_text", ""),
    # Whether studies qualify for student finance: yes, no, or empty (not known).
    (
        "exits",
        {"reason": "studies", **NO_EMPLOYMENT, "student_finance": "yes"},
        "student_finance",
        True,
    ),
    (
        "exits",
        {"reason": "studies", **NO_EMPLOYMENT, "student_finance": " NO "},
        "student_finance",
        False,
    ),
    (
        "exits",
        {"reason": "studies", **NO_EMPLOYMENT, "student_finance": ""},
        "student_finance",
        None,
    ),
    ("exits", {"reason": "studies", **NO_EMPLOYMENT}, "student_finance", None),
    ("exits", {"exit_date": "2026-01-05"}, "exit_date", D(2026, 1, 5)),
    ("assistance", {"amount_sek": "8 500,50"}, "amount_sek", Decimal("8500.50")),
    ("assistance", {"amount_sek": "8\u00a0500"}, "amount_sek", Decimal(8500)),
    ("assistance", {"amount_sek": "0"}, "amount_sek", Decimal(0)),
    ("assistance", {"month": "2026-11"}, "month", D(2026, 11, 1)),
]


@pytest.mark.parametrize(("file", "change", "field", "value"), GOOD_VARIANTS)
def test_common_ways_of_writing_a_value_are_taken_and_normalised(file, change, field, value):
    result = _validate(good_tables(**{file: change}))
    # Other files may now refer to someone else, or to a person not yet enrolled.
    assert [r for r in result.rejects if r.file == f"{file}.csv"] == []
    assert getattr(getattr(result.records, file)[0], field) == value


def test_every_problem_of_a_row_is_listed_in_column_order():
    result = _validate(
        good_tables(participants={"first_name": "", "referred_on": "x", "coach": "?"})
    )
    own = [r for r in result.rejects if r.file == "participants.csv"]
    assert [r.column for r in own] == ["first_name", "referred_on", "coach"]


def test_a_row_with_more_values_than_the_header_is_rejected_as_a_whole():
    tables = transfer_input(GOOD)
    participants = tables.tables["participants"]
    row = participants.rows[0]
    extra_row = type(row)(number=row.number, values=row.values, extra=("surplus",))
    patched = type(participants)(
        name=participants.name,
        source=participants.source,
        columns=participants.columns,
        unknown_columns=(),
        rows=(extra_row,),
    )
    transfer = type(tables)(source="memory", tables={**tables.tables, "participants": patched})
    result = validate(transfer, CODES, today=TODAY)
    assert result.rejects[0].column == ""
    assert "more values than the header" in result.rejects[0].message
    assert "'surplus'" in result.rejects[0].message


# Duplicates: every row that shares a key is rejected; which one is right is for a person to say.


def test_a_person_twice_in_participants_rejects_both_rows_and_what_depends_on_them():
    second = {**GOOD["participants"][0], "personnummer": "900101-0017", "first_name": "Annie"}
    tables = good_tables()
    tables["participants"].append(second)
    result = _validate(tables)
    messages = {(r.file, r.row): r.message for r in result.rejects if r.column == ""}
    assert "The personnummer 19900101-0017 is also on row 3" in messages[("participants.csv", 2)]
    assert "also on row 2 of participants.csv" in messages[("participants.csv", 3)]
    for file in ("plans.csv", "activities.csv", "interruptions.csv", "exits.csv"):
        assert "depends on participants.csv row 2, which was rejected" in messages[(file, 2)]
    assert result.records.participants == ()
    assert len(result.records.assistance) == 2


@pytest.mark.parametrize(
    ("file", "second", "words"),
    [
        ("plans", {"drawn_up_on": "2026-01-15"}, "The plan P1 of 19900101-0017 is also on row 3"),
        ("exits", {"reason": "moved", **NO_EMPLOYMENT}, "An exit of 19900101-0017"),
        ("assistance", {"amount_sek": "1"}, "Assistance to 19900101-0017 for 2026-01"),
        (
            "interruptions",
            {"end": "2026-08-30"},
            "An interruption of 19900101-0017 from 2026-08-01",
        ),
        ("activities", {"provider": "ACME", "end": "2026-02-28"}, "The activity cv_workshop"),
    ],
)
def test_a_key_twice_in_a_file_rejects_every_row_that_has_it(file, second, words):
    tables = good_tables()
    tables[file].insert(1, {**GOOD[file][0], **second})
    result = _validate(tables)
    rows = {r.row for r in result.rejects if r.file == f"{file}.csv"}
    assert rows == {2, 3}
    assert any(words in r.message for r in result.rejects)


def test_different_plans_and_months_of_one_person_are_no_duplicates():
    tables = good_tables()
    tables["plans"].append({**GOOD["plans"][0], "plan_ref": "P2"})
    tables["assistance"].append({**GOOD["assistance"][0], "month": "2026-02"})
    assert _validate(tables).rejects == ()


# Dependencies.


def test_every_row_of_a_rejected_participant_is_rejected_saying_which_row_it_depended_on():
    result = _validate(good_tables(participants={"target_group": "nobody"}))
    dependent = [r for r in result.rejects if r.file != "participants.csv"]
    assert [(r.file, r.row, r.column) for r in dependent] == [
        ("plans.csv", 2, ""),
        ("activities.csv", 2, ""),
        ("interruptions.csv", 2, ""),
        ("exits.csv", 2, ""),
    ]
    for reject in dependent:
        assert reject.message == "This row depends on participants.csv row 2, which was rejected."
    # Assistance needs no participant.
    assert len(result.records.assistance) == 2


def test_an_activity_of_a_rejected_plan_is_rejected_too():
    result = _validate(good_tables(plans={"end": "2027-01-01"}))
    (reject,) = [r for r in result.rejects if r.file == "activities.csv"]
    assert reject.message == "This row depends on plans.csv row 2, which was rejected."
    assert result.records.activities == ()
    assert len(result.records.participants) == 1


def test_rows_of_a_person_neither_in_participants_nor_in_the_product_are_rejected():
    tables = good_tables()
    del tables["participants"]
    result = _validate(tables)
    by_file = {r.file: r for r in result.rejects}
    assert set(by_file) == {"plans.csv", "activities.csv", "interruptions.csv", "exits.csv"}
    assert by_file["plans.csv"].column == "personnummer"
    assert by_file["plans.csv"].message == (
        "No participant 19900101-0017 in participants.csv, and the person is not already in "
        "the product."
    )
    # The activity says what is wrong with itself, not that its plan was rejected.
    assert by_file["activities.csv"].column == "personnummer"


def test_rows_of_a_person_already_in_the_product_need_no_participants_row():
    tables = good_tables()
    del tables["participants"]
    result = _validate(tables, known_people=frozenset({ANNA_STORED}))
    assert result.rejects == ()
    assert len(result.records.activities) == 1


def test_a_known_person_with_a_rejected_participants_row_still_rejects_the_dependent_rows():
    result = _validate(
        good_tables(participants={"first_name": ""}), known_people=frozenset({ANNA_STORED})
    )
    assert {r.file for r in result.rejects} == {
        "participants.csv",
        "plans.csv",
        "activities.csv",
        "interruptions.csv",
        "exits.csv",
    }


def test_an_activity_of_a_plan_already_in_the_product_is_checked_against_that_plan():
    tables = {"activities": [dict(GOOD["activities"][0])]}
    known = frozenset({ANNA_STORED})
    plan = {(ANNA_STORED, "P1"): (D(2026, 1, 15), D(2026, 7, 14))}
    assert _validate(tables, known_people=known, known_plans=plan).rejects == ()
    narrow = {(ANNA_STORED, "P1"): (D(2026, 2, 1), D(2026, 7, 14))}
    (reject,) = _validate(tables, known_people=known, known_plans=narrow).rejects
    assert (reject.column, reject.message) == (
        "start",
        "The activity starts (2026-01-15) before its plan: its plan runs from 2026-02-01 to "
        "2026-07-14.",
    )
    (missing,) = _validate(tables, known_people=known).rejects
    assert missing.message == (
        "No plan P1 of 19900101-0017 in plans.csv, and none already in the product."
    )


def test_a_plan_is_written_after_the_first_meeting():
    result = _validate(good_tables(participants={"enrolled_on": ""}))
    plan = next(r for r in result.rejects if r.file == "plans.csv")
    assert plan.message == (
        "A plan is written after the first meeting: participants.csv row 2 has no enrolled_on."
    )
    interruption = next(r for r in result.rejects if r.file == "interruptions.csv")
    assert "Only an enrolled participation can be interrupted" in interruption.message
    activity = next(r for r in result.rejects if r.file == "activities.csv")
    assert "depends on plans.csv row 2" in activity.message


def test_only_one_interruption_of_a_person_can_be_ongoing():
    tables = good_tables(interruptions={"end": ""})
    tables["interruptions"].append({**GOOD["interruptions"][0], "start": "2026-09-10", "end": ""})
    tables["interruptions"].append({**GOOD["interruptions"][0], "start": "2026-07-01"})
    result = _validate(tables)
    assert [(r.row, r.column) for r in result.rejects] == [(2, "end"), (3, "end")]
    assert "also has an ongoing interruption on row 3" in result.rejects[0].message
    assert len(result.records.interruptions) == 1


def test_rejects_come_in_file_then_row_order():
    tables = good_tables(assistance={"month": "x"}, participants={"coach": "x"})
    tables["participants"].append({**GOOD["participants"][0], "personnummer": "121212-1212"})
    tables["participants"][1]["first_name"] = ""
    result = _validate(tables)
    keys = [(r.file, r.row) for r in result.rejects]
    order = ["participants", "plans", "activities", "interruptions", "exits", "assistance"]
    assert keys == sorted(keys, key=lambda k: (order.index(k[0][:-4]), k[1]))
    assert result.rejected_rows("participants") == 2
    assert result.rejected_rows("assistance") == 1


def test_codes_are_the_callers_lists():
    other = ReferenceCodes.build(
        target_groups=["Adults"],
        activity_types=[],
        exit_reasons=[],
        interruption_reasons=[],
        districts=[("sodermalm", "Södermalm")],
    )
    tables = {"participants": [{**GOOD["participants"][0], "target_group": "adults"}]}
    result = validate(transfer_input(tables), other, today=TODAY)
    # No coaches list: the coach is left to the caller.
    assert [r.column for r in result.rejects] == ["home_district"]
    tables["participants"][0]["home_district"] = "södermalm"
    (record,) = validate(transfer_input(tables), other, today=TODAY).records.participants
    # The product's own spelling of the code comes back.
    assert (record.home_district, record.target_group) == ("sodermalm", "Adults")


# The 6-month rule, at its edge.

PLAN_STARTS = [D(2026, 1, 15), D(2026, 1, 31), D(2025, 8, 31), D(2025, 12, 31), D(2024, 2, 29)]


def _plan_only(start, end):
    plan = {**GOOD["plans"][0], "start": start.isoformat(), "end": end.isoformat()}
    return _validate({"participants": GOOD["participants"], "plans": [plan]})


@pytest.mark.parametrize("start", PLAN_STARTS)
def test_a_plan_of_exactly_six_months_passes(start):
    assert _plan_only(start, latest_plan_end(start)).rejects == ()


@pytest.mark.parametrize("start", PLAN_STARTS)
def test_a_plan_one_day_longer_than_six_months_is_rejected_with_its_latest_end(start):
    latest = latest_plan_end(start)
    (reject,) = _plan_only(start, latest + dt.timedelta(days=1)).rejects
    assert reject.column == "end"
    assert f"{latest} at the latest" in reject.message


def test_six_months_from_the_fifteenth_of_january_end_on_the_fourteenth_of_july():
    assert latest_plan_end(D(2026, 1, 15)) == D(2026, 7, 14)


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=200),
)
def test_a_plan_passes_exactly_when_it_ends_by_its_latest_end(start, days):
    end = start + dt.timedelta(days=days)
    passes = _plan_only(start, end).rejects == ()
    assert passes is (end <= latest_plan_end(start))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", Decimal(12)),
        ("12.5", Decimal("12.5")),
        ("12,5", Decimal("12.5")),
        ("-3", Decimal(-3)),
        ("1 234,50", Decimal("1234.50")),
        ("1e3", None),
        ("", None),
        ("1.2.3", None),
        ("١٢", None),
    ],
)
def test_numbers_are_plain_decimals(text, number):
    assert parse_number(text) == number


def test_the_same_person_on_many_rows_is_read_once_per_form(monkeypatch):
    from jobbtorg.engines.transfer import rows as module

    calls = []
    original = module.parse_personal_identity_number

    def counting(raw, *, today=None):
        calls.append(raw)
        return original(raw, today=today)

    monkeypatch.setattr(module, "parse_personal_identity_number", counting)
    rows = [
        {"personnummer": ANNA, "month": f"2025-{month:02d}", "amount_sek": "100"}
        for month in range(1, 13)
    ]
    result = _validate({"assistance": rows})
    assert len(result.records.assistance) == 12
    assert calls == [ANNA]
