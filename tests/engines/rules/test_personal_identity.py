"""Personal identity numbers: a table of written forms, and properties over generated numbers."""

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from personnummer import personnummer

from jobbtorg.engines.rules.personal_identity import (
    InvalidPersonalIdentityNumber,
    parse_personal_identity_number,
)

TODAY = dt.date(2026, 11, 22)

VALID = [
    # written form, stored form, coordination number, birth date
    ("19900101-0017", "199001010017", False, dt.date(1990, 1, 1)),
    ("199001010017", "199001010017", False, dt.date(1990, 1, 1)),
    ("900101-0017", "199001010017", False, dt.date(1990, 1, 1)),
    ("9001010017", "199001010017", False, dt.date(1990, 1, 1)),
    (" 19900101 - 0017 ", "199001010017", False, dt.date(1990, 1, 1)),
    ("121212-1212", "201212121212", False, dt.date(2012, 12, 12)),
    ("121212+1212", "191212121212", False, dt.date(1912, 12, 12)),
    ("701063-2391", "197010632391", True, dt.date(1970, 10, 3)),
    ("19701063-2391", "197010632391", True, dt.date(1970, 10, 3)),
]

INVALID = [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "format"),
    ("12345", "format"),
    ("19900101-00171", "format"),
    ("19900101_0017", "format"),
    ("19900101-0018", "control_digit"),
    ("900101-0018", "control_digit"),
    ("19900230-0001", "date"),
    ("19901301-0001", "date"),
    ("19900100-0001", "date"),
    ("19900132-0001", "date"),
    ("19010229-0001", "date"),
    ("701092-0001", "date"),
    ("20991231-0000", "future"),
    ("20261123-0000", "future"),
]


@pytest.mark.parametrize(("written", "stored", "coordination", "born"), VALID)
def test_valid_written_forms_give_one_stored_form(written, stored, coordination, born):
    identity = parse_personal_identity_number(written, today=TODAY)
    assert identity.number == stored
    assert identity.is_coordination_number is coordination
    assert identity.birth_date == born
    assert identity.display == f"{stored[:8]}-{stored[8:]}"


@pytest.mark.parametrize(("written", "code"), INVALID)
def test_invalid_numbers_are_refused_with_the_reason(written, code):
    with pytest.raises(InvalidPersonalIdentityNumber) as raised:
        parse_personal_identity_number(written, today=TODAY)
    assert raised.value.code == code


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
serials = st.integers(min_value=1, max_value=999)


def _with_control_digit(stem: str) -> str:
    return next(stem + d for d in "0123456789" if personnummer.valid(stem + d))


@given(born=dates, serial=serials, coordination=st.booleans())
def test_every_valid_number_parses_and_its_stored_form_parses_to_itself(born, serial, coordination):
    day = born.day + (60 if coordination else 0)
    number = _with_control_digit(f"{born:%Y%m}{day:02d}{serial:03d}")
    identity = parse_personal_identity_number(number, today=TODAY)
    assert identity.number == number
    assert identity.birth_date == born
    assert identity.is_coordination_number is coordination
    assert parse_personal_identity_number(identity.display, today=TODAY) == identity


@given(born=dates, serial=serials, wrong=st.integers(min_value=1, max_value=9))
def test_any_wrong_control_digit_is_caught(born, serial, wrong):
    number = _with_control_digit(f"{born:%Y%m%d}{serial:03d}")
    tampered = number[:-1] + str((int(number[-1]) + wrong) % 10)
    with pytest.raises(InvalidPersonalIdentityNumber) as raised:
        parse_personal_identity_number(tampered, today=TODAY)
    assert raised.value.code == "control_digit"


@given(text=st.text(max_size=20))
def test_arbitrary_text_either_parses_or_raises_the_domain_error(text):
    try:
        identity = parse_personal_identity_number(text, today=TODAY)
    except InvalidPersonalIdentityNumber as error:
        assert error.code in {"empty", "format", "date", "future", "control_digit"}
    else:
        assert re.fullmatch(r"[0-9]{12}", identity.number)


def test_digits_of_other_scripts_are_not_taken_for_a_number():
    with pytest.raises(InvalidPersonalIdentityNumber) as raised:
        parse_personal_identity_number("١٩٩٠٠١٠١٠٠١٧", today=TODAY)
    assert raised.value.code == "format"
