"""Organisation numbers: one canonical form (ten digits) and a refusal for what is not one."""

import pytest

from jobbtorg.engines.rules.organisation_number import (
    InvalidOrganisationNumber,
    organisation_number_canonical,
)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("556016-0680", "5560160680"),
        ("5560160680", "5560160680"),
        (" 556016-0680 ", "5560160680"),
        ("16556016-0680", "5560160680"),
    ],
)
def test_valid_numbers_are_stored_as_ten_digits(text, canonical):
    assert organisation_number_canonical(text) == canonical


@pytest.mark.parametrize("text", ["", "556016-0681", "12345", "abcdefghij", "556016-068"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(InvalidOrganisationNumber) as refused:
        organisation_number_canonical(text)
    assert refused.value.text == text
