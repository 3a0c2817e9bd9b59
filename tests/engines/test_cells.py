"""Cells that cannot run as formulas: text is neutralised with a leading quote, numbers stay
numbers, and what was neutralised reads back as it was."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.cells import FORMULA_STARTS, neutralised, neutralised_row, restored
from jobbtorg.engines.transfer.read import table_from_csv
from jobbtorg.engines.transfer.write import table_csv


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","Klicka")', '\'=HYPERLINK("http://x","Klicka")'),
        ("+46 70 123", "'+46 70 123"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        # A quote already there before such a character gets one more, so that it reads back.
        ("'=1", "''=1"),
        ("''-x", "'''-x"),
        # Ordinary text, and a quote before ordinary text, stay as they are.
        ("Anna", "Anna"),
        ("'Anna", "'Anna"),
        ("'", "'"),
        ("", ""),
        ("a=b", "a=b"),
        (" =1", " =1"),
        # Numbers are values, not formulas: a negative amount stays a number.
        (-150, -150),
        (Decimal("-150.50"), Decimal("-150.50")),
        (-0.25, -0.25),
        (None, None),
        (True, True),
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
    ],
)
def test_what_is_neutralised(value, written):
    assert neutralised(value) == written
    assert type(neutralised(value)) is type(written)
    if isinstance(value, str):
        assert restored(written) == value


def test_a_row_is_neutralised_cell_by_cell():
    assert neutralised_row(["=1", 2, "x", Decimal("-3")]) == ["'=1", 2, "x", Decimal("-3")]


@given(st.text())
def test_a_neutralised_text_never_starts_a_formula_and_reads_back_as_it_was(text):
    written = neutralised(text)
    assert not written.startswith(FORMULA_STARTS)
    assert restored(written) == text


@given(st.text())
def test_a_text_that_needs_nothing_is_left_alone(text):
    if not text.lstrip("'").startswith(FORMULA_STARTS):
        assert neutralised(text) == text


csv_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@given(first_name=csv_text, goal=csv_text)
def test_the_transfer_format_reads_back_what_it_wrote(first_name, goal):
    rows = [{"personnummer": "199001010017", "first_name": first_name, "last_name": goal}]
    text = table_csv("participants", rows)
    for cells in csv.reader(io.StringIO(text, newline="")):
        assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)
    (row,) = table_from_csv("participants", text.encode("utf-8")).rows
    assert (row.values["first_name"], row.values["last_name"]) == (first_name, goal)
