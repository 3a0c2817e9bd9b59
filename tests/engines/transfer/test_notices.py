"""Rows that are valid under version 1 of the format but say less than the pages ask for:
imported, and listed as warnings, never rejected."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.transfer.notices import REASON_NOT_DESCRIBED, Notice, notice_of
from jobbtorg.engines.transfer.records import (
    ExitRecord,
    InterruptionRecord,
    ParticipantRecord,
)
from jobbtorg.engines.transfer.validate import validate
from tests.engines.transfer.builders import CODES, TODAY, good_tables, transfer_input
from tests.engines.transfer.test_validate import NO_EMPLOYMENT

D = dt.date
PNR = "199001010017"


@pytest.mark.parametrize(
    ("name", "record", "warned"),
    [
        ("exits", ExitRecord(PNR, D(2026, 10, 1), "other", row=4), True),
        ("exits", ExitRecord(PNR, D(2026, 10, 1), "other", reason_text="  ", row=4), True),
        ("exits", ExitRecord(PNR, D(2026, 10, 1), "other", reason_text="Flyttade", row=4), False),
        ("exits", ExitRecord(PNR, D(2026, 10, 1), "moved", row=4), False),
        ("interruptions", InterruptionRecord(PNR, "other", D(2026, 8, 1), None, row=4), True),
        ("interruptions", InterruptionRecord(PNR, "illness", D(2026, 8, 1), None, row=4), False),
        (
            "participants",
            ParticipantRecord(PNR, "Anna", "Berg", "farsta", "youth", D(2026, 1, 5), None),
            False,
        ),
    ],
)
def test_a_reason_other_without_a_description_is_a_warning(name, record, warned):
    expected = Notice(f"{name}.csv", 4, "reason_text", REASON_NOT_DESCRIBED) if warned else None
    assert notice_of(name, record) == expected


@given(
    reason=st.sampled_from(["other", "moved", "work", "studies", "illness"]),
    text=st.text(alphabet=" ab", max_size=3),
)
def test_only_other_with_no_words_is_warned_about(reason, text):
    record = InterruptionRecord(PNR, reason, D(2026, 8, 1), None, reason_text=text)
    assert (notice_of("interruptions", record) is not None) == (
        reason == "other" and not text.strip()
    )


def test_rows_of_reason_other_without_reason_text_are_records_not_rejects():
    """Version 1 fixed the columns without reason_text: a file written to it imports."""
    tables = good_tables(
        interruptions={"reason": "other"},
        exits={"reason": "other", **NO_EMPLOYMENT},
    )
    # As a version 1 file was written: without the column at all.
    for name in ("interruptions", "exits"):
        tables[name] = [
            {k: v for k, v in row.items() if k not in ("reason_text", "student_finance")}
            for row in tables[name]
        ]
    result = validate(transfer_input(tables), CODES, today=TODAY)
    assert result.rejects == ()
    assert [notice_of("exits", r) is not None for r in result.records.exits] == [True]
    assert [notice_of("interruptions", r) is not None for r in result.records.interruptions] == [
        True
    ]
